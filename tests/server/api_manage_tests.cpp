// The manage link's routes (issue 14): the token only in a header, a wrong token answered like
// an unknown reference, cancelling and handing a seat to a colleague, "send me my link again"
// (rate-limited, the same answer for known and unknown addresses), and what never leaks: no
// token in the log, no cookie on a visitor's page.
#include "harness.hpp"

#include "secrets.hpp"
#include "deltag/catalog.hpp"
#include "store_manage.hpp"

#include <doctest/doctest.h>

using namespace deltag::testing;

namespace {

struct Signed {
    std::string reference, token, status;
};

Signed sign_up(httplib::Client& cli, const std::string& event, int n, const std::string& email) {
    const json b = body_of(post_registration(cli, event, payload(event, key_for(n), email)));
    return {b.value("reference", ""), b.value("cancel_token", ""), b.value("status", "")};
}

httplib::Result post_json(httplib::Client& cli, const std::string& path, const json& body, const std::string& token = {}) {
    httplib::Headers h;
    if (!token.empty()) h.emplace("Authorization", "Bearer " + token);
    return cli.Post(path.c_str(), h, body.dump(), "application/json");
}

json status_of(httplib::Client& cli, const Signed& s) {
    return body_of(get_with_token(cli, "/api/v1/registrations/" + s.reference, s.token));
}

std::string web_dir() { return fixtures_dir() + "/../../../web"; }

// The event's registrations as the staff list shows them.
std::vector<deltag::server::StaffRow> rows(TestServer& srv, const std::string& event) {
    auto& ctx = srv.app().context();
    auto r = deltag::server::staff_rows(*ctx.store, *ctx.events.find(event), "");
    REQUIRE(std::holds_alternative<std::vector<deltag::server::StaffRow>>(r));
    return std::get<std::vector<deltag::server::StaffRow>>(r);
}

} // namespace

