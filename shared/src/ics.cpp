// iCalendar (RFC 5545) for one session of an event: TEXT escaping, 75-octet folding that
// never splits a UTF-8 sequence, UTC times. Standard library only (plus the catalogs).
#include "deltag/ics.hpp"

#include "deltag/catalog.hpp"
#include "deltag/text.hpp"
#include "deltag/time.hpp"


namespace deltag {
namespace {

constexpr const char* crlf = "\r\n";
constexpr std::size_t max_line_octets = 75; // RFC 5545 3.1, excluding the CRLF

// "YYYYMMDDTHHMMSSZ" (RFC 5545 3.3.5, form #2: UTC): the core's ISO 8601 form in UTC without
// its separators, so the calendar arithmetic lives in time.cpp only.
std::string utc_date_time(UnixTime t) {
    const std::string iso = format_iso8601(t, 0); // "YYYY-MM-DDTHH:MM:SSZ"
    std::string out;
    for (std::size_t i = 0; i < iso.size(); ++i)
        if ((iso[i] != '-' || i == 0) && iso[i] != ':') out += iso[i];
    return out;
}

// TEXT value (RFC 5545 3.3.11): escape backslash, semicolon, comma and line breaks; drop
// other control characters, which the grammar does not allow.
std::string escape_text(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        char c = s[i];
        switch (c) {
        case '\\':
            out += "\\\\";
            break;
        case ';':
            out += "\\;";
            break;
        case ',':
            out += "\\,";
            break;
        case '\r':
            if (i + 1 < s.size() && s[i + 1] == '\n')
                ++i;
            out += "\\n";
            break;
        case '\n':
            out += "\\n";
            break;
        default:
            if ((static_cast<unsigned char>(c) >= 0x20 && c != 0x7F) || c == '\t')
                out += c;
        }
    }
    return out;
}

// A parameter value (RFC 5545 3.2): always quoted; DQUOTE and controls cannot appear.
std::string quote_param(std::string_view s) {
    std::string out = "\"";
    for (char c : s)
        if (c != '"' && static_cast<unsigned char>(c) >= 0x20 && c != 0x7F)
            out += c;
    return out + "\"";
}

// A URI value: nothing that could end the line or the value.
std::string plain_value(std::string_view s) {
    std::string out;
    for (char c : s)
        if (static_cast<unsigned char>(c) > 0x20 && c != 0x7F)
            out += c;
    return out;
}

// Appends one content line folded at 75 octets: a continuation line starts with one space
// (which counts), and a split never falls inside a UTF-8 sequence.
void append_line(std::string& out, const std::string& line) {
    std::size_t pos = 0, room = max_line_octets;
    while (line.size() - pos > room) {
        std::size_t cut = pos + room;
        while (cut > pos && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80)
            --cut;
        out.append(line, pos, cut - pos);
        out += crlf;
        out += ' ';
        pos = cut;
        room = max_line_octets - 1;
    }
    out.append(line, pos, std::string::npos);
    out += crlf;
}

std::string location(const Session& session, std::string_view lang) {
    const Venue& v = session.venue;
    if (!v.online_platform.empty())
        return message(lang, "info.online_via", {{"platform", v.online_platform}});
    std::string out;
    for (const std::string& part : {pick(v.name, lang), v.address, v.city}) {
        // "Kulturhuset, Stockholm" already names the city: don't say it twice.
        if (part.empty() || out.find(part) != std::string::npos)
            continue;
        if (!out.empty())
            out += ", ";
        out += part;
    }
    return out;
}

std::string summary(const Event& event, const Session& session, std::string_view lang) {
    std::string title = pick(event.title, lang);
    const std::string& part = pick(session.title, lang);
    if (event.sessions.size() > 1 && !part.empty())
        title += " \xE2\x80\x93 " + part; // en dash
    return title;
}

UnixTime instant(UnixTime parsed, const std::string& text) {
    if (parsed != 0 || text.empty())
        return parsed;
    return parse_iso8601(text).value_or(0);
}

} // namespace

std::string make_ics(const Event& event, const Session& session, std::string_view lang,
                     std::string_view uid, UnixTime now, std::string_view join_url) {
    std::string out;
    append_line(out, "BEGIN:VCALENDAR");
    append_line(out, "VERSION:2.0");
    append_line(out, "PRODID:-//Deltag//Event sign-up//EN");
    append_line(out, "CALSCALE:GREGORIAN");
    append_line(out, "METHOD:PUBLISH");
    append_line(out, "BEGIN:VEVENT");
    append_line(out, "UID:" + escape_text(uid));
    append_line(out, "DTSTAMP:" + utc_date_time(now));
    append_line(out, "DTSTART:" + utc_date_time(instant(session.start_utc, session.start)));
    append_line(out, "DTEND:" + utc_date_time(instant(session.end_utc, session.end)));
    append_line(out, "SUMMARY:" + escape_text(summary(event, session, lang)));
    std::string where = location(session, lang);
    if (!where.empty())
        append_line(out, "LOCATION:" + escape_text(where));
    std::string description = pick(event.description, lang);
    if (!join_url.empty()) {
        append_line(out, "URL:" + plain_value(join_url));
        description = std::string(join_url) + (description.empty() ? "" : "\n\n" + description);
    }
    if (!description.empty())
        append_line(out, "DESCRIPTION:" + escape_text(description));
    if (!event.contact.email.empty()) {
        std::string name = pick(event.organiser, lang);
        append_line(out, "ORGANIZER" + (name.empty() ? std::string() : ";CN=" + quote_param(name)) +
                             ":mailto:" + plain_value(event.contact.email));
    }
    append_line(out, "END:VEVENT");
    append_line(out, "END:VCALENDAR");
    return out;
}

} // namespace deltag
