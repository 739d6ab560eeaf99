// The mail outbox end to end against a real SMTP server on loopback (tests/mail/smtp_sink.py):
// one confirmation per sign-up with a calendar file a real iCalendar parser reads, promotion
// mail on cancellation, retries after 4xx, failure on 5xx, delivery after SIGKILL, reminders,
// the join link and sensitive answers, the mail folder and its purge.
#include "harness.hpp"
#include "smtp_sink.hpp"

#include "conn.hpp"
#include "mail_outbox.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <thread>

using namespace deltag::testing;
namespace fs = std::filesystem;
using deltag::server::Conn;
using deltag::server::DbStatus;
using deltag::server::MailLogRow;

namespace {

constexpr const char* join_url = "https://meet.example/j/room-4711-secret";
constexpr const char* sensitive_value = "own-experience-of-racism";
// The tiny event's only session starts ten days after the fixtures' clock.
constexpr deltag::UnixTime session_start = fixture_now + 10 * 86400;

// Events of their own: "tiny" (one seat, a waiting list, an online join link) and "apply"
// (applications), on the fixture form with a recognisable sensitive option value.
class MailEvents {
public:
    MailEvents() {
        fs::create_directories(dir_.file("events"));
        fs::create_directories(dir_.file("forms"));
        json form = json::parse(file_text(fixtures_dir() + "/forms/test-form.json"));
        for (auto& f : form["fields"])
            if (f["id"] == "criteria") f["options"][0]["value"] = sensitive_value;
        std::ofstream(dir_.file("forms/test-form.json")) << form.dump();
        json tiny = json::parse(file_text(fixtures_dir() + "/events/open-event.json"));
        tiny["id"] = "tiny";
        tiny["capacity"] = 1;
        tiny["join_url"] = join_url;
        tiny["sessions"][0]["start"] = deltag::format_iso8601(session_start, 60);
        tiny["sessions"][0]["end"] = deltag::format_iso8601(session_start + 3600, 60);
        tiny["closes_at"] = deltag::format_iso8601(session_start - 86400, 60);
        std::ofstream(dir_.file("events/tiny.json")) << tiny.dump();
        json apply = json::parse(file_text(fixtures_dir() + "/events/application.json"));
        apply["id"] = "apply";
        apply["join_url"] = join_url;
        std::ofstream(dir_.file("events/apply.json")) << apply.dump();
    }
    const std::string& path() const { return dir_.path(); }

private:
    TempDir dir_;
};

json tiny_payload(int n, const std::string& email) {
    json p = payload("tiny", key_for(n), email);
    p["answers"]["criteria"] = json::array({sensitive_value});
    return p;
}

json sign_up(TestServer& s, const std::string& event, const json& body) {
    auto cli = s.client();
    auto r = post_registration(cli, event, body);
    REQUIRE(r);
    REQUIRE(r->status == 201);
    return body_of(r);
}

std::vector<MailLogRow> log_of(TestServer& s, const std::string& reference) {
    std::vector<MailLogRow> rows;
    auto st = s.app().context().store->read([&](Conn& c) -> DbStatus {
        auto seq = deltag::server::scalar(c, "SELECT seq FROM registrations WHERE reference = ?1", reference);
        if (auto* e = std::get_if<deltag::server::DbError>(&seq)) return DbStatus{*e};
        auto log = deltag::server::mail_log(c, std::get<std::int64_t>(seq));
        if (auto* e = std::get_if<deltag::server::DbError>(&log)) return DbStatus{*e};
        rows = std::get<std::vector<MailLogRow>>(log);
        return {};
    });
    REQUIRE(st.ok());
    return rows;
}

// Polls the mail log until its last row has the status (the sender records after the reply).
bool wait_for_status(TestServer& s, const std::string& reference, const std::string& status) {
    for (int i = 0; i < 1000; ++i) {
        auto rows = log_of(s, reference);
        if (!rows.empty() && rows.back().status == status) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return false;
}

TestServer::Tweak smtp_to(const SmtpSink& sink, const MailEvents& events) {
    return [&sink, &events](deltag::server::Options& o) {
        o.smtp_url = sink.url();
        o.mail_from = "Deltag <noreply@deltag.example>";
        o.public_url = "https://deltag.example";
        o.events_dir = events.path();
    };
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

} // namespace

TEST_SUITE("server: mail") {

TEST_CASE("a sign-up gives exactly one confirmation with a calendar file and a working manage link") {
    SmtpSink sink;
    MailEvents events;
    TestServer s(smtp_to(sink, events));
    const json r = sign_up(s, "tiny", tiny_payload(1, "anna@kommun.example"));
    REQUIRE(sink.wait_for_mails(1));
    std::this_thread::sleep_for(std::chrono::milliseconds(600)); // room for a duplicate to show up
    REQUIRE(sink.mails().size() == 1);
    CHECK(sink.recipients()[0] == "anna@kommun.example");

    const json m = read_mail(sink.mails()[0]);
    CHECK(m["subject"] == "Bekräftelse: Testevenemang");
    CHECK(m["to"] == "Anna Andersson <anna@kommun.example>");
    CHECK(m["language"] == "sv");
    CHECK(m["bare_lf"] == false);
    const std::string reference = r["reference"], token = r["cancel_token"];
    CHECK(m["manage_link"] == "https://deltag.example/manage#" + reference + "." + token);
    CHECK(contains(m["html"], "<html lang=\"sv\" dir=\"ltr\">"));
    REQUIRE(m["events"].size() == 1);
    CHECK(m["events"][0]["summary"] == "Testevenemang");
    CHECK(m["events"][0]["dtstart"] == deltag::format_iso8601(session_start, 0).substr(0, 19) + "+00:00");
    CHECK(m["events"][0]["uid"] == reference + "-main@deltag");
    CHECK(m["events"][0]["url"] == join_url);

    // The link's reference and token are the registration's: they cancel it.
    const std::string link = m["manage_link"];
    const std::string fragment = link.substr(link.find('#') + 1);
    const std::string ref = fragment.substr(0, fragment.find('.')), tok = fragment.substr(fragment.find('.') + 1);
    auto cli = s.client();
    auto cancel = cli.Post(("/api/v1/registrations/" + ref + "/cancel").c_str(), json{{"token", tok}}.dump(),
                           "application/json");
    REQUIRE(cancel);
    CHECK(cancel->status == 200);
    REQUIRE(sink.wait_for_mails(2));
    CHECK(read_mail(sink.mails()[1])["subject"] == "Avbokad: Testevenemang");
    const auto log = log_of(s, reference);
    REQUIRE(log.size() == 2);
    CHECK(log[0].kind == "confirmation");
    CHECK(log[0].status == "sent");
    CHECK(log[0].attempts == 1);
    CHECK(log[0].last_reply.rfind("250", 0) == 0);
    CHECK(log[1].kind == "cancelled");
}

TEST_CASE("a cancellation promotes the first waitlisted person, who gets exactly one promotion mail") {
    SmtpSink sink;
    MailEvents events;
    TestServer s(smtp_to(sink, events));
    const json first = sign_up(s, "tiny", tiny_payload(1, "first@kommun.example"));
    const json second = sign_up(s, "tiny", tiny_payload(2, "second@kommun.example"));
    const json third = sign_up(s, "tiny", tiny_payload(3, "third@kommun.example"));
    CHECK(second["status"] == "waitlisted");
    REQUIRE(sink.wait_for_mails(3));
    auto cli = s.client();
    auto cancel = cli.Post(("/api/v1/registrations/" + first["reference"].get<std::string>() + "/cancel").c_str(),
                           json{{"token", first["cancel_token"]}}.dump(), "application/json");
    REQUIRE(cancel);
    REQUIRE(cancel->status == 200);
    REQUIRE(sink.wait_for_mails(5));
    std::this_thread::sleep_for(std::chrono::milliseconds(600));
    REQUIRE(sink.mails().size() == 5);
    std::vector<std::string> subjects, to;
    for (const auto& f : sink.mails()) subjects.push_back(read_mail(f)["subject"]);
    to = sink.recipients();
    CHECK(subjects[1] == "Väntelista: Testevenemang");
    const json waitlisted = read_mail(sink.mails()[1]);
    CHECK(contains(waitlisted["text"], "nummer 1 på väntelistan"));
    CHECK(contains(read_mail(sink.mails()[2])["text"], "nummer 2 på väntelistan"));
    int promotions = 0;
    for (std::size_t i = 3; i < 5; ++i) {
        if (subjects[i] == "Du har fått en plats: Testevenemang") {
            ++promotions;
            CHECK(to[i] == "second@kommun.example");
            const json promoted = read_mail(sink.mails()[i]);
            CHECK(contains(promoted["text"], join_url));
            REQUIRE(promoted["events"].size() == 1);
            CHECK(promoted["events"][0]["url"] == join_url);
        } else {
            CHECK(subjects[i] == "Avbokad: Testevenemang");
            CHECK(to[i] == "first@kommun.example");
        }
    }
    CHECK(promotions == 1);
    CHECK(log_of(s, third["reference"]).size() == 1); // still waiting: nothing more
}

TEST_CASE("with STARTTLS and a login a mail goes encrypted and logged in; a wrong password or an untrusted "
          "certificate sends nothing and keeps it queued") {
    const std::string login = "deltag:s3cret-relay-pass";
    SmtpSink sink({"--starttls", "--login", login});
    MailEvents events;
    TempDir dir;
    { std::ofstream(dir.file("login")) << login << "\n"; }
    { std::ofstream(dir.file("wrong")) << "deltag:not-the-password\n"; }
    const auto relay = [&](const std::string& auth_file, bool trust) {
        return [&, auth_file, trust](deltag::server::Options& o) {
            smtp_to(sink, events)(o);
            o.smtp_auth_file = auth_file;
            if (trust) o.smtp_ca_file = sink.certificate(); // the relay's own, self-signed
        };
    };
    {
        TestServer s(relay(dir.file("login"), true));
        const json r = sign_up(s, "tiny", tiny_payload(1, "anna@kommun.example"));
        REQUIRE(wait_for_status(s, r["reference"], "sent"));
        REQUIRE(sink.mails().size() == 1);
        CHECK(sink.sessions() == std::vector<std::string>{"tls\nlogin deltag\n"});
        CHECK(sink.logins() == std::vector<std::string>{"ok deltag"});
        CHECK(read_mail(sink.mails()[0])["subject"] == "Bekräftelse: Testevenemang");
    }
    // Each failure is a 4xx-like one for the sender: the mail stays queued for its retries.
    const auto last_reply = [&](TestServer& s, const std::string& reference) {
        for (int i = 0; i < 1000 && log_of(s, reference)[0].last_reply.empty(); ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        const auto log = log_of(s, reference);
        CHECK(log[0].status == "queued");
        return log[0].last_reply;
    };
    {
        TestServer s(relay(dir.file("wrong"), true));
        const json r = sign_up(s, "tiny", tiny_payload(2, "bo@kommun.example"));
        CHECK(last_reply(s, r["reference"]).rfind("535", 0) == 0);
        CHECK(sink.logins().back() == "refused deltag");
    }
    {
        TestServer s(relay(dir.file("login"), false)); // the system's CAs do not know the relay
        const json r = sign_up(s, "tiny", tiny_payload(3, "cy@kommun.example"));
        CHECK(contains(last_reply(s, r["reference"]), "certificate"));
    }
    CHECK(sink.mails().size() == 1);
}

TEST_CASE("a server answering 451 and then 250 delivers the mail once") {
    SmtpSink sink;
    MailEvents events;
    TestServer s(smtp_to(sink, events));
    sink.script({"451"});
    const json r = sign_up(s, "tiny", tiny_payload(1, "anna@kommun.example"));
    REQUIRE(sink.wait_for_attempts(1));
    REQUIRE(wait_for_status(s, r["reference"], "queued"));
    for (int i = 0; i < 100 && log_of(s, r["reference"])[0].last_reply.empty(); ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    auto log = log_of(s, r["reference"]);
    CHECK(log[0].attempts == 1);
    CHECK(log[0].last_reply.rfind("451", 0) == 0);
    std::this_thread::sleep_for(std::chrono::milliseconds(600));
    CHECK(sink.attempts().size() == 1); // the backoff holds it back
    s.now += 31;                        // past the first retry delay
    REQUIRE(sink.wait_for_mails(1));
    REQUIRE(wait_for_status(s, r["reference"], "sent"));
    std::this_thread::sleep_for(std::chrono::milliseconds(600));
    CHECK(sink.attempts() == std::vector<std::string>{"451", "250"});
    CHECK(sink.mails().size() == 1);
    log = log_of(s, r["reference"]);
    CHECK(log[0].attempts == 2);
    CHECK(log[0].last_reply.rfind("250", 0) == 0);
}

TEST_CASE("a handed-over seat's waiting mail never goes to the colleague; each gets their own handover mail") {
    SmtpSink sink;
    MailEvents events;
    TestServer s(smtp_to(sink, events));
    sink.script({"451"}); // Anna's confirmation waits for its retry
    const json anna = sign_up(s, "tiny", tiny_payload(1, "anna@kommun.example"));
    REQUIRE(sink.wait_for_attempts(1));
    REQUIRE(wait_for_status(s, anna["reference"], "queued"));
    for (int i = 0; i < 100 && log_of(s, anna["reference"])[0].last_reply.empty(); ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    auto cli = s.client();
    auto r = cli.Post(("/api/v1/registrations/" + anna["reference"].get<std::string>() + "/substitute").c_str(),
                      {{"Authorization", "Bearer " + anna["cancel_token"].get<std::string>()}},
                      json{{"name", "Bo Berg"}, {"email", "bo@kommun.example"}}.dump(), "application/json");
    REQUIRE(r);
    REQUIRE(r->status == 200);
    REQUIRE(sink.wait_for_mails(2));
    s.now += 31; // past the confirmation's retry delay: it must not be sent to anyone now
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    REQUIRE(sink.mails().size() == 2);
    std::map<std::string, std::string> subject_to;
    for (std::size_t i = 0; i < 2; ++i) subject_to[sink.recipients()[i]] = read_mail(sink.mails()[i])["subject"];
    CHECK(subject_to.count("anna@kommun.example") == 1);
    CHECK(subject_to.count("bo@kommun.example") == 1);
    CHECK(subject_to["bo@kommun.example"] != subject_to["anna@kommun.example"]);
    // Anna's log keeps her held-back confirmation, not sent, and her handover mail.
    const auto log = log_of(s, anna["reference"]);
    REQUIRE(log.size() == 2);
    CHECK(log[0].kind == "confirmation");
    CHECK(log[0].status == "skipped");
    CHECK(log[1].status == "sent");
}

TEST_CASE("a server answering 550 fails the mail at once, recorded in its log and shown on the staff page") {
    SmtpSink sink;
    MailEvents events;
    const std::string admin = "mail-staff-token-0123456789";
    setenv("DELTAG_ADMIN_TOKEN", admin.c_str(), 1);
    TestServer s([&](deltag::server::Options& o) {
        smtp_to(sink, events)(o);
        o.admin_token_file.clear();
    });
    unsetenv("DELTAG_ADMIN_TOKEN");
    sink.script({"550"});
    const json r = sign_up(s, "tiny", tiny_payload(1, "nobody@kommun.example"));
    REQUIRE(wait_for_status(s, r["reference"], "failed"));
    const auto log = log_of(s, r["reference"]);
    REQUIRE(log.size() == 1);
    CHECK(log[0].kind == "confirmation");
    CHECK(log[0].attempts == 1);
    CHECK(log[0].last_reply.rfind("550", 0) == 0);
    CHECK_FALSE(log[0].sent_at.has_value());
    s.now += 7 * 86400; // no retry, however long we wait
    std::this_thread::sleep_for(std::chrono::milliseconds(600));
    CHECK(sink.attempts() == std::vector<std::string>{"550"});
    CHECK(sink.mails().empty());

    // The organiser sees it: the registration's mail log on the staff page names the mail, its
    // status and the relay's refusal.
    auto cli = s.client();
    auto login = cli.Post("/staff/login", "token=" + admin, "application/x-www-form-urlencoded");
    REQUIRE(login);
    REQUIRE(login->status == 303);
    const std::string set_cookie = login->get_header_value("Set-Cookie");
    const httplib::Headers cookie{{"Cookie", set_cookie.substr(0, set_cookie.find(';'))}};
    const std::string reference = r["reference"];
    auto page = cli.Get(("/staff/events/tiny/mail?ref=" + reference).c_str(), cookie);
    REQUIRE(page);
    CHECK(page->status == 200);
    CHECK(contains(page->body, "<td>confirmation</td><td>failed</td><td>1</td><td>550"));
    auto unknown = cli.Get("/staff/events/tiny/mail?ref=DLT-0000-0000-0000", cookie);
    REQUIRE(unknown);
    CHECK(unknown->status == 404);
}

TEST_CASE("a mail claimed by a server killed with SIGKILL before the send is delivered after restart") {
    SmtpSink sink;
    MailEvents events;
    TempDir dir;
    const std::vector<std::string> args{"--events", events.path(), "--db", dir.file("m.db"), "--port", "0",
                                        "--min-fill-ms", "0", "--quiet", "--smtp", sink.url(), "--mail-from",
                                        "noreply@deltag.example", "--mail-lease-seconds", "2"};
    sink.script({"hold"});
    json r;
    {
        ChildServer first(args);
        auto cli = first.client();
        auto res = post_registration(cli, "tiny", tiny_payload(1, "anna@kommun.example"));
        REQUIRE(res);
        REQUIRE(res->status == 201); // committed
        r = body_of(res);
        REQUIRE(sink.wait_for_attempts(1)); // the sender is in the middle of the SMTP exchange
        first.kill(SIGKILL);
        first.wait();
    }
    CHECK(sink.mails().empty());
    ChildServer second(args);
    REQUIRE(sink.wait_for_mails(1, std::chrono::seconds(30)));
    std::this_thread::sleep_for(std::chrono::milliseconds(800));
    CHECK(sink.mails().size() == 1);
    CHECK(sink.attempts() == std::vector<std::string>{"hold", "250"});
    const json m = read_mail(sink.mails()[0]);
    CHECK(contains(m["manage_link"], r["reference"].get<std::string>() + "." + r["cancel_token"].get<std::string>()));
}

TEST_CASE("no join link and no sensitive answer in the mails of waitlisted and received people") {
    SmtpSink sink;
    MailEvents events;
    TestServer s(smtp_to(sink, events));
    sign_up(s, "tiny", tiny_payload(1, "confirmed@kommun.example"));
    sign_up(s, "tiny", tiny_payload(2, "waiting@kommun.example"));
    json application = payload("apply", key_for(3), "applicant@kommun.example");
    application["answers"]["criteria"] = json::array({sensitive_value});
    sign_up(s, "apply", application);
    REQUIRE(sink.wait_for_mails(3));
    for (std::size_t i = 0; i < 3; ++i) {
        CAPTURE(i);
        const std::string raw = file_text(sink.mails()[i]);
        const json m = read_mail(sink.mails()[i]);
        CHECK_FALSE(contains(m["text"], sensitive_value));
        CHECK_FALSE(contains(m["html"], sensitive_value));
        CHECK_FALSE(contains(raw, sensitive_value));
        const bool confirmed = sink.recipients()[i] == "confirmed@kommun.example";
        CHECK(contains(m["text"], join_url) == confirmed);
        CHECK(m["events"].size() == (confirmed ? 1u : 0u));
        if (sink.recipients()[i] == "applicant@kommun.example")
            CHECK(m["subject"] == "Vi har tagit emot din ansökan: Testevenemang");
    }
}

TEST_CASE("the join link is not in the public event data") {
    MailEvents events;
    TestServer s([&](deltag::server::Options& o) { o.events_dir = events.path(); });
    auto cli = s.client();
    for (const char* path : {"/api/v1/events", "/api/v1/events/tiny", "/api/v1/events/tiny?lang=sv"}) {
        CAPTURE(path);
        auto r = cli.Get(path);
        REQUIRE(r);
        CHECK(r->status == 200);
        CHECK(contains(r->body, "\"tiny\""));
        CHECK_FALSE(contains(r->body, "meet.example"));
    }
}

TEST_CASE("a confirmed person's calendar download carries the join link") {
    MailEvents events;
    TestServer s([&](deltag::server::Options& o) { o.events_dir = events.path(); });
    const json r = sign_up(s, "tiny", tiny_payload(1, "anna@kommun.example"));
    auto cli = s.client();
    auto ics = cli.Get(("/api/v1/registrations/" + r["reference"].get<std::string>() + "/calendar.ics").c_str(),
                       {{"Authorization", "Bearer " + r["cancel_token"].get<std::string>()}});
    REQUIRE(ics);
    CHECK(ics->status == 200);
    CHECK(contains(ics->body, std::string("URL:") + join_url + "\r\n"));
}

TEST_CASE("a reminder goes once, N days before the first session, to confirmed people only") {
    SmtpSink sink;
    MailEvents events;
    TestServer s(smtp_to(sink, events));
    const json confirmed = sign_up(s, "tiny", tiny_payload(1, "confirmed@kommun.example"));
    const json waiting = sign_up(s, "tiny", tiny_payload(2, "waiting@kommun.example"));
    REQUIRE(sink.wait_for_mails(2));
    s.now = session_start - 2 * 86400 - 60; // a minute early: nothing
    s.app().mail().queue_reminders();
    s.now = session_start - 2 * 86400 + 60;
    for (int i = 0; i < 3; ++i) s.app().mail().queue_reminders();
    REQUIRE(sink.wait_for_mails(3));
    std::this_thread::sleep_for(std::chrono::milliseconds(600));
    s.now = session_start - 3600;
    s.app().mail().queue_reminders();
    std::this_thread::sleep_for(std::chrono::milliseconds(600));
    REQUIRE(sink.mails().size() == 3);
    const json m = read_mail(sink.mails()[2]);
    CHECK(sink.recipients()[2] == "confirmed@kommun.example");
    CHECK(m["subject"].get<std::string>().rfind("Påminnelse: Testevenemang, ", 0) == 0);
    CHECK(contains(m["text"], join_url));
    CHECK(log_of(s, waiting["reference"]).size() == 1);
    CHECK(log_of(s, confirmed["reference"]).back().kind == "reminder");
}

TEST_CASE("without --smtp each mail is an .eml file, listed by the demo and purged with its registration") {
    TempDir dir;
    MailEvents events;
    json retention = json::parse(file_text(fixtures_dir() + "/events/retention.json"));
    std::ofstream(events.path() + "/events/retention.json") << retention.dump();
    const std::string db = dir.file("r.db");
    {
        // Before the retention event's registration closes; the files go to <db>.mail.
        TestServer s([&](deltag::server::Options& o) {
            o.events_dir = events.path();
            o.demo = false;
        }, 1622000000, db);
        json kept = payload("retention", key_for(1), "r@example.se");
        kept["answers"]["criteria"] = json::array({sensitive_value});
        sign_up(s, "retention", kept);
        sign_up(s, "tiny", tiny_payload(2, "t@example.se"));
        for (int i = 0; i < 500 && fs::exists(db + ".mail") &&
                        std::distance(fs::directory_iterator(db + ".mail"), fs::directory_iterator()) < 2;
             ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        for (int i = 0; i < 500 && !fs::exists(db + ".mail"); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    std::vector<std::string> files;
    for (int i = 0; i < 100; ++i) {
        files.clear();
        for (const auto& e : fs::directory_iterator(db + ".mail")) files.push_back(e.path().filename().string());
        if (files.size() == 2) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    std::sort(files.begin(), files.end());
    REQUIRE(files == std::vector<std::string>{"00000001-confirmation.eml", "00000002-confirmation.eml"});
    const json m = read_mail(db + ".mail/00000001-confirmation.eml");
    CHECK(m["subject"] == "Bekräftelse: Testevenemang");
    CHECK(contains(file_text(db + ".mail/00000001-confirmation.eml"), "Hej Anna Andersson!")); // 8bit: readable

    {
        // Long after the retention event, its registration, outbox row and file are gone; the
        // other event's stay.
        TestServer later([&](deltag::server::Options& o) { o.events_dir = events.path(); }, fixture_now, db);
        CHECK(later.client().Get("/demo-mail/")->status == 404); // only the demo shows the folder
    }
    CHECK_FALSE(fs::exists(db + ".mail/00000001-confirmation.eml"));
    CHECK(fs::exists(db + ".mail/00000002-confirmation.eml"));
    {
        TestServer demo([&](deltag::server::Options& o) {
            o.events_dir = events.path();
            o.demo = true;
        }, fixture_now, db);
        auto cli = demo.client();
        auto list = cli.Get("/demo-mail/");
        REQUIRE(list);
        CHECK(list->status == 200);
        CHECK_FALSE(contains(list->body, "00000001-confirmation.eml"));
        CHECK(contains(list->body, "href=\"/demo-mail/00000002-confirmation.eml\""));
        auto one = cli.Get("/demo-mail/00000002-confirmation.eml");
        REQUIRE(one);
        CHECK(one->status == 200);
        CHECK(contains(one->body, "Subject: "));
        CHECK(cli.Get("/demo-mail/..%2Fr.db")->status == 404);
    }
}

}

TEST_SUITE("server: mail") {

TEST_CASE("two servers on one database never both send a mail: the lease keeps them apart") {
    SmtpSink sink;
    MailEvents events;
    TempDir dir;
    std::vector<std::string> args{"--events", events.path(), "--db", dir.file("shared.db"), "--port", "0",
                                  "--min-fill-ms", "0", "--quiet", "--rate-limit", "1000000/min",
                                  "--smtp", sink.url(), "--mail-from", "noreply@deltag.example"};
    ChildServer a(args);
    ChildServer b(args); // the same database and secret: a second node
    auto cli_a = a.client(), cli_b = b.client();
    constexpr int people = 12;
    for (int i = 0; i < people; ++i) {
        // Tiny has one seat and a waiting list: one confirmation, then waiting-list mails.
        auto& cli = i % 2 ? cli_a : cli_b;
        auto r = post_registration(cli, "tiny", tiny_payload(i + 1, "p" + std::to_string(i) + "@kommun.example"));
        REQUIRE(r);
        REQUIRE(r->status == 201);
    }
    REQUIRE(sink.wait_for_mails(people, std::chrono::seconds(60)));
    std::this_thread::sleep_for(std::chrono::seconds(1));
    auto to = sink.recipients();
    CHECK(to.size() == static_cast<std::size_t>(people));
    std::sort(to.begin(), to.end());
    CHECK(std::adjacent_find(to.begin(), to.end()) == to.end());
}

}
