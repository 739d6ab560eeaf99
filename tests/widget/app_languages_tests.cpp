// Issue 12 in the App: the switch offers the page's languages (data-langs) by their own names plus
// the page language's; a text from a fallback language carries its lang; dates the browser's Intl
// cannot format in the exact language come from the catalog (the compiled-in se.json).
#include "fixture.hpp"

#include "deltag/catalog.hpp"
#include "deltag/localize.hpp"
#include "../core/keep_catalog.hpp"

using namespace deltag::widget;
using namespace deltag::widget::test;

namespace {

// What an agency's catalog folder could add to the compiled-in North Sami catalog: its name for
// Swedish (the compiled-in catalogs name other languages only in sv, da and en so far).
const char* const north_sami_names = R"({"_names": {"sv": "ruoŧagiella"}})";

using deltag::test::KeepCatalog;

// The browser as Chromium is: Intl has no North Sami dates, so the page answers "".
struct ChromiumHost : FakeHost {
    std::string format_when(std::string_view start, std::string_view end, std::string_view lang) override {
        return lang == "se" ? std::string() : FakeHost::format_when(start, end, lang);
    }
};

// A single-event widget in North Sami offering sv and se, its event answered as the server
// projects it for ?lang=se (the Swedish texts, keyed "sv").
struct SeminarInNorthSami {
    KeepCatalog keep{"se"};
    ChromiumHost host;
    std::unique_ptr<App> app;
    SeminarInNorthSami() {
        REQUIRE(deltag::add_catalog("se", north_sami_names).empty());
        AppConfig c = config("seminar", "se");
        c.langs = {"sv", "se"};
        app = std::make_unique<App>(host, c);
        app->init();
        auto parsed = deltag::parse_event(test_event());
        REQUIRE(parsed.ok());
        const nlohmann::json projected = deltag::to_json(deltag::in_language(parsed.value, "se"));
        app->on_http(host.latest("GET", "/api/v1/events")->id, 200, event_body(availability(), projected));
    }
};

} // namespace

TEST_CASE("the config's langs are the switch's languages, each named in itself plus the page language") {
    SeminarInNorthSami f;
    const ViewModel vm = f.app->view();
    REQUIRE(vm.lang == "se");
    REQUIRE(vm.find("b-lang-se"));
    REQUIRE(vm.find("b-lang-sv"));
    CHECK_FALSE(vm.find("b-lang-da"));
    CHECK(vm.find("b-lang-se")->label == "Davvisámegiella");
    CHECK(vm.find("b-lang-sv")->label == "Svenska (ruoŧagiella)");
    CHECK(vm.find("b-lang-sv")->lang == "sv");
}

TEST_CASE("a title shown from the fallback language carries that language; one in the widget's has none") {
    SeminarInNorthSami f;
    const ViewModel vm = f.app->view();
    REQUIRE(vm.find("h-title"));
    CHECK(vm.find("h-title")->label == "Seminarium om tillgänglighet");
    CHECK(vm.find("h-title")->lang == "sv");
    f.app->on_activate("b-signup");
    const ViewModel form = f.app->view();
    REQUIRE(form.find("f-name"));
    CHECK(form.find("f-name")->lang == "sv");

    FormFixture swedish; // the same texts in the widget's own language
    REQUIRE(swedish.app.view().find("f-name"));
    CHECK(swedish.app.view().find("f-name")->lang.empty());
}

TEST_CASE("a date the browser cannot format in the exact language comes from the catalog's names") {
    SeminarInNorthSami f;
    bool found = false;
    for (const Item& it : f.app->view().items)
        found = found || it.label.find("14. miessemánnu 2030 11:30–12:30") != std::string::npos;
    CHECK(found);
}

TEST_CASE("data-langs reaches the App as a comma list of well-formed tags") {
    const AppConfig c = parse_app_config(R"({"langs": "sv,fi, fit,SE,x,yi"})");
    CHECK(c.langs == std::vector<std::string>{"sv", "fi", "fit", "yi"});
    CHECK(parse_app_config("{}").langs.empty());
}
