// Stateless staff sessions and CSRF tokens (staff_session.hpp).
#include "staff_session.hpp"

#include "http_util.hpp"
#include "secrets.hpp"

#include <cctype>

namespace deltag::server {

StaffSessions::StaffSessions(std::string_view install_secret, std::string_view admin_token)
    : key_(hmac_sha256_hex(install_secret, "deltag staff session v1|" + sha256_hex(admin_token))) {}

std::string StaffSessions::issue(UnixTime now) const {
    const std::string expiry = std::to_string(now + staff_session_seconds);
    return expiry + "." + hmac_sha256_hex(key_, "session|" + expiry);
}

bool StaffSessions::valid(std::string_view session, UnixTime now) const {
    const auto dot = session.find('.');
    if (dot == std::string_view::npos || dot == 0 || dot > 12) return false;
    const std::string expiry(session.substr(0, dot));
    for (char c : expiry)
        if (!std::isdigit(static_cast<unsigned char>(c))) return false;
    if (!constant_time_equal(session.substr(dot + 1), hmac_sha256_hex(key_, "session|" + expiry))) return false;
    return std::stoll(expiry) > now;
}

std::string StaffSessions::csrf_for(std::string_view session) const {
    return hmac_sha256_hex(key_, "csrf|" + std::string(session));
}

bool StaffSessions::csrf_valid(std::string_view session, std::string_view csrf) const {
    return is_hex_token(csrf) && constant_time_equal(csrf, csrf_for(session));
}

std::string StaffSessions::set_cookie(std::string_view session, bool secure, UnixTime max_age) {
    return std::string(staff_cookie_name) + "=" + std::string(session) + "; Path=/staff; Max-Age=" +
           std::to_string(max_age) + "; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "");
}

std::optional<std::string> staff_cookie(std::string_view header) {
    const std::string prefix = std::string(staff_cookie_name) + "=";
    while (!header.empty()) {
        const auto semi = header.find(';');
        std::string_view part = header.substr(0, semi);
        header = semi == std::string_view::npos ? std::string_view{} : header.substr(semi + 1);
        while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
        if (part.substr(0, prefix.size()) != prefix) continue;
        std::string_view value = part.substr(prefix.size());
        const auto dot = value.find('.');
        if (dot == std::string_view::npos || dot == 0 || dot > 12 || !is_hex_token(value.substr(dot + 1)))
            return std::nullopt;
        for (char c : value.substr(0, dot))
            if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
        return std::string(value);
    }
    return std::nullopt;
}

} // namespace deltag::server
