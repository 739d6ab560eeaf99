// GET /api/v1/catalogs/{lang} and /api/v1/organisations/{country}: the reference data the widget
// fetches instead of carrying it in its wasm, from the core's compiled-in copy, cacheable.
#include "harness.hpp"

#include "deltag/catalog.hpp"
#include "deltag/organisations.hpp"

#include <doctest/doctest.h>

#include <algorithm>

#include <set>
#include <string>

using namespace deltag::testing;

TEST_SUITE("server: reference data") {

TEST_CASE("each language's catalog is served merged, exactly as the core has it, without the staff-only messages") {
    TestServer srv;
    auto cli = srv.client();
    for (const std::string& lang : deltag::catalog_languages()) {
        CAPTURE(lang);
        auto r = cli.Get(("/api/v1/catalogs/" + lang).c_str());
        REQUIRE(r);
        CHECK(r->status == 200);
        CHECK(r->get_header_value("Content-Type") == "application/json; charset=utf-8");
        CHECK(r->get_header_value("Cache-Control") == "public, max-age=600");
        CHECK(r->body == deltag::visitor_catalog_json(lang));
        const json j = body_of(r);
        REQUIRE(j.is_object());
        // What a visitor may see along the language's chain (fit -> fi -> sv), plus every
        // language's own name for the switch (_locale.endonym.<tag>, issue 12).
        std::set<std::string> expected;
        for (const std::string& l : deltag::catalog_chain(lang))
            for (const std::string& k : deltag::catalog_keys(l))
                if (deltag::visitor_can_see(k)) expected.insert(k);
        for (const std::string& l : deltag::catalog_languages()) expected.insert("_locale.endonym." + l);
        std::set<std::string> served;
        for (auto it = j.begin(); it != j.end(); ++it) served.insert(it.key());
        CHECK(served == expected);
        // A core key, a widget key and an offline key: all three files are in.
        CHECK(j["email.invalid"] == deltag::message(lang, "email.invalid"));
        CHECK(j["widget.retry"] == deltag::message(lang, "widget.retry"));
        CHECK(j["widget.kiosk.queue_title"] == deltag::message(lang, "widget.kiosk.queue_title"));
        // Every other key exactly as the core has it; the event and form files' and the admin
        // API's messages stay with the server (catalog.hpp, staff_only_codes).
        for (const std::string& key : deltag::catalog_keys(lang)) {
            CAPTURE(key);
            if (deltag::visitor_can_see(key))
                CHECK(j.value(key, "") == deltag::message(lang, key));
            else
                CHECK_FALSE(j.contains(key));
        }
        CHECK_FALSE(j.contains("event.time_order"));
        CHECK_FALSE(j.contains("form.field_type_unknown"));
        CHECK_FALSE(j.contains("admin.unauthorized"));
        CHECK(j.contains("event.not_found"));
    }
}

// The widget shows the code of any refusal it gets (the kiosk's queue names the code of every
// final refusal, wasm/app/outbox.cpp), so every code the server answers its requests with must be in
// the catalog it fetches. The requests here are the widget's (wasm/app*.cpp), made wrong in each
// way the server tells apart.
TEST_CASE("every code the server answers the widget's requests with is in the catalog the widget fetches") {
    TestServer srv([](deltag::server::Options& o) { o.allow_origins = {"https://host.example"}; });
    auto cli = srv.client();
    std::set<std::string> codes;
    auto collect = [&](const httplib::Result& r) {
        REQUIRE(r);
        CAPTURE(r->status);
        CHECK(r->status >= 400);
        const json b = body_of(r);
        if (b.contains("code")) codes.insert(b["code"].get<std::string>());
        if (b.contains("errors"))
            for (const auto& e : b["errors"]) codes.insert(e["code"].get<std::string>());
    };
    const std::string url = "/api/v1/events/open-event/registrations";
    const std::string key = key_for(1);
    const json good = payload("open-event", key, "a@example.se");
    const httplib::Headers with_key{{"Idempotency-Key", key}};

    // GET the list, an event, a catalog, a country's list.
    collect(cli.Get("/api/v1/events?lang=x"));
    collect(cli.Get("/api/v1/events/no-such?lang=sv"));
    collect(cli.Get("/api/v1/catalogs/pl"));
    collect(cli.Get("/api/v1/organisations/no"));
    // POST a sign-up.
    json invalid = payload("open-event", key_for(2), "not-an-address");
    invalid["answers"].erase("name");
    collect(post_registration(cli, "open-event", invalid));
    json outdated = payload("open-event", key_for(3), "b@example.se");
    outdated["consents"]["consent_sensitive"] = "2025-01";
    collect(post_registration(cli, "open-event", outdated));
    collect(cli.Post(url.c_str(), with_key, "{\"event\":", "application/json"));
    collect(post_registration(cli, "open-event", good, ""));
    collect(post_registration(cli, "open-event", good, key_for(9)));
    collect(post_registration(cli, "open-event", payload("unlimited", key, "a@example.se")));
    collect(post_registration(cli, "no-such", payload("no-such", key, "a@example.se")));
    collect(cli.Post(url.c_str(), with_key, good.dump(), "text/plain"));
    json big = good;
    big["answers"]["note"] = std::string(70 * 1024, 'x');
    collect(cli.Post(url.c_str(), with_key, big.dump(), "application/json"));
    collect(cli.Post(url.c_str(), httplib::Headers{{"Idempotency-Key", key}, {"Origin", "https://evil.example"}},
                     good.dump(), "application/json"));
    collect(cli.Post(url.c_str(), httplib::Headers{{"Idempotency-Key", key}, {"Origin", "https://a.example%00"}},
                     good.dump(), "application/json"));
    collect(post_registration(cli, "closed", payload("closed", key_for(4), "c@example.se")));
    collect(post_registration(cli, "not-open", payload("not-open", key_for(5), "d@example.se")));
    // POST a cancellation.
    collect(cli.Post("/api/v1/registrations/DLT-NOSUCH/cancel", json{{"token", std::string(64, 'a')}}.dump(),
                     "application/json"));

    const std::set<std::string> expected{
        "request.invalid", "event.not_found", "request.not_found", "field.required", "email.invalid",
        "consent.outdated", "payload.malformed", "payload.bad_key", "payload.key_mismatch",
        "payload.event_mismatch", "payload.unsupported_media_type", "payload.too_large",
        "cors.origin_not_allowed", "payload.bad_header", "registration.closed",
        "registration.not_open_yet", "registration.not_found"};
    CHECK(codes == expected);
    for (const std::string& lang : deltag::catalog_languages()) {
        auto r = cli.Get(("/api/v1/catalogs/" + lang).c_str());
        REQUIRE(r);
        const json served = body_of(r);
        for (const std::string& code : codes) {
            CAPTURE(lang);
            CAPTURE(code);
            CHECK(served.value(code, "") == deltag::message(lang, code));
        }
    }
}

TEST_CASE("a catalog is revalidated with its ETag: 304 without a body") {
    TestServer srv;
    auto cli = srv.client();
    auto first = cli.Get("/api/v1/catalogs/da");
    REQUIRE(first);
    const std::string etag = first->get_header_value("ETag");
    REQUIRE(etag.size() > 2);
    auto again = cli.Get("/api/v1/catalogs/da", httplib::Headers{{"If-None-Match", etag}});
    REQUIRE(again);
    CHECK(again->status == 304);
    CHECK(again->body.empty());
    // Another language's tag does not match.
    auto other = cli.Get("/api/v1/catalogs/sv", httplib::Headers{{"If-None-Match", etag}});
    REQUIRE(other);
    CHECK(other->status == 200);
}

TEST_CASE("an unknown language or country is 404 request.not_found") {
    TestServer srv;
    auto cli = srv.client();
    for (const char* path : {"/api/v1/catalogs/pl", "/api/v1/catalogs/SV", "/api/v1/organisations/no",
                             "/api/v1/organisations/"}) {
        CAPTURE(path);
        auto r = cli.Get(path);
        REQUIRE(r);
        CHECK(r->status == 404);
        if (std::string(path).back() != '/') CHECK(body_of(r)["code"] == "request.not_found");
    }
}

TEST_CASE("each country's municipalities are served with their codes and minority-language names") {
    TestServer srv;
    auto cli = srv.client();
    auto se = cli.Get("/api/v1/organisations/se");
    auto dk = cli.Get("/api/v1/organisations/dk");
    REQUIRE(se);
    REQUIRE(dk);
    CHECK(se->status == 200);
    CHECK(dk->status == 200);
    CHECK(se->get_header_value("Cache-Control") == "public, max-age=600");
    const json sweden = body_of(se), denmark = body_of(dk);
    REQUIRE(sweden.is_array());
    REQUIRE(denmark.is_array());
    CHECK(sweden.size() == 290);
    CHECK(denmark.size() == 98);
    bool kiruna = false;
    for (const auto& m : sweden)
        if (m["code"] == "2584") kiruna = m["name"] == "Kiruna" && m["other_names"] == json::array({"Giron"});
    CHECK(kiruna);
    CHECK(denmark[0].contains("code"));
    CHECK_FALSE(denmark[0].contains("country")); // the path says which country
}

} // TEST_SUITE
