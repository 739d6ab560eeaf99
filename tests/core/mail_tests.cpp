// Tests of the mails (mail_compose.cpp, mime.cpp): every kind in every language, what a mail
// may and must never carry, language fallback, MIME structure and header encoding.
#include "deltag/mail.hpp"
#include "deltag/mime.hpp"

#include <doctest/doctest.h>

#include <map>
#include <set>

#include <string>

using namespace deltag;
using nlohmann::json;

namespace {

Event mail_event() {
    Event e;
    e.id = "webinar";
    e.organiser = {{"sv", "Socialstyrelsen"}, {"da", "Sundhedsstyrelsen"}, {"en", "The Agency"}};
    e.title = {{"sv", "Webbinarium om inkludering"}, {"da", "Webinar om inklusion"}, {"en", "Webinar on inclusion"}};
    e.contact = {"Kontakt", "kontakt@agency.example", ""};
    e.join_url = "https://meet.example/j/secret-room-42";
    Session s;
    s.id = "main";
    s.start = "2099-12-03T09:15:00+01:00";
    s.end = "2099-12-03T12:15:00+01:00";
    s.start_utc = 4099968900; // 08:15Z
    s.end_utc = 4099979700;
    s.venue.name = {{"sv", "Online"}};
    s.venue.online_platform = "Microsoft Teams";
    e.sessions = {s};
    auto form = parse_form(json::parse(R"({"id": "f", "fields": [
      {"id": "name", "type": "text", "label": {"sv": "Namn", "en": "Name"}, "autocomplete": "name"},
      {"id": "email", "type": "email", "label": {"sv": "E-post", "en": "E-mail"}},
      {"id": "diet", "type": "text", "label": {"sv": "Kost", "en": "Diet"}, "sensitive": true},
      {"id": "criteria", "type": "checkbox_group", "label": {"sv": "Erfarenhet", "en": "Experience"},
       "sensitive": true, "options": [{"value": "own-experience", "label": {"sv": "Egen erfarenhet av rasism"}}]}
    ]})"));
    REQUIRE(form.ok());
    e.form = form.value;
    return e;
}

MailRequest request(const Event& ev, const std::string& kind, const std::string& status, const std::string& lang = "sv") {
    MailRequest r;
    r.kind = kind;
    r.lang = lang;
    r.event = &ev;
    r.status = status;
    r.reference = "DLT-ABCD-EFGH";
    r.manage_url = "https://deltag.example/manage#DLT-ABCD-EFGH.0123abcd";
    r.answers = {{"name", "Åsa Öberg"},
                 {"email", "asa@kommun.example"},
                 {"diet", "halal-sensitive-answer"},
                 {"criteria", json::array({"own-experience"})}};
    r.extra = {{"position", 3}, {"message", "Välkommen den 3 december."}, {"to_name", "Kim Berg"}};
    r.now = 4100000000;
    return r;
}

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

} // namespace

