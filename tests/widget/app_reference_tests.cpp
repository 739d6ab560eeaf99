// The widget's wasm carries no catalogs and no municipality lists: the App fetches the catalog of
// the language it shows and the lists its form's organisation field offers (app_reference.cpp).
// These tests drop the compiled-in copies for their duration, as the wasm has none.
#include "fixture.hpp"

#include "deltag/organisations.hpp"

using namespace deltag::widget;
using namespace deltag::widget::test;

namespace {

// Leaves the catalog of lang out while in scope (restored from the compiled-in text after).
struct WithoutCatalog {
    std::string lang, text;
    explicit WithoutCatalog(std::string l) : lang(std::move(l)), text(deltag::catalog_json(lang)) {
        deltag::unload_catalog(lang);
    }
    ~WithoutCatalog() { deltag::load_catalog(lang, text); }
};

struct WithoutMunicipalities {
    std::string country, text;
    explicit WithoutMunicipalities(std::string c)
        : country(std::move(c)), text(deltag::municipalities_json(country)) {
        deltag::unload_municipalities(country);
    }
    ~WithoutMunicipalities() { deltag::load_municipalities(country, text); }
};

} // namespace

TEST_CASE("a widget without its catalog asks for it with the event data and draws once both are here") {
    WithoutCatalog no_danish("da");
    FakeHost host;
    App app(host, config("seminar", "da"));
    app.init();
    const Request* catalog = host.latest("", "/api/v1/catalogs/da");
    REQUIRE(catalog);
    CHECK(catalog->method == "GET");
    CHECK(host.requests.size() == 2); // the catalog and the event, at once
    CHECK_FALSE(app.drawable());
    app.on_http(host.last().id, 200, event_body());
    CHECK_FALSE(app.drawable()); // data without texts: still nothing to draw
    app.on_http(catalog->id, 200, no_danish.text);
    CHECK(app.drawable());
    CHECK(app.screen() == Screen::event);
    CHECK(app.view().find("b-signup")->label == deltag::message("da", "widget.event.signup"));
    CHECK(host.unavailable_reasons.empty());
}

TEST_CASE("a catalog that cannot be loaded hands the widget to the page's fallback") {
    struct Answer {
        int status;
        const char* body;
    };
    const Answer answers[] = {
        {0, ""},
        {404, R"({"code":"request.not_found"})"},
        {500, ""},
        {200, "<html>proxy error</html>"}, // a body that is not a catalog counts as a failure too
    };
    for (const Answer& a : answers) {
        CAPTURE(a.status);
        WithoutCatalog no_english("en");
        FakeHost host;
        App app(host, config("seminar", "en"));
        app.init();
        const Request* catalog = host.latest("", "/api/v1/catalogs/en");
        REQUIRE(catalog);
        app.on_http(catalog->id, a.status, a.body);
        CHECK_FALSE(app.drawable());
        CHECK(app.catalog_failed());
        CHECK(host.unavailable_reasons == std::vector<std::string>{"catalog"});
        CHECK(host.warnings.size() == 1);
    }
}

TEST_CASE("switching to a language not loaded keeps the old one on screen until its catalog arrives") {
    FormFixture f;
    WithoutCatalog no_english("en");
    const std::size_t before = f.host.requests.size();
    f.app.on_activate("b-lang-en");
    CHECK(f.app.lang() == "sv");
    REQUIRE(f.host.requests.size() == before + 1);
    CHECK(f.host.last().url == "https://deltag.example/api/v1/catalogs/en");
    CHECK(f.view().find("b-lang-sv")->pressed);
    CHECK(f.view().find("h-form")->label ==
          deltag::message("sv", "widget.form.title", {{"title", "Seminarium om tillgänglighet"}}));
    // Choosing it again while it is on its way does not ask twice.
    f.app.on_activate("b-lang-en");
    CHECK(f.host.requests.size() == before + 1);
    f.app.on_http(f.host.last().id, 200, no_english.text);
    CHECK(f.app.lang() == "en");
    CHECK(f.view().find("b-lang-en")->pressed);
    CHECK(f.view().find("f-name")->label == "Name");
}