TEST_SUITE("server: manage link") {

TEST_CASE("the registration's routes take the token from the Authorization header, never from the URL") {
    TestServer srv;
    auto cli = srv.client();
    const Signed a = sign_up(cli, "open-event", 1, "a@example.se");
    const std::string path = "/api/v1/registrations/" + a.reference;
    auto in_query = cli.Get((path + "?token=" + a.token).c_str());
    REQUIRE(in_query);
    CHECK(in_query->status == 404);
    auto ics_in_query = cli.Get((path + "/calendar.ics?token=" + a.token).c_str());
    REQUIRE(ics_in_query);
    CHECK(ics_in_query->status == 404);

    auto in_header = get_with_token(cli, path, a.token);
    REQUIRE(in_header);
    CHECK(in_header->status == 200);
    CHECK(body_of(in_header) == json{{"status", "confirmed"}, {"event", "open-event"}, {"locale", "sv"}});
    CHECK(in_header->get_header_value("Cache-Control") == "no-store");
    auto ics = get_with_token(cli, path + "/calendar.ics", a.token);
    REQUIRE(ics);
    CHECK(ics->status == 200);
}

TEST_CASE("a wrong token and an unknown reference get the same 404 on every manage route") {
    TestServer srv;
    auto cli = srv.client();
    const Signed a = sign_up(cli, "open-event", 1, "a@example.se");
    const std::string wrong(64, 'a');
    const std::string unknown = "DLT-AAAA-BBBB-CCCC";
    const json not_found{{"code", "registration.not_found"}};
    for (const std::string& ref : {a.reference, unknown}) {
        CAPTURE(ref);
        const std::string path = "/api/v1/registrations/" + ref;
        std::vector<httplib::Result> answers;
        answers.push_back(get_with_token(cli, path, wrong));
        answers.push_back(get_with_token(cli, path + "/calendar.ics", wrong));
        answers.push_back(post_json(cli, path + "/cancel", json::object(), wrong));
        answers.push_back(post_json(cli, path + "/substitute", {{"name", "B"}, {"email", "b@example.se"}}, wrong));
        for (auto& r : answers) {
            REQUIRE(r);
            CHECK(r->status == 404);
            CHECK(body_of(r) == not_found);
        }
    }
    // A token of the wrong shape and no header at all are answered the same way.
    auto malformed = cli.Get(("/api/v1/registrations/" + a.reference).c_str(),
                             httplib::Headers{{"Authorization", "Bearer not-a-token"}});
    REQUIRE(malformed);
    CHECK(malformed->status == 404);
    CHECK(status_of(cli, a)["status"] == "confirmed");
}

TEST_CASE("cancelling with the token in the header promotes the first person on the waiting list") {
    TestServer srv;
    auto cli = srv.client();
    std::vector<Signed> seated;
    for (int i = 0; i < 20; ++i) seated.push_back(sign_up(cli, "open-event", i + 1, "p" + std::to_string(i) + "@example.se"));
    const Signed next = sign_up(cli, "open-event", 50, "next@example.se");
    const Signed after = sign_up(cli, "open-event", 51, "after@example.se");
    REQUIRE(next.status == "waitlisted");
    CHECK(status_of(cli, after)["waitlist_position"] == 2);

    auto r = post_json(cli, "/api/v1/registrations/" + seated[3].reference + "/cancel", json::object(), seated[3].token);
    REQUIRE(r);
    CHECK(r->status == 200);
    CHECK(status_of(cli, seated[3])["status"] == "cancelled");
    CHECK(status_of(cli, next)["status"] == "confirmed");
    CHECK(status_of(cli, after)["waitlist_position"] == 1);
}

TEST_CASE("a seat handed to a colleague becomes the colleague's registration with the same status and seat") {
    TestServer srv;
    auto cli = srv.client();
    const Signed a = sign_up(cli, "open-event", 1, "anna@example.se");
    auto r = post_json(cli, "/api/v1/registrations/" + a.reference + "/substitute",
                       {{"name", "Bo Berg"}, {"email", " Bo@Example.se "}}, a.token);
    REQUIRE(r);
    CHECK(r->status == 200);
    CHECK(body_of(r) == json{{"status", "confirmed"}});
    CHECK(status_of(cli, a)["status"] == "handed_over");

    const auto list = rows(srv, "open-event");
    REQUIRE(list.size() == 2);
    CHECK(list[0].status == "confirmed"); // the seat's row, now the colleague's
    CHECK(list[0].name == "Bo Berg");
    CHECK(list[0].email == "Bo@Example.se");
    CHECK(list[0].organisation == "0180"); // the organisation stays
    CHECK(list[0].reference != a.reference);
    CHECK(list[1].reference == a.reference);
    CHECK(list[1].status == "handed_over");
    CHECK(list[1].name == "Anna Andersson");
    // The colleague's own link works; the seat count did not change.
    const std::string colleague_token = deltag::server::manage_token(srv.app().context().install_secret, list[0].reference);
    CHECK(status_of(cli, {list[0].reference, colleague_token, ""})["status"] == "confirmed");
    CHECK(body_of(cli.Get("/api/v1/events/open-event"))["availability"]["confirmed"] == 1);
    // The old person's address is free again; the colleague's is taken.
    CHECK(sign_up(cli, "open-event", 2, "anna@example.se").status == "confirmed");
    auto dup = post_registration(cli, "open-event", payload("open-event", key_for(3), "bo@example.se"));
    REQUIRE(dup);
    CHECK(body_of(dup)["code"] == "registration.duplicate");
}

TEST_CASE("a waitlisted seat handed over keeps its place in the queue") {
    TestServer srv;
    auto cli = srv.client();
    for (int i = 0; i < 20; ++i) sign_up(cli, "open-event", i + 1, "p" + std::to_string(i) + "@example.se");
    const Signed first = sign_up(cli, "open-event", 30, "w1@example.se");
    const Signed second = sign_up(cli, "open-event", 31, "w2@example.se");
    REQUIRE(first.status == "waitlisted");
    auto r = post_json(cli, "/api/v1/registrations/" + first.reference + "/substitute",
                       {{"name", "Cleo"}, {"email", "cleo@example.se"}}, first.token);
    REQUIRE(r);
    CHECK(body_of(r) == json{{"status", "waitlisted"}});
    CHECK(status_of(cli, second)["waitlist_position"] == 2);
    const auto list = rows(srv, "open-event");
    CHECK(list[20].name == "Cleo");
    CHECK(list[20].waitlist_position == 1);
}

TEST_CASE("handing over is refused for a bad colleague, a registered colleague and a cancelled registration") {
    TestServer srv;
    auto cli = srv.client();
    const Signed a = sign_up(cli, "open-event", 1, "a@example.se");
    sign_up(cli, "open-event", 2, "taken@example.se");
    const std::string path = "/api/v1/registrations/" + a.reference + "/substitute";

    auto bad = post_json(cli, path, {{"name", "B"}, {"email", "not an address"}}, a.token);
    REQUIRE(bad);
    CHECK(bad->status == 422);
    CHECK(body_of(bad)["errors"][0]["code"] == "email.invalid");
    auto empty = post_json(cli, path, {{"name", " "}, {"email", "b@example.se"}}, a.token);
    REQUIRE(empty);
    CHECK(empty->status == 422);
    CHECK(body_of(empty)["errors"][0]["code"] == "field.required");
    auto extra = post_json(cli, path, {{"name", "B"}, {"email", "b@example.se"}, {"phone", "1"}}, a.token);
    REQUIRE(extra);
    CHECK(extra->status == 400);
    auto taken = post_json(cli, path, {{"name", "T"}, {"email", "TAKEN@example.se"}}, a.token);
    REQUIRE(taken);
    CHECK(taken->status == 409);
    CHECK(body_of(taken)["code"] == "registration.duplicate");

    REQUIRE(post_json(cli, "/api/v1/registrations/" + a.reference + "/cancel", json::object(), a.token)->status == 200);
    auto late = post_json(cli, path, {{"name", "B"}, {"email", "b@example.se"}}, a.token);
    REQUIRE(late);
    CHECK(late->status == 409);
    CHECK(body_of(late)["code"] == "registration.not_active");
}

TEST_CASE("send me my link again answers the same for a known and an unknown address") {
    TestServer srv;
    auto cli = srv.client();
    sign_up(cli, "open-event", 1, "known@example.se");
    auto known = post_json(cli, "/api/v1/manage-link", {{"email", "Known@example.se"}});
    auto unknown = post_json(cli, "/api/v1/manage-link", {{"email", "nobody@example.se"}});
    REQUIRE(known);
    REQUIRE(unknown);
    CHECK(known->status == 202);
    CHECK(unknown->status == known->status);
    CHECK(unknown->body == known->body);
    CHECK(body_of(known) == json{{"status", "sent_if_known"}});
    auto invalid = post_json(cli, "/api/v1/manage-link", {{"email", "no at sign"}});
    REQUIRE(invalid);
    CHECK(invalid->status == 422);
    CHECK(body_of(invalid)["code"] == "email.invalid");
}

TEST_CASE("send me my link again is rate-limited per client and per address, known or not") {
    TestServer srv;
    auto cli = srv.client();
    sign_up(cli, "open-event", 1, "known@example.se");
    // Per address: the third request for one address within the minute waits.
    for (const char* email : {"known@example.se", "nobody@example.se"}) {
        CAPTURE(email);
        TestServer fresh;
        auto c = fresh.client();
        CHECK(post_json(c, "/api/v1/manage-link", {{"email", email}})->status == 202);
        CHECK(post_json(c, "/api/v1/manage-link", {{"email", email}})->status == 202);
        auto third = post_json(c, "/api/v1/manage-link", {{"email", email}});
        REQUIRE(third);
        CHECK(third->status == 429);
        CHECK(body_of(third) == json{{"code", "request.rate_limited"}});
        CHECK(std::stoi(third->get_header_value("Retry-After")) > 0);
    }
    // Per client: a fourth request from one address, whatever it asks for.
    for (int i = 0; i < 3; ++i)
        CHECK(post_json(cli, "/api/v1/manage-link", {{"email", "x" + std::to_string(i) + "@example.se"}})->status == 202);
    auto fourth = post_json(cli, "/api/v1/manage-link", {{"email", "x9@example.se"}});
    REQUIRE(fourth);
    CHECK(fourth->status == 429);
}

TEST_CASE("the server log never contains a manage token") {
    TestServer srv([](deltag::server::Options& o) { o.quiet = false; });
    auto cli = srv.client();
    const Signed a = sign_up(cli, "open-event", 1, "a@example.se");
    const Signed b = sign_up(cli, "open-event", 2, "b@example.se");
    const std::string path = "/api/v1/registrations/" + a.reference;
    get_with_token(cli, path, a.token);
    get_with_token(cli, path + "/calendar.ics", a.token);
    cli.Get((path + "?token=" + a.token).c_str()); // a client that still puts it in the URL
    post_json(cli, path + "/substitute", {{"name", "C"}, {"email", "c@example.se"}}, a.token);
    post_json(cli, "/api/v1/registrations/" + b.reference + "/cancel", json::object(), b.token);
    post_json(cli, "/api/v1/manage-link", {{"email", "b@example.se"}});
    const auto lines = srv.log_lines();
    CHECK(lines.size() >= 7); // the request log was on
    for (const auto& line : lines) {
        CAPTURE(line);
        CHECK(line.find(a.token) == std::string::npos);
        CHECK(line.find(b.token) == std::string::npos);
        CHECK(line.find(a.reference) == std::string::npos);
    }
}

TEST_CASE("the manage page is served with a strict CSP, no referrer and no cookie") {
    TestServer srv([](deltag::server::Options& o) { o.static_dirs = {web_dir()}; });
    auto cli = srv.client();
    auto r = cli.Get("/manage");
    REQUIRE(r);
    CHECK(r->status == 200);
    CHECK(r->body.find("/manage.js") != std::string::npos);
    CHECK(r->get_header_value("Referrer-Policy") == "no-referrer");
    CHECK(r->get_header_value("Content-Security-Policy").find("script-src 'self'") != std::string::npos);
    CHECK(r->body.find("<script>") == std::string::npos);
    CHECK(r->body.find("style=") == std::string::npos);
}

TEST_CASE("no visitor page or route sets a cookie") {
    TestServer srv([](deltag::server::Options& o) {
        o.static_dirs = {web_dir()};
        o.admin_token_file.clear();
    });
    auto cli = srv.client();
    const Signed a = sign_up(cli, "open-event", 1, "a@example.se");
    std::vector<httplib::Result> answers;
    for (const char* path : {"/", "/manage", "/e/open-event", "/kiosk/open-event", "/manage.js", "/api/v1/events",
                             "/api/v1/events/open-event", "/api/v1/catalogs/sv", "/api/v1/catalogs/sv/manage"})
        answers.push_back(cli.Get(path));
    answers.push_back(get_with_token(cli, "/api/v1/registrations/" + a.reference, a.token));
    answers.push_back(post_registration(cli, "open-event", payload("open-event", key_for(2), "b@example.se")));
    answers.push_back(post_json(cli, "/api/v1/manage-link", {{"email", "a@example.se"}}));
    answers.push_back(post_json(cli, "/api/v1/registrations/" + a.reference + "/cancel", json::object(), a.token));
    for (auto& r : answers) {
        REQUIRE(r);
        CHECK(r->status < 400);
        CHECK_FALSE(r->has_header("Set-Cookie"));
    }
}

TEST_CASE("the manage page's catalog has its texts in every language and nothing of the staff's") {
    TestServer srv;
    auto cli = srv.client();
    for (const char* lang : {"sv", "da", "en"}) {
        CAPTURE(lang);
        const json j = body_of(cli.Get((std::string("/api/v1/catalogs/") + lang + "/manage").c_str()));
        CHECK(j["manage.handover.title"] == deltag::message(lang, "manage.handover.title"));
        CHECK(j.contains("registration.not_active"));
        CHECK(j.contains("email.invalid"));
        CHECK_FALSE(j.contains("staff.login.title"));
        CHECK_FALSE(j.contains("admin.unauthorized"));
        CHECK_FALSE(j.contains("widget.result.confirmed"));
        // ... and the widget's catalog has none of the manage page's texts.
        const json w = body_of(cli.Get((std::string("/api/v1/catalogs/") + lang).c_str()));
        CHECK_FALSE(w.contains("manage.handover.title"));
        CHECK_FALSE(w.contains("staff.login.title"));
        CHECK_FALSE(w.contains("registration.not_active"));
    }
    // A language without manage texts of its own gets them along its chain: Meänkieli reads Finnish.
    const json fit = body_of(cli.Get("/api/v1/catalogs/fit/manage"));
    CHECK(fit["manage.handover.title"] == deltag::message("fi", "manage.handover.title"));
    CHECK(cli.Get("/api/v1/catalogs/pl/manage")->status == 404);
}

} // TEST_SUITE
