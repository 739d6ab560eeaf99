// Composes each mail (subject, plain text, HTML, calendar files) from the registration and the
// event, in the registrant's language. The HTML part is one column of semantic markup with the
// language and direction set, no images, no styles from elsewhere and no tracking.
// Std + nlohmann/json only.
#include "deltag/languages.hpp"
#include "deltag/mail.hpp"

#include "deltag/catalog.hpp"
#include "deltag/embedded.hpp"
#include "deltag/ics.hpp"
#include "deltag/json_text.hpp"
#include "deltag/organisations.hpp"
#include "deltag/time.hpp"

#include <algorithm>

namespace deltag {
namespace {

using Params = std::map<std::string, std::string>;
using Table = std::map<std::string, std::string, std::less<>>;

const std::map<std::string, Table, std::less<>>& mail_tables() {
    static const auto all = [] {
        std::map<std::string, Table, std::less<>> t;
        // Every language with a mail catalog compiled in (mail.fi.json, mail.de.json, ...).
        for (const std::string& lang : catalog_languages()) {
            const nlohmann::json j = parse_json(embedded_file("mail." + lang + ".json"));
            if (!j.is_object())
                continue;
            Table table;
            for (auto it = j.begin(); it != j.end(); ++it)
                if (it->is_string())
                    table.emplace(it.key(), it->get<std::string>());
            t.emplace(lang, std::move(table));
        }
        return t;
    }();
    return all;
}

const std::string* lookup(std::string_view lang, std::string_view key) {
    auto table = mail_tables().find(lang);
    if (table == mail_tables().end())
        return nullptr;
    auto it = table->second.find(key);
    return it == table->second.end() ? nullptr : &it->second;
}


// "3 december 2099, kl. 09:15–12:15" in the event's own local time (the offset written in the
// file), so the time reads as on the agency's page.
std::string when_text(const std::string& lang, const Session& s, bool with_time) {
    const int offset = iso8601_offset_minutes(s.start).value_or(central_european_offset_minutes(s.start_utc));
    const std::string start = format_iso8601(s.start_utc, offset); // YYYY-MM-DDTHH:MM:SS+hh:mm
    const std::string end = format_iso8601(s.end_utc, offset);
    if (start.size() < 16 || end.size() < 16)
        return s.start;
    const int month = std::stoi(start.substr(5, 2));
    std::string day = start.substr(8, 2);
    if (day[0] == '0')
        day.erase(0, 1);
    const Params p{{"day", day},
                   {"month", mail_text(lang, "mail.month." + std::to_string(month))},
                   {"year", start.substr(0, 4)},
                   {"start", start.substr(11, 5)},
                   {"end", end.substr(11, 5)}};
    return mail_text(lang, with_time ? "mail.date" : "mail.date_short", p);
}

std::string where_text(const std::string& lang, const Venue& v) {
    if (!v.online_platform.empty())
        return mail_text(lang, "mail.online_via", {{"platform", v.online_platform}});
    std::string out;
    for (const std::string& part : {pick(v.name, lang), v.address, v.city}) {
        if (part.empty() || out.find(part) != std::string::npos)
            continue; // "Kulturhuset, Stockholm" already names the city
        if (!out.empty())
            out += ", ";
        out += part;
    }
    return out;
}

std::string option_label(const Field& f, const std::string& value, const std::string& lang) {
    for (const Option& o : f.options)
        if (o.value == value)
            return pick(o.label, lang);
    return value;
}

// What the visitor answered, for their own check; empty when the field is not shown in mails.
std::string answer_text(const Field& f, const nlohmann::json& v, const std::string& lang) {
    switch (f.type) {
    case FieldType::checkbox:
        return v.is_boolean() ? mail_text(lang, v.get<bool>() ? "mail.yes" : "mail.no") : "";
    case FieldType::select:
    case FieldType::radio:
        return v.is_string() ? option_label(f, v.get<std::string>(), lang) : "";
    case FieldType::checkbox_group: {
        std::string out;
        if (v.is_array())
            for (const auto& item : v)
                if (item.is_string())
                    out += (out.empty() ? "" : ", ") + option_label(f, item.get<std::string>(), lang);
        return out;
    }
    case FieldType::organisation: {
        if (!v.is_object())
            return "";
        if (auto other = v.find("other"); other != v.end() && other->is_string())
            return other->get<std::string>();
        auto country = v.find("country");
        auto code = v.find("code");
        if (country == v.end() || code == v.end() || !country->is_string() || !code->is_string())
            return "";
        const Municipality* m = find_municipality(country->get<std::string>(), code->get<std::string>());
        return m ? m->name : code->get<std::string>();
    }
    case FieldType::consent:
        return ""; // what was agreed to is in the privacy text, not worth repeating
    default:
        if (v.is_string())
            return v.get<std::string>();
        if (v.is_number())
            return v.dump();
        return "";
    }
}

struct Line {
    std::string label, value;
};

// The answers a mail may show: never a sensitive field (special-category data must not sit
// in mailboxes and mail logs), never one hidden by visible_if.
std::vector<Line> answer_lines(const Form& form, const nlohmann::json& answers, const std::string& lang) {
    std::vector<Line> out;
    if (!answers.is_object())
        return out;
    for (const Field& f : form.fields) {
        if (f.sensitive || !is_visible(form, f, answers))
            continue;
        auto it = answers.find(f.id);
        if (it == answers.end())
            continue;
        std::string text = answer_text(f, *it, lang);
        if (!text.empty())
            out.push_back({pick(f.label, lang), std::move(text)});
    }
    return out;
}

std::string string_of(const nlohmann::json& j, const char* key) {
    auto it = j.find(key);
    if (it == j.end())
        return "";
    if (it->is_string())
        return it->get<std::string>();
    if (it->is_number_integer())
        return it->dump();
    return "";
}

std::string text_paragraphs(const std::string& text) {
    // Line breaks of the organiser's message stay line breaks in HTML.
    std::string out;
    for (char c : escape_html(text))
        out += c == '\n' ? std::string("<br>") : std::string(1, c);
    return out;
}

} // namespace

std::string session_when(std::string_view lang, const Session& session) {
    return when_text(std::string(lang), session, true);
}

std::string escape_html(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (char c : s) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&#39;"; break;
        default: out += c;
        }
    }
    return out;
}

