// HTTP plumbing shared by the route files: JSON answers with stable codes, the strict
// grammar of every request header the server reads, and the CORS allow-list.
// Depends on cpp-httplib and nlohmann/json; knows no routes.
#pragma once
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace deltag::server {

void send_json(httplib::Response& res, int status, const nlohmann::json& body);
// {"code": code}; every error body has one.
void send_error(httplib::Response& res, int status, std::string_view code);

// Debian's cpp-httplib percent-decodes header values, so a value may hold CR, LF or NUL
// after decoding: every header we read must match a strict grammar and occur once.
enum class HeaderState { absent, invalid, ok };
struct HeaderValue {
    HeaderState state = HeaderState::absent;
    std::string value;
};
using Grammar = bool (*)(std::string_view);
HeaderValue read_header(const httplib::Request& req, const char* name, Grammar grammar);

bool is_origin(std::string_view s);          // scheme://host[:port]
bool is_idempotency_key(std::string_view s); // 16..64 of [A-Za-z0-9_-]
bool is_bearer(std::string_view s);          // "Bearer " token68
bool is_json_content_type(std::string_view s); // application/json[; charset=utf-8]
bool is_hex_token(std::string_view s);       // 64 lower-case hex digits (cancel tokens)
bool is_reference(std::string_view s);       // DLT-XXXX-XXXX-XXXX
bool is_manage_authorization(std::string_view s); // "Bearer " + a manage token (64 hex)

// The allow-list of origins that may call the API from a browser. Never "*".
class Cors {
public:
    explicit Cors(std::vector<std::string> origins) : origins_(std::move(origins)) {}
    void add(std::string origin) { origins_.push_back(std::move(origin)); }
    // The allow-list's own copy of the origin (never the request's bytes), or nullptr.
    const std::string* match(std::string_view origin) const;

private:
    std::vector<std::string> origins_;
};

// Path for log lines: references and query strings cut off (no personal data in logs).
std::string loggable_path(const std::string& path);

} // namespace deltag::server
