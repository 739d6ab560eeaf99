// The staff pages' HTML, rendered on the server: works without JavaScript or the widget;
// every string from the catalogs; labelled controls, a table with headers, messages in
// role=status / role=alert. No inline script or style (CSP). Knows no HTTP or SQL.
#pragma once
#include "store.hpp"
#include "store_manage.hpp"

#include <string>
#include <vector>

namespace deltag::server {

std::string html_escape(std::string_view s);

// A message above the page's content: `alert` for a refusal, else a status.
struct Notice {
    std::string text;
    bool alert = false;
};

std::string staff_login_page(const std::string& lang, const Notice& notice);
std::string staff_events_page(const std::string& lang, const std::vector<Event>& events, const std::string& csrf);

struct StaffEventPage {
    const Event* event = nullptr;
    std::string lang, csrf, filter;
    Store::Counts counts;
    std::vector<StaffRow> rows;
    Notice notice;
};
std::string staff_event_page(const StaffEventPage& p);
std::string staff_substitute_page(const std::string& lang, const Event& ev, const std::string& reference,
                                  const std::string& csrf, const Notice& notice);
// One registration's mails (mail_outbox.hpp mail_log), oldest first, in a table: when it was
// queued, which mail, its status, attempts and the SMTP server's last reply (a 550 shows here).
struct MailLogEntry {
    std::string kind, status, when, last_reply;
    int attempts = 0;
};
std::string staff_mail_log_page(const std::string& lang, const Event& ev, const std::string& reference,
                                const std::vector<MailLogEntry>& entries);

} // namespace deltag::server