const std::vector<std::string>& mail_kinds() {
    static const std::vector<std::string> kinds{
        "confirmation",         "waitlisted",           "promoted", "cancelled",
        "application_received", "application_accepted", "application_declined",
        "reminder",             "substitute_new",       "substitute_old", "manage_link"};
    return kinds;
}

bool mail_gives_seat(std::string_view kind) {
    return kind == "confirmation" || kind == "promoted" || kind == "application_accepted" ||
           kind == "reminder" || kind == "substitute_new";
}

// The first language of the reader's fallback chain (languages.hpp) that has mail texts.
std::string mail_language(std::string_view lang) {
    const std::string primary(lang.substr(0, lang.find('-')));
    for (const std::string& l : fallback_chain(primary))
        if (mail_tables().count(l))
            return l;
    return "en";
}

std::string mail_text(std::string_view lang, std::string_view key, const Params& params) {
    for (std::string_view l : {lang, std::string_view("en"), std::string_view("sv")})
        if (const std::string* s = lookup(l, key))
            return fill_placeholders(*s, params);
    return std::string(key);
}

std::vector<std::string> mail_catalog_keys(std::string_view lang) {
    std::vector<std::string> keys;
    auto table = mail_tables().find(lang);
    if (table != mail_tables().end())
        for (const auto& [key, text] : table->second)
            keys.push_back(key);
    return keys;
}

std::string recipient_email(const Form& form, const nlohmann::json& answers) {
    if (!answers.is_object())
        return "";
    for (const Field& f : form.fields)
        if (f.type == FieldType::email)
            if (auto it = answers.find(f.id); it != answers.end() && it->is_string())
                return it->get<std::string>();
    return "";
}

std::string recipient_name(const Form& form, const nlohmann::json& answers) {
    if (!answers.is_object())
        return "";
    auto value = [&](std::string_view autocomplete) -> std::string {
        for (const Field& f : form.fields)
            if (f.autocomplete == autocomplete && !f.sensitive)
                if (auto it = answers.find(f.id); it != answers.end() && it->is_string())
                    return it->get<std::string>();
        return "";
    };
    std::string name = value("name");
    if (name.empty()) {
        name = value("given-name");
        const std::string family = value("family-name");
        if (!family.empty())
            name += (name.empty() ? "" : " ") + family;
    }
    return name;
}

