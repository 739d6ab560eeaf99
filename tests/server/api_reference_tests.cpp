// GET /api/v1/catalogs/{lang} and /api/v1/organisations/{country}: the reference data the widget
// fetches instead of carrying it in its wasm, from the core's compiled-in copy, cacheable.
#include "harness.hpp"

#include "deltag/catalog.hpp"
#include "deltag/organisations.hpp"

#include <doctest/doctest.h>

using namespace deltag::testing;

TEST_SUITE("server: reference data") {

TEST_CASE("each language's catalog is served merged, exactly as the core has it") {
    TestServer srv;
    auto cli = srv.client();
    for (const std::string& lang : deltag::catalog_languages()) {
        CAPTURE(lang);
        auto r = cli.Get(("/api/v1/catalogs/" + lang).c_str());
        REQUIRE(r);
        CHECK(r->status == 200);
        CHECK(r->get_header_value("Content-Type") == "application/json; charset=utf-8");
        CHECK(r->get_header_value("Cache-Control") == "public, max-age=600");
        const json j = body_of(r);
        REQUIRE(j.is_object());
        CHECK(j.size() == deltag::catalog_keys(lang).size());
        // A core key, a widget key and an offline key: all three files are in.
        CHECK(j["email.invalid"] == deltag::message(lang, "email.invalid"));
        CHECK(j["widget.retry"] == deltag::message(lang, "widget.retry"));
        CHECK(j["widget.kiosk.queue_title"] == deltag::message(lang, "widget.kiosk.queue_title"));
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
    for (const char* path : {"/api/v1/catalogs/de", "/api/v1/catalogs/SV", "/api/v1/organisations/no",
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
