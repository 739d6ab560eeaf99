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
// Lower-case hex HMAC-SHA256 of `data` under `key`.
std::string hmac_sha256_hex(std::string_view key, std::string_view data);
// The registration's manage token (64 hex): derived from the installation's secret, so every
// mail can carry the manage link while the database keeps only its hash. A seat handed to a
// colleague becomes a new registration with a new reference, hence a new token.
std::string manage_token(std::string_view install_secret, std::string_view reference);
// 64 hex characters of new random secret for an installation (kept in a file, 0600).
inline std::string new_install_secret() { return random_token(); }
// Equal without leaking where the first difference is (lengths may leak).
bool constant_time_equal(std::string_view a, std::string_view b);

} // namespace deltag::server
