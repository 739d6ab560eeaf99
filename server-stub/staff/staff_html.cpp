// The staff pages' HTML (staff_html.hpp).
#include "staff_html.hpp"

#include "deltag/catalog.hpp"
#include "deltag/mail.hpp"
#include "deltag/text.hpp"

namespace deltag::server {

namespace {

const char* const statuses[] = {"confirmed", "waitlisted", "received", "cancelled", "declined", "handed_over"};

std::string t(const std::string& lang, std::string_view key, const std::map<std::string, std::string>& params = {}) {
    return html_escape(message(lang, key, params));
}

std::string page(const std::string& lang, const std::string& title, const std::string& body) {
    return "<!doctype html>\n<html lang=\"" + html_escape(lang) +
           "\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
           "<title>" + title + " – Deltag</title><link rel=\"stylesheet\" href=\"/staff.css\"></head><body>" + body +
           "</body></html>\n";
}

std::string notice_html(const Notice& n) {
    if (n.text.empty()) return "<div role=\"status\" class=\"notice\"></div>";
    return std::string(n.alert ? "<div role=\"alert\" class=\"notice error\">" : "<div role=\"status\" class=\"notice\">") +
           "<p>" + html_escape(n.text) + "</p></div>";
}

std::string csrf_input(const std::string& csrf) {
    return "<input type=\"hidden\" name=\"csrf\" value=\"" + html_escape(csrf) + "\">";
}

std::string top_nav(const std::string& lang, const std::string& csrf, bool back) {
    std::string out = "<nav class=\"top\">";
    if (back) out += "<a href=\"/staff/events\">" + t(lang, "staff.back") + "</a>";
    out += "<form method=\"post\" action=\"/staff/logout\">" + csrf_input(csrf) + "<button type=\"submit\">" +
           t(lang, "staff.logout") + "</button></form></nav>";
    return out;
}

// A per-row action: the reference in a visually hidden span gives each button its own name.
std::string row_button(const std::string& lang, const char* action, const std::string& ref) {
    return "<button type=\"submit\" name=\"do\" value=\"" + std::string(action) + "|" + html_escape(ref) + "\">" +
           t(lang, std::string("staff.action.") + action) + "<span class=\"vh\"> " + html_escape(ref) + "</span></button>";
}

} // namespace

// The core's escaping, the same the mails use.
std::string html_escape(std::string_view s) { return escape_html(s); }

std::string staff_login_page(const std::string& lang, const Notice& notice) {
    const std::string title = t(lang, "staff.login.title");
    return page(lang, title,
                "<main><h1>" + title + "</h1>" + notice_html(notice) +
                    "<form method=\"post\" action=\"/staff/login\"><p><label for=\"token\">" +
                    t(lang, "staff.login.token") +
                    "</label><input id=\"token\" name=\"token\" type=\"password\" autocomplete=\"current-password\" "
                    "required></p><p><button type=\"submit\">" +
                    t(lang, "staff.login.submit") + "</button></p></form></main>");
}

std::string staff_events_page(const std::string& lang, const std::vector<Event>& events, const std::string& csrf) {
    const std::string title = t(lang, "staff.events.title");
    std::string list = "<ul class=\"events\">";
    for (const auto& ev : events)
        list += "<li><a href=\"/staff/events/" + html_escape(ev.id) + "\">" + html_escape(pick(ev.title, lang)) +
                "</a></li>";
    list += "</ul>";
    return page(lang, title, "<header>" + top_nav(lang, csrf, false) + "</header><main><h1>" + title + "</h1>" + list + "</main>");
}

std::string staff_event_page(const StaffEventPage& p) {
    const std::string& lang = p.lang;
    const Event& ev = *p.event;
    const std::string base = "/staff/events/" + html_escape(ev.id);
    const std::string title = t(lang, "staff.event.title", {{"title", pick(ev.title, lang)}});
    std::string body = "<header>" + top_nav(lang, p.csrf, true) + "</header><main><h1>" + title + "</h1>" +
                       notice_html(p.notice);
    body += "<p>" +
            t(lang, "staff.counts",
              {{"confirmed", std::to_string(p.counts.confirmed)},
               {"capacity", ev.capacity ? std::to_string(*ev.capacity) : message(lang, "staff.unlimited")},
               {"waitlisted", std::to_string(p.counts.waitlisted)},
               {"received", std::to_string(p.counts.received)}}) +
            "</p>";
    // The filter offers statuses only: never a sensitive answer (LEGAL_BAR.md, IMY).
    body += "<form method=\"get\" action=\"" + base + "\" class=\"filter\"><label for=\"status\">" +
            t(lang, "staff.filter.label") + "</label><select id=\"status\" name=\"status\"><option value=\"\">" +
            t(lang, "staff.filter.all") + "</option>";
    for (const char* s : statuses)
        body += std::string("<option value=\"") + s + "\"" + (p.filter == s ? " selected" : "") + ">" +
                t(lang, std::string("staff.status.") + s) + "</option>";
    body += "</select><button type=\"submit\">" + t(lang, "staff.filter.submit") + "</button></form>";
    body += "<p><a href=\"" + base + "/registrations.csv\">" + t(lang, "staff.csv") + "</a></p>";

    body += "<form method=\"post\" action=\"" + base + "/act\">" + csrf_input(p.csrf) +
            // A disabled first submit button: Enter in a field submits nothing (implicit
            // submission would otherwise press the first row's first action).
            "<button type=\"submit\" disabled hidden aria-hidden=\"true\" tabindex=\"-1\"></button>";
    bool any_application = false;
    if (p.rows.empty()) {
        body += "<p>" + t(lang, "staff.none") + "</p>";
    } else {
        body += "<table><caption class=\"vh\">" + title + "</caption><thead><tr><th scope=\"col\">" +
                t(lang, "staff.col.select") + "</th><th scope=\"col\">" + t(lang, "staff.col.reference") +
                "</th><th scope=\"col\">" + t(lang, "staff.col.name") + "</th><th scope=\"col\">" +
                t(lang, "staff.col.email") + "</th><th scope=\"col\">" + t(lang, "staff.col.organisation") +
                "</th><th scope=\"col\">" + t(lang, "staff.col.status") + "</th><th scope=\"col\">" +
                t(lang, "staff.col.actions") + "</th></tr></thead><tbody>";
        for (const auto& r : p.rows) {
            const std::string ref = html_escape(r.reference);
            body += "<tr><td>";
            if (r.status == "received") {
                any_application = true;
                body += "<input type=\"checkbox\" name=\"ref\" value=\"" + ref + "\" id=\"sel-" + ref + "\">"
                        "<label for=\"sel-" + ref + "\" class=\"vh\">" +
                        t(lang, "staff.select_row", {{"reference", r.reference}}) + "</label>";
            }
            body += "</td><th scope=\"row\">" + ref + "</th><td>" + html_escape(r.name) + "</td><td>" +
                    html_escape(r.email) + "</td><td>" + html_escape(r.organisation) + "</td><td>" +
                    t(lang, "staff.status." + r.status);
            if (r.waitlist_position)
                body += "<br>" + t(lang, "staff.position", {{"n", std::to_string(*r.waitlist_position)}});
            body += "</td><td class=\"actions\">";
            if (r.status == "received") body += row_button(lang, "accept", r.reference) + row_button(lang, "decline", r.reference);
            if (r.status == "waitlisted") body += row_button(lang, "move", r.reference);
            if (r.status == "confirmed" || r.status == "waitlisted" || r.status == "received")
                body += row_button(lang, "cancel", r.reference) + "<a href=\"" + base + "/substitute?ref=" + ref + "\">" +
                        t(lang, "staff.action.substitute") + "<span class=\"vh\"> " + ref + "</span></a>";
            body += row_button(lang, "resend", r.reference) + "<a href=\"" + base + "/mail?ref=" + ref + "\">" +
                    t(lang, "staff.action.mail_log") + "<span class=\"vh\"> " + ref + "</span></a></td></tr>";
        }
        body += "</tbody></table>";
    }
    if (any_application || ev.mode == Mode::application)
        body += "<fieldset><legend>" + t(lang, "staff.decide.legend") + "</legend><p><label for=\"message\">" +
                t(lang, "staff.decide.message") +
                "</label><textarea id=\"message\" name=\"message\" rows=\"3\" maxlength=\"2000\"></textarea></p><p>"
                "<button type=\"submit\" name=\"do\" value=\"accept\">" +
                t(lang, "staff.decide.accept") + "</button><button type=\"submit\" name=\"do\" value=\"decline\">" +
                t(lang, "staff.decide.decline") + "</button></p></fieldset>";
    body += "</form></main>";
    return page(lang, title, body);
}

std::string staff_substitute_page(const std::string& lang, const Event& ev, const std::string& reference,
                                  const std::string& csrf, const Notice& notice) {
    const std::string base = "/staff/events/" + html_escape(ev.id);
    const std::string title = t(lang, "staff.action.for", {{"action", message(lang, "staff.action.substitute")},
                                                          {"reference", reference}});
    return page(lang, title,
                "<header>" + top_nav(lang, csrf, true) + "</header><main><h1>" + title + "</h1>" + notice_html(notice) +
                    "<form method=\"post\" action=\"" + base + "/substitute\">" + csrf_input(csrf) +
                    "<input type=\"hidden\" name=\"ref\" value=\"" + html_escape(reference) +
                    "\"><p><label for=\"name\">" + t(lang, "staff.substitute.name") +
                    "</label><input id=\"name\" name=\"name\" autocomplete=\"off\" required></p><p><label for=\"email\">" +
                    t(lang, "staff.substitute.email") +
                    "</label><input id=\"email\" name=\"email\" type=\"email\" autocomplete=\"off\" required></p><p>"
                    "<button type=\"submit\">" +
                    t(lang, "staff.action.substitute") + "</button></p></form><p><a href=\"" + base + "\">" +
                    t(lang, "staff.mail_log.back") + "</a></p></main>");
}

std::string staff_mail_log_page(const std::string& lang, const Event& ev, const std::string& reference,
                                const std::vector<MailLogEntry>& entries) {
    const std::string base = "/staff/events/" + html_escape(ev.id);
    const std::string title = t(lang, "staff.mail_log.title", {{"reference", reference}});
    std::string body = "<main><h1>" + title + "</h1>";
    if (entries.empty()) {
        body += "<p>" + t(lang, "staff.mail_log.none") + "</p>";
    } else {
        body += "<table><caption>" + title + "</caption><thead><tr>";
        for (const char* key : {"staff.mail_log.when", "staff.mail_log.kind", "staff.mail_log.status",
                                "staff.mail_log.attempts", "staff.mail_log.reply"})
            body += "<th scope=\"col\">" + t(lang, key) + "</th>";
        body += "</tr></thead><tbody>";
        for (const auto& e : entries)
            body += "<tr><td>" + html_escape(e.when) + "</td><td>" + html_escape(e.kind) + "</td><td>" +
                    html_escape(e.status) + "</td><td>" + std::to_string(e.attempts) + "</td><td>" +
                    html_escape(e.last_reply) + "</td></tr>";
        body += "</tbody></table>";
    }
    body += "<p><a href=\"" + base + "\">" + t(lang, "staff.mail_log.back") + "</a></p></main>";
    return page(lang, title, body);
}

} // namespace deltag::server