TEST_CASE("a language whose catalog fails to load leaves the widget in the old one and says so") {
    FormFixture f;
    WithoutCatalog no_danish("da");
    f.app.on_activate("b-lang-da");
    f.app.on_http(f.host.last().id, 0, "");
    CHECK(f.app.lang() == "sv");
    CHECK(f.app.drawable());
    CHECK(f.host.unavailable_reasons.empty());
    const ViewModel vm = f.view();
    CHECK(vm.status.text == deltag::message("sv", "widget.status.lang_failed"));
    CHECK(vm.status.politeness == "assertive");
    CHECK(vm.find("f-name")->label == "Namn");
    // Trying again asks again, and the new language comes once it loads.
    f.app.on_activate("b-lang-da");
    REQUIRE(f.host.last().url == "https://deltag.example/api/v1/catalogs/da");
    f.app.on_http(f.host.last().id, 200, no_danish.text);
    CHECK(f.app.lang() == "da");
    CHECK(f.view().status.text != deltag::message("sv", "widget.status.lang_failed"));
}

TEST_CASE("a form with an organisation picker fetches its country's municipalities when the form opens, and only then") {
    WithoutMunicipalities no_sweden("se");
    WithoutMunicipalities no_denmark("dk");
    FakeHost host;
    App app(host, config("seminar"));
    app.init();
    CHECK_FALSE(host.latest("", "/api/v1/organisations/se"));
    app.on_http(host.last().id, 200, event_body());
    // A visitor who only reads the event does not download the lists.
    CHECK_FALSE(host.latest("", "/api/v1/organisations/se"));
    app.on_activate("b-signup");
    const Request* se = host.latest("", "/api/v1/organisations/se");
    REQUIRE(se);
    CHECK_FALSE(host.latest("", "/api/v1/organisations/dk")); // the field offers Sweden only
    const int se_id = se->id;

    app.on_focus("f-organisation");
    app.on_input("f-organisation", "göte");
    ViewModel vm = app.view();
    REQUIRE(vm.find("f-organisation-list"));
    CHECK(vm.find("f-organisation-list")->help == deltag::message("sv", "widget.org.loading"));
    CHECK(vm.find("f-organisation-list")->options.size() == 1); // "other" is always there
    // Typing while the list is on its way does not ask again.
    std::size_t asked = 0;
    for (const Request& r : host.requests) asked += r.url.find("/organisations/") != std::string::npos;
    CHECK(asked == 1);

    app.on_http(se_id, 200, no_sweden.text);
    vm = app.view();
    REQUIRE(vm.find("f-organisation-list"));
    CHECK(vm.find("f-organisation-list")->help.empty());
    CHECK(vm.find("f-organisation-list")->options.front().label == "Göteborg");
    app.on_choose("f-organisation", "se:1480");
    CHECK(app.answers()["organisation"] == nlohmann::json{{"country", "se"}, {"code", "1480"}});
}

TEST_CASE("a municipality list that cannot be loaded says so, leaves 'other' usable and is asked for again") {
    WithoutMunicipalities no_sweden("se");
    FormFixture f;
    const Request* se = f.host.latest("", "/api/v1/organisations/se");
    REQUIRE(se);
    f.app.on_http(se->id, 503, "");
    f.app.on_focus("f-organisation");
    f.app.on_input("f-organisation", "göte");
    const ViewModel vm = f.view();
    REQUIRE(vm.find("f-organisation-list"));
    CHECK(vm.find("f-organisation-list")->help == deltag::message("sv", "widget.org.unavailable"));
    CHECK(vm.find("f-organisation-list")->options.back().value == "other");
    // Typing asked for the list again.
    REQUIRE(f.host.last().url == "https://deltag.example/api/v1/organisations/se");
    f.app.on_http(f.host.last().id, 200, no_sweden.text);
    f.app.on_input("f-organisation", "göteb");
    CHECK(f.view().find("f-organisation-list")->options.front().label == "Göteborg");
    f.app.on_choose("f-organisation", "other");
    CHECK(f.app.answers()["organisation"] == nlohmann::json{{"other", ""}});
}

TEST_CASE("a second widget on the page does not fetch what the first one loaded") {
    WithoutCatalog no_danish("da");
    FakeHost host1, host2;
    App first(host1, config("seminar", "da"));
    first.init();
    first.on_http(host1.latest("", "/api/v1/catalogs/da")->id, 200, no_danish.text);
    App second(host2, config("", "da"));
    second.init();
    CHECK_FALSE(host2.latest("", "/api/v1/catalogs/da"));
    CHECK(second.drawable());
}
