// CORS allow-list with preflight, and the admin CSV export behind a bearer token.
#include "harness.hpp"

#include <doctest/doctest.h>

#include <fstream>

using namespace deltag::testing;

namespace {

const std::string admin_token = "test-admin-token-0123456789";
const char* const allowed = "https://www.kommun.example";

} // namespace

TEST_SUITE("server: CORS") {

TEST_CASE("a preflight from an allowed origin gets the allow-list's origin, never *") {
    TestServer srv([](deltag::server::Options& o) { o.allow_origins = {allowed}; });
    auto cli = srv.client();
    httplib::Headers h{{"Origin", allowed}, {"Access-Control-Request-Method", "POST"},
                       {"Access-Control-Request-Headers", "content-type,idempotency-key"}};
    auto r = cli.Options("/api/v1/events/open-event/registrations", h);
    REQUIRE(r);
    CHECK(r->status == 204);
    CHECK(r->get_header_value("Access-Control-Allow-Origin") == allowed);
    CHECK(r->get_header_value("Access-Control-Allow-Methods") == "GET, POST");
    CHECK(r->get_header_value("Access-Control-Allow-Headers") == "Content-Type, Idempotency-Key");
    CHECK(r->get_header_value("Vary") == "Origin");
}

TEST_CASE("an origin not on the list is refused for preflight and POST and gets no CORS header on GET") {
    TestServer srv([](deltag::server::Options& o) { o.allow_origins = {allowed}; });
    auto cli = srv.client();
    httplib::Headers evil{{"Origin", "https://evil.example"}};
    auto pre = cli.Options("/api/v1/events/open-event/registrations", evil);
    REQUIRE(pre);
    CHECK(pre->status == 403);
    CHECK(body_of(pre)["code"] == "cors.origin_not_allowed");
    auto post = cli.Post("/api/v1/events/open-event/registrations", evil,
                         payload("open-event", key_for(1), "a@example.se").dump(), "application/json");
    REQUIRE(post);
    CHECK(post->status == 403);
    auto get = cli.Get("/api/v1/events", evil);
    REQUIRE(get);
    CHECK(get->status == 200);
    CHECK_FALSE(get->has_header("Access-Control-Allow-Origin"));
}

TEST_CASE("the server's own origin may post (the widget it serves)") {
    TestServer srv;
    auto cli = srv.client();
    const std::string own = "http://127.0.0.1:" + std::to_string(srv.port());
    const json p = payload("open-event", key_for(1), "a@example.se");
    auto r = cli.Post("/api/v1/events/open-event/registrations",
                      httplib::Headers{{"Origin", own}, {"Idempotency-Key", key_for(1)}}, p.dump(), "application/json");
    REQUIRE(r);
    CHECK(r->status == 201);
    CHECK(r->get_header_value("Access-Control-Allow-Origin") == own);
}

}

TEST_SUITE("server: admin export") {

TEST_CASE("the CSV needs the bearer token") {
    TempDir dir;
    { std::ofstream(dir.file("token")) << admin_token << "\n"; }
    TestServer srv([&](deltag::server::Options& o) { o.admin_token_file = dir.file("token"); });
    auto cli = srv.client();
    const char* url = "/api/v1/admin/events/open-event/registrations.csv";
    struct Case {
        const char* name;
        httplib::Headers headers;
        int status;
    };
    const Case cases[] = {
        {"no header", {}, 401},
        {"wrong token", {{"Authorization", "Bearer wrong-token-0123456789"}}, 401},
        {"a prefix of the token", {{"Authorization", "Bearer test-admin"}}, 401},
        {"not Bearer", {{"Authorization", "Basic dGVzdDp0ZXN0"}}, 401},
        {"percent-encoded CR LF", {{"Authorization", "Bearer " + admin_token + "%0d%0a"}}, 401},
        {"the token", {{"Authorization", "Bearer " + admin_token}}, 200},
    };
    for (const auto& c : cases) {
        CAPTURE(c.name);
        auto r = cli.Get(url, c.headers);
        REQUIRE(r);
        CHECK(r->status == c.status);
        if (c.status == 401) {
            CHECK(body_of(r)["code"] == "admin.unauthorized");
            CHECK(r->get_header_value("WWW-Authenticate") == "Bearer");
        }
    }
}

TEST_CASE("without a configured token the admin routes are disabled") {
    TestServer srv;
    auto cli = srv.client();
    auto r = cli.Get("/api/v1/admin/events/open-event/registrations.csv",
                     httplib::Headers{{"Authorization", "Bearer anything-at-all-123"}});
    REQUIRE(r);
    CHECK(r->status == 403);
    CHECK(body_of(r)["code"] == "admin.disabled");
}

TEST_CASE("the CSV is UTF-8 with BOM, neutralises formulas and leaves sensitive fields out unless asked") {
    TempDir dir;
    { std::ofstream(dir.file("token")) << admin_token; }
    TestServer srv([&](deltag::server::Options& o) { o.admin_token_file = dir.file("token"); });
    auto cli = srv.client();
    json p = payload("open-event", key_for(1), "a@example.se");
    p["answers"]["note"] = "=HYPERLINK(\"http://evil.example\")";
    p["answers"]["name"] = "Åsa Öberg";
    REQUIRE(post_registration(cli, "open-event", p)->status == 201);
    const httplib::Headers auth{{"Authorization", "Bearer " + admin_token}};

    auto r = cli.Get("/api/v1/admin/events/open-event/registrations.csv", auth);
    REQUIRE(r);
    CHECK(r->status == 200);
    CHECK(r->get_header_value("Content-Type") == "text/csv; charset=utf-8");
    CHECK(r->body.rfind("\xEF\xBB\xBFreference,status,waitlist_position,waitlist_reason,registered_at,locale,"
                        "name,email,organisation,note\r\n", 0) == 0);
    CHECK(r->body.find("\"'=HYPERLINK(\"\"http://evil.example\"\")\"") != std::string::npos);
    CHECK(r->body.find("Åsa Öberg") != std::string::npos);
    CHECK(r->body.find("Stockholm (se 0180)") != std::string::npos);
    CHECK(r->body.find("criteria") == std::string::npos);
    CHECK(r->body.find("consent_sensitive") == std::string::npos);

    auto s = cli.Get("/api/v1/admin/events/open-event/registrations.csv?include_sensitive=1", auth);
    REQUIRE(s);
    CHECK(s->status == 200);
    CHECK(s->body.find(",note,criteria,consent_sensitive\r\n") != std::string::npos);
    CHECK(s->body.find(",a,true (2026-01)\r\n") != std::string::npos);
}

}
