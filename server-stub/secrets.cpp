// Randomness from RAND_bytes (the OS CSPRNG), hashing with EVP. Aborts if the CSPRNG fails:
// handing out guessable cancel tokens would be worse than stopping.
#include "secrets.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <array>
#include <cstdio>
#include <cstdlib>

namespace deltag::server {

namespace {

template <std::size_t N> std::array<unsigned char, N> random_bytes() {
    std::array<unsigned char, N> b{};
    if (RAND_bytes(b.data(), static_cast<int>(N)) != 1) {
        std::fputs("deltag-server: the random number generator failed\n", stderr);
        std::abort();
    }
    return b;
}

std::string hex(const unsigned char* p, std::size_t n) {
    static const char digits[] = "0123456789abcdef";
    std::string out;
    out.reserve(n * 2);
    for (std::size_t i = 0; i < n; ++i) {
        out += digits[p[i] >> 4];
        out += digits[p[i] & 15];
    }
    return out;
}

} // namespace

std::string random_reference() {
    static const char alphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"; // Crockford: no I L O U
    const auto b = random_bytes<8>();
    unsigned long long bits = 0;
    for (unsigned char c : b) bits = (bits << 8) | c;
    std::string out = "DLT";
    for (int group = 0; group < 3; ++group) {
        out += '-';
        for (int i = 0; i < 4; ++i) {
            out += alphabet[bits & 31];
            bits >>= 5;
        }
    }
    return out;
}

std::string random_token() {
    const auto b = random_bytes<32>();
    return hex(b.data(), b.size());
}

std::string sha256_hex(std::string_view data) {
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    if (EVP_Digest(data.data(), data.size(), md, &len, EVP_sha256(), nullptr) != 1) {
        std::fputs("deltag-server: SHA-256 failed\n", stderr);
        std::abort();
    }
    return hex(md, len);
}

std::string hmac_sha256_hex(std::string_view key, std::string_view data) {
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    if (!HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
              reinterpret_cast<const unsigned char*>(data.data()), data.size(), md, &len)) {
        std::fputs("deltag-server: HMAC-SHA256 failed\n", stderr);
        std::abort();
    }
    return hex(md, len);
}

std::string manage_token(std::string_view install_secret, std::string_view reference) {
    std::string message = "deltag manage link\n";
    message += reference;
    return hmac_sha256_hex(install_secret, message);
}

bool constant_time_equal(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

} // namespace deltag::server
