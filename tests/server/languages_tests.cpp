// Issue 12 on the server: an agency's catalogs folder (--catalogs), checked at start; every text
// answer normalised to NFC before validation and storage.
#include "harness.hpp"

#include "deltag/catalog.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

using namespace deltag::testing;

namespace {

// The catalogs an agency adds live in the core for the whole process: each test removes what it
// added, so the suites that walk catalog_languages() see the compiled-in set.
struct DropAfter {
    std::string lang;
    ~DropAfter() { deltag::unload_catalog(lang); }
};

} // namespace

TEST_SUITE("server: languages") {

TEST_CASE("--catalogs adds a language: served with its own texts, the rest along its chain, and named in the switch") {
    if (deltag::has_catalog("smj")) return; // the compiled-in Lule Sami would be overridden, not added
    TempDir dir;
    { std::ofstream(dir.file("smj.json")) << R"({"_locale.endonym": "Julevsámegiella", "widget.retry": "Gæhttjal ådåsis"})"; }
    const DropAfter drop{"smj"};
    TestServer srv([&](deltag::server::Options& o) { o.catalogs_dir = dir.path(); });
    auto cli = srv.client();
    auto r = cli.Get("/api/v1/catalogs/smj");
    REQUIRE(r);
    CHECK(r->status == 200);
    const json j = body_of(r);
    CHECK(j["widget.retry"] == "Gæhttjal ådåsis");
    CHECK(j["email.invalid"] == deltag::message("sv", "email.invalid")); // smj -> sv
    auto sv = cli.Get("/api/v1/catalogs/sv");
    REQUIRE(sv);
    CHECK(body_of(sv)["_locale.endonym.smj"] == "Julevsámegiella");
    CHECK(body_of(sv)["_locale.name.smj"] == "lulesamiska");
    // The events speak it too: a text without Lule Sami comes in Swedish, keyed "sv".
    auto ev = cli.Get("/api/v1/events/open-event?lang=smj");
    REQUIRE(ev);
    CHECK(ev->status == 200);
    CHECK(body_of(ev)["title"].contains("sv"));
}

TEST_CASE("a bad catalog file stops start-up with a message naming the file, the key and the code") {
    struct Case {
        const char* file;
        const char* text;
        const char* expected;
    };
    const Case cases[] = {
        {"se.json", R"({"widget.retyr": "Geahččal ođđasit"})", "widget.retyr\": catalog.unknown_key"},
        {"se.json", R"({"widget.retry": 3})", "catalog.not_text"},
        {"se.json", R"({"field.too_long": "Eanemus {maks} mearkka"})", "catalog.placeholder_unknown"},
        {"se.json", "{ not json", "catalog.invalid"},
        {"Sami.json", R"({"widget.retry": "x"})", "catalog.lang_invalid"},
    };
    for (const Case& c : cases) {
        CAPTURE(c.file);
        TempDir dir;
        std::filesystem::create_directories(dir.file("catalogs"));
        { std::ofstream(dir.file(std::string("catalogs/") + c.file)) << c.text; }
        auto [status, err] = run_binary({"--events", fixtures_dir(), "--catalogs", dir.file("catalogs"), "--db",
                                         dir.file("x.db"), "--port", "0", "--mail-dir", dir.file("mail")});
        CHECK(status == 1);
        CHECK(err.find(c.file) != std::string::npos);
        CHECK(err.find(c.expected) != std::string::npos);
    }
    TempDir dir;
    auto [status, err] = run_binary({"--events", fixtures_dir(), "--catalogs", "/no/such/folder", "--db",
                                     dir.file("x.db"), "--mail-dir", dir.file("mail")});
    CHECK(status == 1);
    CHECK(err.find("/no/such/folder") != std::string::npos);
}

TEST_CASE("a sign-up's text answers are stored as NFC, byte for byte") {
    TempDir dir;
    { std::ofstream(dir.file("token")) << "admin-token-for-the-nfc-test-0123456789"; }
    TestServer srv([&](deltag::server::Options& o) { o.admin_token_file = dir.file("token"); });
    auto cli = srv.client();
    json p = payload("open-event", key_for(7), "nfc@example.se");
    // Decomposed as some keyboards and pastes give it: e + circumflex + tilde, a + ring, a + diaeresis.
    p["answers"]["name"] = "Nguye\xCC\x82\xCC\x83n A\xCC\x8A" "sa Bja\xCC\x88rne";
    p["answers"]["note"] = "\xEF\xAC\xAE"; // presentation-form alef with patah
    REQUIRE(post_registration(cli, "open-event", p)->status == 201);
    auto r = cli.Get("/api/v1/admin/events/open-event/registrations.csv",
                     httplib::Headers{{"Authorization", "Bearer admin-token-for-the-nfc-test-0123456789"}});
    REQUIRE(r);
    REQUIRE(r->status == 200);
    CHECK(r->body.find("Nguy\xE1\xBB\x85n \xC3\x85sa Bj\xC3\xA4rne") != std::string::npos);
    CHECK(r->body.find("\xD7\x90\xD6\xB7") != std::string::npos);
    CHECK(r->body.find("e\xCC\x82") == std::string::npos);
}

} // TEST_SUITE
