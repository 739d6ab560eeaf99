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
