// The staff page's session: the admin token is exchanged once for a stateless cookie (expiry
// plus an HMAC over it under a key derived from the installation's secret and the admin
// token, so every node agrees without shared state and a new admin token ends all sessions),
// and each form carries a CSRF token bound to that session. Depends on secrets.hpp only.
#pragma once
#include "deltag/time.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace deltag::server {

constexpr const char* staff_cookie_name = "deltag_staff";
constexpr UnixTime staff_session_seconds = 8 * 3600; // one working day

class StaffSessions {
public:
    StaffSessions(std::string_view install_secret, std::string_view admin_token);
    // "<expiry>.<64 hex>"
    std::string issue(UnixTime now) const;
    bool valid(std::string_view session, UnixTime now) const;
    std::string csrf_for(std::string_view session) const;
    bool csrf_valid(std::string_view session, std::string_view csrf) const;
    // The Set-Cookie value: HttpOnly, SameSite=Strict, Path=/staff, Secure when `secure`.
    static std::string set_cookie(std::string_view session, bool secure, UnixTime max_age);

private:
    std::string key_;
};

// Our cookie's value in a Cookie header (which may carry the host site's own cookies too),
// when it has the strict shape "<digits>.<64 hex>"; nullopt otherwise.
std::optional<std::string> staff_cookie(std::string_view cookie_header);

} // namespace deltag::server
