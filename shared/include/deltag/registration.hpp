// The registration payload the widget posts and the server parses: strict JSON, no
// exceptions, every malformation with a stable code.
#pragma once
#include "deltag/error.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace deltag {

constexpr std::size_t max_payload_bytes = 64 * 1024;
constexpr std::size_t max_string_bytes = 8 * 1024;

struct Registration {
    std::string event;                            // event id
    nlohmann::json answers = nlohmann::json::object();
    std::string locale;                           // "sv", "da", "en"
    std::map<std::string, std::string> consents;  // consent field id -> version agreed to
    std::string idempotency_key;                  // 16..64 of [A-Za-z0-9_-]
    std::optional<std::int64_t> fill_ms;          // how long the visitor took to fill in (client clock)
    std::string honeypot;                         // key "honeypot"; a hidden field people leave empty
};

// Codes: payload.too_large, payload.nul_byte, payload.malformed, payload.duplicate_key,
// payload.unknown_field, payload.wrong_type, payload.missing_field, payload.too_long,
// payload.bad_key, payload.bad_locale
Result<Registration> parse_registration(std::string_view body);
// Every text in the answers (strings, and strings in arrays) as NFC (nfc.hpp): the server
// calls it before validation and storage, so one answer has one spelling (issue 12).
void normalise_answers_nfc(nlohmann::json& answers);
std::string to_json_text(const Registration& r);

// Strict parse of any untrusted JSON text: rejects NUL bytes and duplicate keys.
Result<nlohmann::json> parse_strict_json(std::string_view text);

} // namespace deltag