Mail compose_mail(const MailRequest& r) {
    Mail m;
    m.lang = mail_language(r.lang);
    const std::string& lang = m.lang;
    if (!r.event)
        return m;
    const Event& ev = *r.event;
    const std::string title = pick(ev.title, lang);
    const std::string name = recipient_name(ev.form, r.answers);
    const bool seat = mail_gives_seat(r.kind) && r.status == "confirmed";

    Params p{{"title", title}, {"position", string_of(r.extra, "position")}, {"to_name", string_of(r.extra, "to_name")}};
    if (!ev.sessions.empty())
        p["date"] = when_text(lang, ev.sessions.front(), false);
    m.subject = mail_text(lang, "mail.subject." + r.kind, p);
    const std::string greeting =
        name.empty() ? mail_text(lang, "mail.greeting_anonymous") : mail_text(lang, "mail.greeting", {{"name", name}});
    const std::string lead = mail_text(lang, "mail.lead." + r.kind, p);
    const std::string message = string_of(r.extra, "message");

    std::vector<Line> details;
    for (const Session& s : ev.sessions) {
        std::string when = when_text(lang, s, true);
        const std::string part = pick(s.title, lang);
        if (ev.sessions.size() > 1 && !part.empty())
            when = part + ": " + when;
        details.push_back({mail_text(lang, "mail.when"), when});
        const std::string where = where_text(lang, s.venue);
        if (!where.empty())
            details.push_back({mail_text(lang, "mail.where"), where});
    }
    details.push_back({mail_text(lang, "mail.reference"), r.reference});
    const std::vector<Line> answers = answer_lines(ev.form, r.answers, lang);
    const bool join = seat && !ev.join_url.empty();
    const bool calendar = seat && !ev.sessions.empty();

    // Plain text.
    std::string& t = m.text;
    t += greeting + "\n\n" + lead + "\n\n";
    if (!message.empty())
        t += mail_text(lang, "mail.organiser_message") + ":\n" + message + "\n\n";
    t += mail_text(lang, "mail.details") + "\n";
    t += title + "\n";
    for (const Line& l : details)
        t += l.label + ": " + l.value + "\n";
    if (join)
        t += mail_text(lang, "mail.join") + ": " + ev.join_url + "\n" + mail_text(lang, "mail.join_note") + "\n";
    t += "\n";
    if (!answers.empty()) {
        t += mail_text(lang, "mail.your_details") + "\n";
        for (const Line& l : answers)
            t += l.label + ": " + l.value + "\n";
        t += "\n";
    }
    t += mail_text(lang, "mail.manage") + "\n" + r.manage_url + "\n" + mail_text(lang, "mail.manage_keep") + "\n";
    if (calendar)
        t += "\n" + mail_text(lang, "mail.calendar_attached") + "\n";
    const std::string organiser = pick(ev.organiser, lang);
    t += "\n-- \n";
    if (!ev.contact.email.empty())
        t += mail_text(lang, "mail.contact", {{"name", ev.contact.name}, {"email", ev.contact.email}}) + "\n";
    t += mail_text(lang, "mail.footer", {{"organiser", organiser}}) + "\n";

    // HTML: headings, a definition list and one link per action; readable without styles.
    std::string& h = m.html;
    h += "<!DOCTYPE html>\n<html lang=\"" + lang + "\" dir=\"ltr\">\n<head>\n<meta charset=\"utf-8\">\n"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>" +
         escape_html(m.subject) + "</title>\n</head>\n<body>\n<main>\n";
    h += "<h1>" + escape_html(m.subject) + "</h1>\n";
    h += "<p>" + escape_html(greeting) + "</p>\n<p>" + escape_html(lead) + "</p>\n";
    if (!message.empty())
        h += "<section>\n<h2>" + escape_html(mail_text(lang, "mail.organiser_message")) + "</h2>\n<blockquote><p>" +
             text_paragraphs(message) + "</p></blockquote>\n</section>\n";
    h += "<section>\n<h2>" + escape_html(mail_text(lang, "mail.details")) + "</h2>\n<p><strong>" +
         escape_html(title) + "</strong></p>\n<dl>\n";
    for (const Line& l : details)
        h += "<dt>" + escape_html(l.label) + "</dt><dd>" + escape_html(l.value) + "</dd>\n";
    if (join)
        h += "<dt>" + escape_html(mail_text(lang, "mail.join")) + "</dt><dd><a href=\"" + escape_html(ev.join_url) +
             "\">" + escape_html(ev.join_url) + "</a><br>" + escape_html(mail_text(lang, "mail.join_note")) +
             "</dd>\n";
    h += "</dl>\n</section>\n";
    if (!answers.empty()) {
        h += "<section>\n<h2>" + escape_html(mail_text(lang, "mail.your_details")) + "</h2>\n<dl>\n";
        for (const Line& l : answers)
            h += "<dt>" + escape_html(l.label) + "</dt><dd>" + escape_html(l.value) + "</dd>\n";
        h += "</dl>\n</section>\n";
    }
    h += "<p>" + escape_html(mail_text(lang, "mail.manage")) + "</p>\n<p><a href=\"" + escape_html(r.manage_url) +
         "\">" + escape_html(mail_text(lang, "mail.manage_link_text")) + "</a></p>\n<p>" +
         escape_html(mail_text(lang, "mail.manage_keep")) + "</p>\n";
    if (calendar)
        h += "<p>" + escape_html(mail_text(lang, "mail.calendar_attached")) + "</p>\n";
    h += "</main>\n<footer>\n";
    if (!ev.contact.email.empty())
        h += "<p>" + escape_html(mail_text(lang, "mail.contact", {{"name", ev.contact.name}, {"email", ev.contact.email}})) +
             "</p>\n";
    h += "<p>" + escape_html(mail_text(lang, "mail.footer", {{"organiser", organiser}})) + "</p>\n</footer>\n</body>\n</html>\n";

    if (calendar) {
        const std::string base = mail_text(lang, "mail.calendar_file");
        for (std::size_t i = 0; i < ev.sessions.size(); ++i) {
            const Session& s = ev.sessions[i];
            MailAttachment a;
            a.file_name = base + (ev.sessions.size() > 1 ? "-" + std::to_string(i + 1) : "") + ".ics";
            a.content_type = "text/calendar; charset=utf-8; method=PUBLISH";
            a.data = make_ics(ev, s, lang, r.reference + "-" + s.id + "@deltag", r.now, ev.join_url);
            m.attachments.push_back(std::move(a));
        }
    }
    return m;
}

} // namespace deltag
