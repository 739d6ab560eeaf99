// Tests of the iCalendar export (ics.cpp): exact output, escaping, folding, UTC times.
#include "deltag/ics.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace deltag;

namespace {

constexpr UnixTime jan_20_2026_123456 = 1768912496; // 2026-01-20T12:34:56Z

Event online_event() {
    Event e;
    e.id = "erfarenhetsutbyte-romsk-inkludering";
    e.organiser = {{"sv", "Socialstyrelsen"}};
    e.title = {{"sv", "Erfarenhetsutbyte om romsk inkludering"},
               {"en", "Experience exchange on Roma inclusion"}};
    e.description = {{"sv", "Frågor, gärna i förväg; välkommen!"}};
    e.contact = {"Kontakt", "kontakt@socialstyrelsen.example", ""};
    Session s;
    s.id = "main";
    s.start = "2023-09-15T09:00:00+02:00";
    s.end = "2023-09-15T10:30:00+02:00";
    s.start_utc = 1694761200; // 07:00Z
    s.end_utc = 1694766600;   // 08:30Z
    s.venue.name = {{"sv", "Online"}};
    s.venue.online_platform = "Microsoft Teams";
    e.sessions = {s};
    return e;
}

std::vector<std::string> physical_lines(const std::string& ics) {
    std::vector<std::string> lines;
    std::size_t pos = 0;
    for (std::size_t end; (end = ics.find("\r\n", pos)) != std::string::npos; pos = end + 2)
        lines.push_back(ics.substr(pos, end - pos));
    CHECK(pos == ics.size()); // the text ends with CRLF
    return lines;
}

bool is_utf8(const std::string& s) {
    for (std::size_t i = 0; i < s.size();) {
        auto b = static_cast<unsigned char>(s[i]);
        std::size_t n = b < 0x80         ? 0
                        : (b >> 5) == 6  ? 1
                        : (b >> 4) == 14 ? 2
                        : (b >> 3) == 30 ? 3
                                         : 9;
        if (n == 9 || (n > 0 && i + n >= s.size()))
            return false;
        for (std::size_t k = 1; k <= n; ++k)
            if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80)
                return false;
        i += n + 1;
    }
    return true;
}

std::string unfold(const std::string& ics) {
    std::string out;
    for (std::size_t i = 0; i < ics.size(); ++i) {
        if (ics.compare(i, 3, "\r\n ") == 0) {
            i += 2;
            continue;
        }
        out += ics[i];
    }
    return out;
}

} // namespace

TEST_CASE("an online session becomes an exact iCalendar text in UTC") {
    Event e = online_event();
    std::string ics = make_ics(e, e.sessions[0], "sv", "ABC123-main@deltag", jan_20_2026_123456);
    CHECK(ics == "BEGIN:VCALENDAR\r\n"
                 "VERSION:2.0\r\n"
                 "PRODID:-//Deltag//Event sign-up//EN\r\n"
                 "CALSCALE:GREGORIAN\r\n"
                 "METHOD:PUBLISH\r\n"
                 "BEGIN:VEVENT\r\n"
                 "UID:ABC123-main@deltag\r\n"
                 "DTSTAMP:20260120T123456Z\r\n"
                 "DTSTART:20230915T070000Z\r\n"
                 "DTEND:20230915T083000Z\r\n"
                 "SUMMARY:Erfarenhetsutbyte om romsk inkludering\r\n"
                 "LOCATION:Digitalt via Microsoft Teams\r\n"
                 "DESCRIPTION:Frågor\\, gärna i förväg\\; välkommen!\r\n"
                 "ORGANIZER;CN=\"Socialstyrelsen\":mailto:kontakt@socialstyrelsen.example\r\n"
                 "END:VEVENT\r\n"
                 "END:VCALENDAR\r\n");
}

TEST_CASE("the calendar text follows the language with fallback") {
    Event e = online_event();
    std::string ics = make_ics(e, e.sessions[0], "en", "u@deltag", jan_20_2026_123456);
    CHECK(ics.find("SUMMARY:Experience exchange on Roma inclusion\r\n") != std::string::npos);
    CHECK(ics.find("LOCATION:Online via Microsoft Teams\r\n") != std::string::npos);
    // No English description: the Swedish one, not nothing.
    CHECK(ics.find("DESCRIPTION:Frågor\\,") != std::string::npos);
}

