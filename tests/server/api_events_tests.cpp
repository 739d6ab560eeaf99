// GET /api/v1/events, /api/v1/events/{id}, /healthz, unknown routes, static files, and the
// exception handler: the read side of the API and its error bodies.
#include "harness.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

using namespace deltag::testing;

TEST_SUITE("server: events") {

TEST_CASE("the event list carries every fixture event with its availability and the server time") {
    TestServer srv;
    auto cli = srv.client();
    auto r = cli.Get("/api/v1/events");
    REQUIRE(r);
    CHECK(r->status == 200);
    CHECK(r->get_header_value("Content-Type") == "application/json; charset=utf-8");
    const json j = body_of(r);
    REQUIRE(j["events"].is_array());
    CHECK(j["events"].size() == 9);
    CHECK(j["server_time"] == "2030-01-01T00:00:00Z");
    for (const auto& e : j["events"]) {
        CHECK(e["event"]["id"].is_string());
        CHECK(e["event"]["form"]["fields"].is_array()); // the form inline, not a reference
        CHECK(e["availability"].contains("seats_left"));
    }
}

TEST_CASE("one event shows capacity, counts, seats left and state") {
    struct Case {
        const char* id;
        json capacity, seats_left;
        const char* state;
    };
    const Case cases[] = {
        {"open-event", 20, 20, "open"},
        {"unlimited", nullptr, nullptr, "open"},
        {"closed", 20, 20, "closed"},
        {"not-open", 20, 20, "not_open_yet"},
    };
    TestServer srv;
    auto cli = srv.client();
    for (const auto& c : cases) {
        CAPTURE(c.id);
        auto r = cli.Get((std::string("/api/v1/events/") + c.id).c_str());
        REQUIRE(r);
        CHECK(r->status == 200);
        const json a = body_of(r)["availability"];
        CHECK(a["capacity"] == c.capacity);
        CHECK(a["confirmed"] == 0);
        CHECK(a["waitlisted"] == 0);
        CHECK(a["seats_left"] == c.seats_left);
        CHECK(a["state"] == c.state);
        CHECK(body_of(r)["event"]["id"] == c.id);
    }
}

TEST_CASE("an unknown event is 404 event.not_found") {
    TestServer srv;
    auto cli = srv.client();
    auto r = cli.Get("/api/v1/events/no-such-event");
    REQUIRE(r);
    CHECK(r->status == 404);
    CHECK(body_of(r)["code"] == "event.not_found");
}

TEST_CASE("healthz answers ok at both paths") {
    TestServer srv;
    auto cli = srv.client();
    for (const char* path : {"/healthz", "/api/v1/healthz"}) {
        auto r = cli.Get(path);
        REQUIRE(r);
        CHECK(r->status == 200);
        CHECK(body_of(r)["status"] == "ok");
    }
}

TEST_CASE("an unknown route is a JSON 404 with code not_found") {
    TestServer srv;
    auto cli = srv.client();
    auto r = cli.Get("/api/v1/nothing-here");
    REQUIRE(r);
    CHECK(r->status == 404);
    CHECK(body_of(r)["code"] == "not_found");
}

TEST_CASE("an exception in a handler becomes 500 internal.error") {
    TestServer srv({}, fixture_now, {}, [](deltag::server::App& app) {
        app.http().Get("/api/v1/test-throw", [](const httplib::Request&, httplib::Response&) {
            throw std::runtime_error("boom");
        });
    });
    auto cli = srv.client();
    auto r = cli.Get("/api/v1/test-throw");
    REQUIRE(r);
    CHECK(r->status == 500);
    CHECK(body_of(r)["code"] == "internal.error");
    CHECK(r->body.find("boom") == std::string::npos);
}

TEST_CASE("static folders are served first match first, with application/wasm for .wasm") {
    TempDir a, b;
    { std::ofstream(a.file("index.html")) << "<!doctype html><title>a</title>"; }
    { std::ofstream(a.file("shared.js")) << "// from a"; }
    { std::ofstream(b.file("shared.js")) << "// from b"; }
    { std::ofstream(b.file("deltag-widget.wasm"), std::ios::binary) << std::string("\0asm\1\0\0\0", 8); }
    TestServer srv([&](deltag::server::Options& o) { o.static_dirs = {a.path(), b.path()}; });
    auto cli = srv.client();
    struct Case {
        const char* path;
        const char* type;
    };
    const Case cases[] = {
        {"/", "text/html; charset=utf-8"},
        {"/shared.js", "text/javascript; charset=utf-8"},
        {"/deltag-widget.wasm", "application/wasm"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.path);
        auto r = cli.Get(c.path);
        REQUIRE(r);
        CHECK(r->status == 200);
        CHECK(r->get_header_value("Content-Type") == c.type);
        CHECK(r->get_header_value("X-Content-Type-Options") == "nosniff");
    }
    auto js = cli.Get("/shared.js");
    REQUIRE(js);
    CHECK(js->body == "// from a");
    auto wasm = cli.Get("/deltag-widget.wasm");
    REQUIRE(wasm);
    CHECK(wasm->body.substr(0, 4) == std::string("\0asm", 4));
}

}

TEST_SUITE("server: events") {

TEST_CASE("the database file is readable and writable by its owner only") {
    if (testing_postgresql()) return; // no file: the cluster's own folder is the postmaster's
    TestServer srv;
    const auto owner_only = std::filesystem::perms::owner_read | std::filesystem::perms::owner_write;
    for (const std::string suffix : {"", "-wal", "-shm"}) {
        CAPTURE(suffix);
        CHECK(std::filesystem::status(srv.db_path() + suffix).permissions() == owner_only);
    }
}

}
