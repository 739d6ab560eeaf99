// The item list as JSON: the contract with web/overlay.js (wasm/web/bridge_protocol.md).
#include "fixture.hpp"

using namespace deltag::widget;
using namespace deltag::widget::test;
using nlohmann::json;

namespace {

json item(const json& model, const std::string& id) {
    for (const auto& it : model["items"])
        if (it["id"] == id) return it;
    return nullptr;
}

} // namespace

TEST_CASE("the JSON model carries language, items, status and a null focus when nothing moves") {
    FormFixture f;
    f.app.take_focus_request();
    const json m = json::parse(to_json_text(f.app.view()));
    CHECK(m["lang"] == "sv");
    CHECK(m["dir"] == "ltr");
    CHECK(m["focus"].is_null());
    CHECK(m["status"]["politeness"] == "polite");
    CHECK(m["items"].is_array());
}

TEST_CASE("a text field's JSON has the keys the overlay needs and leaves out empty ones") {
    FormFixture f;
    f.type("f-email", "anna@");
    const json email = item(json::parse(to_json_text(f.app.view())), "f-email");
    CHECK(email["role"] == "textbox");
    CHECK(email["input_type"] == "email");
    CHECK(email["autocomplete"] == "email");
    CHECK(email["value"] == "anna@");
    CHECK(email["required"] == true);
    CHECK(email["invalid"] == true);
    CHECK(email["error"] == deltag::message("sv", "email.invalid"));
    CHECK(email["rect"] == json{{"x", 0}, {"y", 0}, {"w", 0}, {"h", 0}}); // the renderer fills it
    CHECK_FALSE(email.contains("help"));
    CHECK_FALSE(email.contains("checked"));
}

TEST_CASE("checkboxes always say whether they are checked and toggle buttons whether they are pressed") {
    FormFixture f;
    const json m = json::parse(to_json_text(f.app.view()));
    CHECK(item(m, "f-topics-web")["checked"] == false);
    CHECK(item(m, "f-role-press")["checked"] == false);
    CHECK(item(m, "b-lang-sv")["pressed"] == true);
    CHECK(item(m, "b-lang-da")["pressed"] == false);
    CHECK(item(m, "b-lang-da")["lang"] == "da");
    CHECK(item(m, "f-hp")["honeypot"] == true);
    CHECK(item(m, "f-organisation")["expanded"] == false);
}

TEST_CASE("a lone surrogate typed in the page cannot break the JSON") {
    FormFixture f;
    f.app.on_input("f-name", std::string("A\xED\xA0\x80" "B")); // CESU-8 of U+D800
    const json m = json::parse(to_json_text(f.app.view()), nullptr, false);
    REQUIRE_FALSE(m.is_discarded());
    // Each byte of the invalid sequence becomes U+FFFD (nlohmann::json error_handler_t::replace).
    CHECK(item(m, "f-name")["value"] == "A\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD" "B");
}

TEST_CASE("the error summary's links carry their targets") {
    FormFixture f;
    f.app.on_activate("b-submit");
    const json s = item(json::parse(to_json_text(f.app.view())), "s-summary");
    CHECK(s["role"] == "alert");
    REQUIRE(s["links"].size() == 3);
    CHECK(s["links"][0]["target"] == "f-name");
    CHECK(s["links"][0].contains("rect"));
}
