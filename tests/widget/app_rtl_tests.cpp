// The view model's direction (issue 12): a right-to-left widget language makes the whole item list
// right to left, the page gets it in the JSON, and values inserted into messages are isolated.
#include "fixture.hpp"

using namespace deltag::widget;
using namespace deltag::widget::test;

namespace {

struct ShownIn {
    FakeHost host;
    App app;
    explicit ShownIn(const char* lang) : app(host, config("seminar", lang)) {
        app.init();
        app.on_http(host.latest("GET", "/api/v1/events")->id, 200, event_body());
    }
};

} // namespace

TEST_CASE("Yiddish and Arabic widgets are right to left, and say so to the page") {
    for (const char* lang : {"yi", "ar"}) {
        CAPTURE(lang);
        ShownIn w(lang);
        const ViewModel vm = w.app.view();
        CHECK(vm.lang == lang);
        CHECK(vm.dir == "rtl");
        const auto j = nlohmann::json::parse(to_json_text(vm));
        CHECK(j["dir"] == "rtl");
        CHECK(j["lang"] == lang);
    }
}

TEST_CASE("Swedish, Danish and English widgets stay left to right") {
    for (const char* lang : {"sv", "da", "en"}) {
        CAPTURE(lang);
        ShownIn w(lang);
        CHECK(w.app.view().dir == "ltr");
        CHECK(nlohmann::json::parse(to_json_text(w.app.view()))["dir"] == "ltr");
    }
}

TEST_CASE("right to left, the number of places left is isolated in its sentence") {
    ShownIn w("yi");
    const ViewModel vm = w.app.view();
    const Item* avail = vm.find("t-availability");
    REQUIRE(avail);
    // The test event has places left: the count sits between FSI and PDI.
    CHECK(avail->label.find("\xE2\x81\xA8") != std::string::npos);
    CHECK(avail->label.find("\xE2\x81\xA9") != std::string::npos);
}

TEST_CASE("right to left, each field's label in the error summary is isolated; left to right it is as written") {
    for (const char* lang : {"yi", "sv"}) {
        CAPTURE(lang);
        ShownIn w(lang);
        w.app.on_activate("b-signup");
        w.app.on_activate("b-submit"); // every required field empty
        const ViewModel vm = w.app.view();
        const Item* summary = vm.find("s-summary");
        REQUIRE(summary);
        REQUIRE_FALSE(summary->links.empty());
        for (const ItemLink& l : summary->links) {
            CAPTURE(l.label);
            // "Vilka programpunkter vill du gå på?" in a Yiddish sentence keeps its question mark.
            const bool isolated = l.label.rfind("\xE2\x81\xA8", 0) == 0 && l.label.find("\xE2\x81\xA9: ") != std::string::npos;
            CHECK(isolated == (std::string(lang) == "yi"));
        }
        // The item's own language and direction: the painter's base direction for its text.
        const Item* name = vm.find("f-name");
        REQUIRE(name);
        if (std::string(lang) == "yi") {
            CHECK(name->lang == "sv"); // the test event's label is Swedish only
            CHECK(name->dir == "ltr");
        }
    }
}

TEST_CASE("a session's title from a fallback language carries that language, as the event's title does") {
    FakeHost host;
    App app(host, config("seminar", "yi"));
    app.init();
    nlohmann::json ev = test_event();
    ev["sessions"][0]["title"] = {{"sv", "Förmiddagens pass (del 1)"}};
    app.on_http(host.latest("GET", "/api/v1/events")->id, 200, event_body(availability(), ev));
    const ViewModel vm = app.view();
    const Item* title = vm.find("t-session-main-title");
    REQUIRE(title);
    CHECK(title->label == "Förmiddagens pass (del 1)");
    CHECK(title->lang == "sv");
    CHECK(title->dir == "ltr"); // drawn left to right inside the mirrored page: "(del 1)" stays
    CHECK(vm.find("h-title")->lang == "sv");
}
