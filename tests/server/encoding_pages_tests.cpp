// Issue 13's remaining bytes: the events list compressed as the request accepts (its text once
// per content, the server time fresh), every other JSON answer compressed per request when it is
// worth it, and the standalone page /e/{event} carrying the event's title and date as HTML in the
// page's language (Lighthouse's LCP, the visitor's first words before the wasm).
#include "decoded_body.hpp"
#include "harness.hpp"

#include "per_request_answer.hpp"

#include <doctest/doctest.h>

#include <fstream>

using namespace deltag::testing;

namespace {

struct Form {
    const char* accept; // nullptr: no Accept-Encoding header
    const char* encoding;
};
const Form forms[] = {{"br", "br"}, {"gzip", "gzip"}, {nullptr, ""}, {"gzip, deflate, br", "br"},
                      {"br;q=0, gzip", "gzip"}, {"br;q=0, gzip;q=0", ""}, {"*;q=0", ""}};

httplib::Headers with_accept(const char* accept, httplib::Headers more = {}) {
    if (accept) more.emplace("Accept-Encoding", accept);
    return more;
}

} // namespace

TEST_SUITE("server: compressed lists and answers, the standalone page's text") {

TEST_CASE("the events list in each language is compressed as the request accepts, revalidated by ETag") {
    TestServer srv;
    auto cli = raw_client(srv);
    for (const std::string query : {"", "?lang=sv", "?lang=da", "?lang=en"}) {
        const std::string path = "/api/v1/events" + query;
        auto plain = cli.Get(path.c_str());
        REQUIRE(plain);
        REQUIRE(plain->status == 200);
        const json list = json::parse(plain->body);
        REQUIRE(list["events"].size() >= 2);
        CHECK(list["events"][0].contains("event"));
        CHECK(list["events"][0].contains("availability"));
        CHECK(list.contains("server_time"));
        for (const Form& f : forms) {
            CAPTURE(path);
            CAPTURE(f.accept ? f.accept : "(none)");
            auto r = cli.Get(path.c_str(), with_accept(f.accept));
            REQUIRE(r);
            REQUIRE(r->status == 200);
            CHECK(r->get_header_value("Content-Encoding") == f.encoding);
            CHECK(r->get_header_value("Vary").find("Accept-Encoding") != std::string::npos);
            CHECK(r->get_header_value("Content-Length") == std::to_string(r->body.size()));
            CHECK(r->get_header_value("Cache-Control") == "no-cache");
            CHECK(decoded(*r) == plain->body); // the same clock, no sign-up in between
            const std::string etag = r->get_header_value("ETag");
            auto wrong = cli.Get(path.c_str(), with_accept(f.accept, {{"If-None-Match", "\"not-this-one\""}}));
            REQUIRE(wrong);
            CHECK(wrong->status == 200);
            auto right = cli.Get(path.c_str(), with_accept(f.accept, {{"If-None-Match", etag}}));
            REQUIRE(right);
            CHECK(right->status == 304);
        }
    }
}

TEST_CASE("the events list's compressed text follows a sign-up and the clock") {
    TestServer srv;
    auto cli = raw_client(srv);
    auto before = cli.Get("/api/v1/events?lang=sv", {{"Accept-Encoding", "br"}});
    REQUIRE(before);
    REQUIRE(before->get_header_value("Content-Encoding") == "br");
    auto mine = srv.client();
    auto signed_up = post_registration(mine, "open-event", payload("open-event", key_for(1), "list@example.se"));
    REQUIRE(signed_up);
    REQUIRE(signed_up->status == 201);
    srv.now += 60;
    auto confirmed_of = [](const json& list) {
        for (const auto& e : list["events"])
            if (e["event"]["id"] == "open-event") return e["availability"]["confirmed"].get<int>();
        return -1;
    };
    for (const char* accept : {"br", "gzip"}) {
        CAPTURE(accept);
        auto after = cli.Get("/api/v1/events?lang=sv", {{"Accept-Encoding", accept}});
        REQUIRE(after);
        const json was = json::parse(brotli_decode(before->body));
        const json now = json::parse(decoded(*after));
        CHECK(confirmed_of(now) == confirmed_of(was) + 1);
        CHECK(now["server_time"] != was["server_time"]);
    }
}

TEST_CASE("a JSON answer made per request is compressed when accepted and worth it") {
    TestServer srv;
    auto cli = raw_client(srv);
    // A registration refused field by field: made per request, long enough to compress.
    json body = payload("open-event", key_for(7), "not an address");
    body["answers"] = json::object();
    for (int i = 0; i < 8; ++i) body["answers"]["not-a-field-" + std::to_string(i)] = "x"; // one error each
    for (const Form& f : forms) {
        CAPTURE(f.accept ? f.accept : "(none)");
        auto r = cli.Post("/api/v1/events/open-event/registrations",
                          with_accept(f.accept, {{"Idempotency-Key", key_for(7)}}), body.dump(), "application/json");
        REQUIRE(r);
        REQUIRE(r->status == 422);
        const std::string text = decoded(*r);
        REQUIRE(text.size() >= deltag::server::kCompressFromBytes);
        CHECK(r->get_header_value("Content-Encoding") == f.encoding);
        CHECK(r->get_header_value("Vary").find("Accept-Encoding") != std::string::npos);
        CHECK(r->get_header_value("Content-Length") == std::to_string(r->body.size()));
        const json answer = json::parse(text, nullptr, false);
        REQUIRE(answer.is_object());
        CHECK(answer["errors"].size() >= 3);
    }
    // A short answer stays as it is: the header would cost what compression saves.
    auto missing = cli.Get("/api/v1/events/no-such-event", {{"Accept-Encoding", "br"}});
    REQUIRE(missing);
    CHECK(missing->status == 404);
    CHECK(missing->get_header_value("Content-Encoding") == "");
    CHECK(json::parse(missing->body)["code"] == "event.not_found");
}

TEST_CASE("the standalone page carries the event's title and date as HTML in the page's language") {
    TempDir dist;
    std::ofstream(dist.file("standalone.html"))
        << "<!doctype html><html><body><div id=\"deltag\" data-deltag><!--deltag:event--></div></body></html>";
    TestServer srv([&](deltag::server::Options& o) { o.static_dirs = {dist.path()}; });
    auto cli = raw_client(srv);
    struct Case {
        const char* path;
        const char* accept_language; // nullptr: none sent
        const char* title;
        const char* when;
        const char* lang;
    };
    const Case cases[] = {
        {"/e/open-event", nullptr, "Testevenemang", "3 december 2099, kl. 09:15–12:15", "sv"}, // the event's own
        {"/e/open-event", "en-GB,en;q=0.8", "Test event", "3 December 2099, 09:15–12:15", "en"},
        {"/e/open-event", "fr-FR, nb;q=0.9", "Test event", "3. december 2099 kl. 09:15-12:15", "da"}, // Norwegian reads Danish; no Danish title
        {"/e/open-event?lang=en", "sv", "Test event", "3 December 2099, 09:15–12:15", "en"},
        {"/e/open-event/", "sv-SE", "Testevenemang", "3 december 2099, kl. 09:15–12:15", "sv"},
    };
    for (const Case& c : cases) {
        CAPTURE(c.path);
        CAPTURE(c.accept_language ? c.accept_language : "(none)");
        httplib::Headers h{{"Accept-Encoding", "br"}};
        if (c.accept_language) h.emplace("Accept-Language", c.accept_language);
        auto r = cli.Get(c.path, h);
        REQUIRE(r);
        REQUIRE(r->status == 200);
        CHECK(r->get_header_value("Content-Encoding") == "br");
        CHECK(r->get_header_value("Vary").find("Accept-Language") != std::string::npos);
        CHECK(r->get_header_value("Cache-Control") == "no-cache");
        const std::string page = decoded(*r);
        CHECK(page.find("<!--deltag:event-->") == std::string::npos);
        CHECK(page.find(std::string("<h1 class=\"deltag-placeholder-title\">") + c.title + "</h1>") != std::string::npos);
        CHECK(page.find(std::string("<p class=\"deltag-placeholder-text\">") + c.when + "</p>") != std::string::npos);
        CHECK(page.find(std::string("deltag-prerendered\" lang=\"") + c.lang + "\"") != std::string::npos);
        // Revalidation: the tag names this language's page.
        auto again = cli.Get(c.path, [&] { auto more = h; more.emplace("If-None-Match", r->get_header_value("ETag")); return more; }());
        REQUIRE(again);
        CHECK(again->status == 304);
    }
    // An event the server does not know: the page as it is, without a title (the widget says so).
    auto unknown = cli.Get("/e/no-such-event");
    REQUIRE(unknown);
    CHECK(unknown->status == 200);
    CHECK(unknown->body == "<!doctype html><html><body><div id=\"deltag\" data-deltag></div></body></html>");
}

TEST_CASE("answers carry no Keep-Alive announcement; a 304 only what updates the stored answer") {
    TempDir dist;
    std::ofstream(dist.file("embed.js")) << "/* the loader */";
    TestServer srv([&](deltag::server::Options& o) { o.static_dirs = {dist.path()}; });
    auto cli = raw_client(srv);
    for (const char* path : {"/embed.js", "/api/v1/events?lang=sv", "/api/v1/catalogs/sv", "/api/v1/events/no-such-event"}) {
        CAPTURE(path);
        auto r = cli.Get(path, {{"Accept-Encoding", "br"}});
        REQUIRE(r);
        CHECK_FALSE(r->has_header("Keep-Alive"));
        CHECK(r->get_header_value("X-Content-Type-Options") == "nosniff"); // a security header stays
        if (r->status != 200) continue;
        auto again = cli.Get(path, {{"Accept-Encoding", "br"}, {"If-None-Match", r->get_header_value("ETag")}});
        REQUIRE(again);
        CHECK(again->status == 304);
        CHECK_FALSE(again->has_header("Keep-Alive"));
        CHECK_FALSE(again->has_header("X-Content-Type-Options"));
        CHECK_FALSE(again->has_header("Access-Control-Allow-Origin"));
        CHECK_FALSE(again->has_header("Content-Length"));
        CHECK(again->get_header_value("ETag") == r->get_header_value("ETag"));
        CHECK(again->get_header_value("Cache-Control") == r->get_header_value("Cache-Control"));
        CHECK(again->get_header_value("Vary").find("Accept-Encoding") != std::string::npos);
    }
    // The connection still persists without the announcement.
    auto one = cli.Get("/embed.js");
    auto two = cli.Get("/embed.js");
    REQUIRE(one);
    REQUIRE(two);
}

} // TEST_SUITE