TEST_CASE("TEXT values escape backslash, semicolon, comma and line breaks") {
    struct Case {
        const char* in;
        const char* out;
    };
    const Case cases[] = {
        {"a\\b", "a\\\\b"},
        {"a;b,c", "a\\;b\\,c"},
        {"line 1\nline 2", "line 1\\nline 2"},
        {"line 1\r\nline 2", "line 1\\nline 2"},
        {"line 1\rline 2", "line 1\\nline 2"},
        {"bell\x07 and del\x7F gone, tab\tkept", "bell and del gone\\, tab\tkept"},
        {"\\n is not a newline", "\\\\n is not a newline"},
    };
    for (const Case& c : cases) {
        CAPTURE(c.in);
        Event e = online_event();
        e.description = {{"sv", c.in}};
        std::string ics = make_ics(e, e.sessions[0], "sv", "u@deltag", 0);
        CHECK(ics.find(std::string("\r\nDESCRIPTION:") + c.out + "\r\n") != std::string::npos);
    }
}

TEST_CASE("a UID, organiser name and e-mail cannot break out of their line") {
    Event e = online_event();
    e.organiser = {{"sv", "Evil\"; X-INJECT:1\r\nSUMMARY:x"}};
    e.contact.email = "a@b.example\r\nATTENDEE:x";
    std::string ics = make_ics(e, e.sessions[0], "sv", "id\r\nX:1", 0);
    CHECK(ics.find("UID:id\\nX:1\r\n") != std::string::npos);
    CHECK(ics.find("ORGANIZER;CN=\"Evil; X-INJECT:1SUMMARY:x\":mailto:a@b.exampleATTENDEE:x\r\n") !=
          std::string::npos);
    for (const std::string& line : physical_lines(ics))
        CHECK(line.find('\r') == std::string::npos);
}

TEST_CASE("long lines fold at 75 octets without splitting a UTF-8 sequence") {
    Event e = online_event();
    std::string aa;
    for (int i = 0; i < 40; ++i)
        aa += "å"; // 2 octets each
    e.description = {{"sv", aa}};
    std::string ics = make_ics(e, e.sessions[0], "sv", "u@deltag", 0);
    // "DESCRIPTION:" is 12 octets; 31 å make 74 octets: the 32nd would end at octet 76.
    std::string first, rest;
    for (int i = 0; i < 31; ++i)
        first += "å";
    for (int i = 0; i < 9; ++i)
        rest += "å";
    CHECK(ics.find("\r\nDESCRIPTION:" + first + "\r\n " + rest + "\r\n") != std::string::npos);
}

TEST_CASE("long Sami and Danish text folds into valid lines that unfold to the original") {
    Event e = online_event();
    const std::string sami =
        "Čoahkkin gielddaide, regiovnnaide ja eiseválddiide: sámegiella, suomagiella, meänkieli, "
        "romani chib ja jiddisch – máhttu ja vuogádat vealaheami, heađuštusa ja vašiid vuostá. "
        "Ŋ ŧ ž š đ č á 🙂 €";
    const std::string danish =
        "Webinaret er henvendt til faglige retningsgivere, herunder team- og mellemledere, inden "
        "for "
        "social-, sundheds-, bolig- og beskæftigelsesområderne; hvis du bliver forhindret, så giv "
        "din plads til en anden. Æblegrød på Ærø og Fanø.";
    e.title = {{"sv", sami}};
    e.description = {{"sv", danish}};
    e.sessions[0].venue = {};
    e.sessions[0].venue.name = {{"sv", "Kulturhuset Stadsteatern, Sergels torg, Stockholm, lokal "
                                       "Lava (plan 3), ingång från Drottninggatan"}};
    std::string ics = make_ics(e, e.sessions[0], "sv", "u@deltag", 0);
    int folded = 0;
    for (const std::string& line : physical_lines(ics)) {
        CAPTURE(line);
        CHECK(line.size() <= 75);
        CHECK(is_utf8(line));
        folded += !line.empty() && line[0] == ' ';
    }
    CHECK(folded >= 6);
    std::string flat = unfold(ics);
    CHECK(flat.find(
              "\r\nSUMMARY:Čoahkkin gielddaide\\, regiovnnaide ja eiseválddiide: sámegiella\\, "
              "suomagiella\\, meänkieli\\, romani chib ja jiddisch – máhttu ja vuogádat "
              "vealaheami\\, heađuštusa ja vašiid vuostá. Ŋ ŧ ž š đ č á 🙂 €\r\n") !=
          std::string::npos);
    CHECK(
        flat.find(
            "\r\nDESCRIPTION:Webinaret er henvendt til faglige retningsgivere\\, herunder team- og "
            "mellemledere\\, inden for social-\\, sundheds-\\, bolig- og "
            "beskæftigelsesområderne\\; hvis du bliver forhindret\\, så giv din plads til en "
            "anden. Æblegrød på Ærø og Fanø.\r\n") != std::string::npos);
}

