// Random references and tokens, hashing and constant-time comparison (OpenSSL's libcrypto).
// Depends on the standard library and libcrypto only.
#pragma once
#include <string>
#include <string_view>

namespace deltag::server {

// "DLT-7K4M-Q2XZ-9ABC": 60 random bits in Crockford base32, easy to read out on the phone.
std::string random_reference();
// 64 hex characters (256 random bits).
std::string random_token();
// Lower-case hex SHA-256.
std::string sha256_hex(std::string_view data);
// Equal without leaking where the first difference is (lengths may leak).
bool constant_time_equal(std::string_view a, std::string_view b);

} // namespace deltag::server
