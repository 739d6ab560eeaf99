// JSON answers, header grammars and CORS matching. Nothing here echoes request bytes.
#include "http_util.hpp"

#include <algorithm>
#include <cctype>
#include <iterator>

namespace deltag::server {

void send_json(httplib::Response& res, int status, const nlohmann::json& body) {
    res.status = status;
    res.set_header("Cache-Control", "no-store");
    res.set_header("X-Content-Type-Options", "nosniff");
    // Replacement on invalid UTF-8 instead of an exception: a stored answer is never fatal.
    res.set_content(body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
                    "application/json; charset=utf-8");
}

void send_error(httplib::Response& res, int status, std::string_view code) {
    send_json(res, status, {{"code", code}});
}

HeaderValue read_header(const httplib::Request& req, const char* name, Grammar grammar) {
    // The multimap itself, not get_header_value(): that returns the value through a
    // const char* and would silently cut it at a (percent-decoded) NUL byte.
    const auto [first, last] = req.headers.equal_range(name);
    if (first == last) return {};
    if (std::next(first) != last) return {HeaderState::invalid, {}};
    if (!grammar(first->second)) return {HeaderState::invalid, {}};
    return {HeaderState::ok, first->second};
}

namespace {

bool all_of(std::string_view s, bool (*pred)(char)) { return std::all_of(s.begin(), s.end(), pred); }
bool alnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }

} // namespace

bool is_origin(std::string_view s) {
    if (s.size() > 200) return false;
    std::string_view rest;
    if (s.substr(0, 7) == "http://") rest = s.substr(7);
    else if (s.substr(0, 8) == "https://") rest = s.substr(8);
    else return false;
    if (rest.empty()) return false;
    return all_of(rest, [](char c) { return alnum(c) || c == '.' || c == '-' || c == ':' || c == '[' || c == ']'; });
}

bool is_idempotency_key(std::string_view s) {
    return s.size() >= 16 && s.size() <= 64 &&
           all_of(s, [](char c) { return alnum(c) || c == '_' || c == '-'; });
}

bool is_bearer(std::string_view s) {
    constexpr std::string_view prefix = "Bearer ";
    if (s.size() <= prefix.size() || s.size() > 512 || s.substr(0, prefix.size()) != prefix) return false;
    return all_of(s.substr(prefix.size()), [](char c) {
        return alnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '+' || c == '/' || c == '=';
    });
}

bool is_json_content_type(std::string_view s) {
    std::string lower(s);
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    lower.erase(std::remove(lower.begin(), lower.end(), ' '), lower.end());
    return lower == "application/json" || lower == "application/json;charset=utf-8";
}

bool is_hex_token(std::string_view s) {
    return s.size() == 64 && all_of(s, [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

bool is_manage_authorization(std::string_view s) {
    constexpr std::string_view prefix = "Bearer ";
    return s.substr(0, prefix.size()) == prefix && is_hex_token(s.substr(prefix.size()));
}

bool is_reference(std::string_view s) {
    if (s.size() != 18 || s.substr(0, 4) != "DLT-" || s[8] != '-' || s[13] != '-') return false;
    for (std::size_t i = 4; i < s.size(); ++i)
        if (i != 8 && i != 13 && !(std::isdigit(static_cast<unsigned char>(s[i])) ||
                                   std::isupper(static_cast<unsigned char>(s[i]))))
            return false;
    return true;
}

const std::string* Cors::match(std::string_view origin) const {
    for (const auto& o : origins_)
        if (o == origin) return &o;
    return nullptr;
}

std::string loggable_path(const std::string& path) {
    constexpr std::string_view regs = "/api/v1/registrations/";
    if (path.compare(0, regs.size(), regs) == 0) {
        const auto slash = path.find('/', regs.size());
        return std::string(regs) + "{reference}" + (slash == std::string::npos ? "" : path.substr(slash));
    }
    return path.size() > 200 ? path.substr(0, 200) : path;
}

} // namespace deltag::server