TEST_CASE("a session in person names venue, address and city, and the session in the summary") {
    Event e = online_event();
    e.title = {{"sv", "Göra jämlikt är att göra skillnad"}};
    Session debate;
    debate.id = "debatt";
    debate.title = {{"sv", "Politisk debatt"}};
    debate.start_utc = 1575360900; // 2019-12-03T08:15:00Z
    debate.end_utc = 1575371700;   // 2019-12-03T11:15:00Z
    debate.venue.name = {{"sv", "Kulturhuset, Lava"}};
    debate.venue.address = "Sergels torg 3";
    debate.venue.city = "Stockholm";
    Session other = debate;
    other.id = "other";
    e.sessions = {debate, other};
    std::string ics = make_ics(e, e.sessions[0], "sv", "u@deltag", 0);
    CHECK(ics.find("\r\nSUMMARY:Göra jämlikt är att göra skillnad – Politisk debatt\r\n") !=
          std::string::npos);
    CHECK(ics.find("\r\nLOCATION:Kulturhuset\\, Lava\\, Sergels torg 3\\, Stockholm\r\n") !=
          std::string::npos);
    CHECK(ics.find("\r\nDTSTART:20191203T081500Z\r\nDTEND:20191203T111500Z\r\n") !=
          std::string::npos);

    // A venue name that already says the city does not repeat it.
    e.sessions[0].venue.name = {{"sv", "Svenska mässan, Göteborg"}};
    e.sessions[0].venue.address = "";
    e.sessions[0].venue.city = "Göteborg";
    ics = make_ics(e, e.sessions[0], "sv", "u@deltag", 0);
    CHECK(ics.find("\r\nLOCATION:Svenska mässan\\, Göteborg\r\n") != std::string::npos);
}

TEST_CASE("a single session's own title is not added to the summary") {
    Event e = online_event();
    e.sessions[0].title = {{"sv", "Huvudpass"}};
    std::string ics = make_ics(e, e.sessions[0], "sv", "u@deltag", 0);
    CHECK(ics.find("\r\nSUMMARY:Erfarenhetsutbyte om romsk inkludering\r\n") != std::string::npos);
}

TEST_CASE("times are written in UTC, also before 1970 and on a leap day") {
    struct Case {
        UnixTime t;
        const char* stamp;
    };
    const Case cases[] = {
        {0, "19700101T000000Z"},
        {-1, "19691231T235959Z"},
        {951782400, "20000229T000000Z"},
        {jan_20_2026_123456, "20260120T123456Z"},
    };
    for (const Case& c : cases) {
        Event e = online_event();
        std::string ics = make_ics(e, e.sessions[0], "sv", "u@deltag", c.t);
        CHECK(ics.find(std::string("\r\nDTSTAMP:") + c.stamp + "\r\n") != std::string::npos);
    }
}

TEST_CASE("a session parsed only as text still gets its UTC times") {
    Event e = online_event();
    e.sessions[0].start_utc = 0;
    e.sessions[0].end_utc = 0;
    std::string ics = make_ics(e, e.sessions[0], "sv", "u@deltag", 0);
    CHECK(ics.find("\r\nDTSTART:20230915T070000Z\r\nDTEND:20230915T083000Z\r\n") !=
          std::string::npos);
}

TEST_CASE("no contact e-mail means no ORGANIZER line, no venue means no LOCATION line") {
    Event e = online_event();
    e.contact.email.clear();
    e.sessions[0].venue = {};
    e.description.clear();
    std::string ics = make_ics(e, e.sessions[0], "sv", "u@deltag", 0);
    CHECK(ics.find("ORGANIZER") == std::string::npos);
    CHECK(ics.find("LOCATION") == std::string::npos);
    CHECK(ics.find("DESCRIPTION") == std::string::npos);
}