TEST_SUITE("core: mail") {

TEST_CASE("every kind of mail has a subject and a lead in sv, da and en") {
    for (const char* lang : {"sv", "da", "en"})
        for (const std::string& kind : mail_kinds()) {
            CAPTURE(lang);
            CAPTURE(kind);
            const auto keys = mail_catalog_keys(lang);
            CHECK(std::find(keys.begin(), keys.end(), "mail.subject." + kind) != keys.end());
            CHECK(std::find(keys.begin(), keys.end(), "mail.lead." + kind) != keys.end());
        }
}

TEST_CASE("the mail catalogs have exactly the same keys") {
    const auto english = mail_catalog_keys("en");
    CHECK(english.size() > 40);
    CHECK(mail_catalog_keys("sv") == english);
    CHECK(mail_catalog_keys("da") == english);
    CHECK(mail_catalog_keys("fi") == english);
    CHECK(mail_catalog_keys("de") == english);
}

TEST_CASE("every mail text uses exactly the placeholders of the English one") {
    const auto names = [](const std::string& text) {
        std::multiset<std::string> out;
        for (std::size_t open = text.find('{'); open != std::string::npos; open = text.find('{', open + 1))
            if (const std::size_t close = text.find('}', open); close != std::string::npos)
                out.insert(text.substr(open + 1, close - open - 1));
        return out;
    };
    const std::map<std::string, std::string> no_params;
    for (const char* lang : {"sv", "da", "fi", "de"})
        for (const std::string& key : mail_catalog_keys(lang)) {
            CAPTURE(lang);
            CAPTURE(key);
            // mail_text leaves a placeholder without a value as written.
            CHECK(names(mail_text(lang, key, no_params)) == names(mail_text("en", key, no_params)));
        }
}

TEST_CASE("a mail is written in the registrant's language, or along the fallback chain") {
    const Event ev = mail_event();
    struct Case {
        const char* lang;
        const char* written;
        const char* subject;
    };
    for (const Case& c : {Case{"sv", "sv", "Bekräftelse: Webbinarium om inkludering"},
                          Case{"da", "da", "Bekræftelse: Webinar om inklusion"},
                          Case{"en", "en", "Confirmed: Webinar on inclusion"},
                          Case{"nb", "da", "Bekræftelse: Webinar om inklusion"},
                          // issue 12: in the language's own mail catalog (fi, de), else along the
                          // reader's fallback chain (languages.hpp); the event's title likewise
                          Case{"fi", "fi", "Vahvistettu: Webbinarium om inkludering"},
                          Case{"de", "de", "Bestätigt: Webinar om inklusion"},
                          Case{"fit", "fi", "Vahvistettu: Webbinarium om inkludering"},
                          Case{"yi", "sv", "Bekräftelse: Webbinarium om inkludering"},
                          Case{"ar", "en", "Confirmed: Webinar on inclusion"},
                          Case{"pl", "en", "Confirmed: Webinar on inclusion"}}) {
        CAPTURE(c.lang);
        const Mail m = compose_mail(request(ev, "confirmation", "confirmed", c.lang));
        CHECK(m.lang == c.written);
        CHECK(m.subject == c.subject);
        CHECK(has(m.html, std::string("<html lang=\"") + c.written + "\" dir=\"ltr\">"));
    }
}

TEST_CASE("a confirmation carries the manage link, the join link and the calendar file") {
    const Event ev = mail_event();
    const Mail m = compose_mail(request(ev, "confirmation", "confirmed"));
    CHECK(has(m.text, "Hej Åsa Öberg!"));
    CHECK(has(m.text, "3 december 2099, kl. 09:15–12:15"));
    CHECK(has(m.text, "https://deltag.example/manage#DLT-ABCD-EFGH.0123abcd"));
    CHECK(has(m.html, "href=\"https://deltag.example/manage#DLT-ABCD-EFGH.0123abcd\""));
    CHECK(has(m.text, ev.join_url));
    CHECK(has(m.html, "href=\"https://meet.example/j/secret-room-42\""));
    REQUIRE(m.attachments.size() == 1);
    CHECK(m.attachments[0].file_name == "kalender.ics");
    CHECK(has(m.attachments[0].data, "URL:https://meet.example/j/secret-room-42\r\n"));
    CHECK(has(m.attachments[0].data, "UID:DLT-ABCD-EFGH-main@deltag\r\n"));
    // The calendar file may be shared: never the manage token in it.
    CHECK_FALSE(has(m.attachments[0].data, "0123abcd"));
}

TEST_CASE("no join link and no calendar file for people without a seat") {
    const Event ev = mail_event();
    struct Case {
        const char* kind;
        const char* status;
    };
    for (const Case& c : {Case{"waitlisted", "waitlisted"}, Case{"application_received", "received"},
                          Case{"application_declined", "cancelled"}, Case{"cancelled", "cancelled"},
                          Case{"manage_link", "waitlisted"}, Case{"substitute_old", "cancelled"},
                          // a seat-giving kind sent after the seat was given up
                          Case{"confirmation", "cancelled"}, Case{"reminder", "waitlisted"}}) {
        CAPTURE(c.kind);
        const Mail m = compose_mail(request(ev, c.kind, c.status));
        CHECK_FALSE(has(m.text, "secret-room-42"));
        CHECK_FALSE(has(m.html, "secret-room-42"));
        CHECK(m.attachments.empty());
        CHECK(has(m.text, "https://deltag.example/manage#DLT-ABCD-EFGH.0123abcd"));
    }
}

TEST_CASE("sensitive answers never appear in any mail") {
    const Event ev = mail_event();
    for (const char* lang : {"sv", "da", "en"})
        for (const std::string& kind : mail_kinds()) {
            CAPTURE(kind);
            const Mail m = compose_mail(request(ev, kind, "confirmed", lang));
            const std::string mime = build_mime(m, {"a@b.example", "asa@kommun.example", "Åsa", "id@x", 0, true});
            for (const std::string& s : {m.subject, m.text, m.html, mime}) {
                CHECK_FALSE(has(s, "halal-sensitive-answer"));
                CHECK_FALSE(has(s, "Egen erfarenhet av rasism"));
                CHECK_FALSE(has(s, "own-experience"));
            }
            CHECK(has(m.text, "asa@kommun.example")); // ordinary answers are shown for checking
        }
}

TEST_CASE("the waiting-list mail names the position and decisions carry the organiser's text") {
    const Event ev = mail_event();
    CHECK(has(compose_mail(request(ev, "waitlisted", "waitlisted")).text, "nummer 3 på väntelistan"));
    const Mail declined = compose_mail(request(ev, "application_declined", "cancelled", "en"));
    CHECK(has(declined.text, "Message from the organiser:\nVälkommen den 3 december."));
    CHECK(has(compose_mail(request(ev, "substitute_old", "cancelled", "da")).text, "til Kim Berg"));
}

TEST_CASE("HTML escapes what the visitor typed") {
    const Event ev = mail_event();
    MailRequest r = request(ev, "confirmation", "confirmed");
    r.answers["name"] = "<script>x</script>";
    const Mail m = compose_mail(r);
    CHECK_FALSE(has(m.html, "<script>"));
    CHECK(has(m.html, "&lt;script&gt;"));
    CHECK_FALSE(has(m.html, "<img"));
}

TEST_CASE("MIME: headers encoded, CRLF only, parts and attachment in place") {
    const Event ev = mail_event();
    const Mail m = compose_mail(request(ev, "confirmation", "confirmed"));
    const std::string mime =
        build_mime(m, {"Deltag <noreply@deltag.example>", "asa@kommun.example", "Åsa Öberg", "deltag.7@deltag.example", 1768912496, false});
    std::size_t bare_line_feeds = 0;
    for (std::size_t i = 0; i < mime.size(); ++i)
        if (mime[i] == '\n' && (i == 0 || mime[i - 1] != '\r')) ++bare_line_feeds;
    CHECK(bare_line_feeds == 0);
    CHECK(has(mime, "Date: Tue, 20 Jan 2026 12:34:56 +0000\r\n"));
    CHECK(has(mime, "To: =?UTF-8?B?w4VzYSDDlmJlcmc=?= <asa@kommun.example>\r\n"));
    CHECK(has(mime, "Subject: =?UTF-8?B?"));
    CHECK(has(mime, "Message-ID: <deltag.7@deltag.example>\r\n"));
    CHECK(has(mime, "Content-Type: multipart/mixed;"));
    CHECK(has(mime, "Content-Type: multipart/alternative;"));
    CHECK(has(mime, "Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable"));
    CHECK(has(mime, "Content-Disposition: attachment; filename=\"kalender.ics\"\r\n"));
    CHECK(has(mime, "Hej =C3=85sa =C3=96berg!"));
    for (std::size_t start = 0, end; (end = mime.find("\r\n", start)) != std::string::npos; start = end + 2)
        CHECK(end - start <= 78);
}

TEST_CASE("a header cannot be injected through a name") {
    CHECK(encode_header_text("Anna\r\nBcc: x@evil.example") == "AnnaBcc: x@evil.example");
    const std::string long_name(60, 'x');
    const std::string encoded = encode_header_text(long_name + "åäö");
    CHECK(has(encoded, "\r\n =?UTF-8?B?"));
}

TEST_CASE("the join link is never in public event data") {
    auto parsed = parse_event(json::parse(R"({"id": "e", "title": {"sv": "T"}, "closes_at": "2099-01-01T00:00:00Z",
      "sessions": [{"id": "s", "start": "2099-02-01T10:00:00Z", "end": "2099-02-01T11:00:00Z"}],
      "form": {"id": "f", "fields": []}, "join_url": "https://meet.example/x", "reminder_days_before": 3})"));
    REQUIRE(parsed.ok());
    CHECK(parsed.value.join_url == "https://meet.example/x");
    CHECK(parsed.value.reminder_days_before == 3);
    CHECK_FALSE(has(to_json(parsed.value).dump(), "meet.example"));
    auto bad = parse_event(json::parse(R"J({"id": "e", "title": {"sv": "T"}, "closes_at": "2099-01-01T00:00:00Z",
      "sessions": [{"id": "s", "start": "2099-02-01T10:00:00Z", "end": "2099-02-01T11:00:00Z"}],
      "form": {"id": "f", "fields": []}, "join_url": "javascript:alert(1)"})J"));
    REQUIRE(bad.errors.size() == 1);
    CHECK(bad.errors[0].code == "event.join_url_invalid");
}

}
