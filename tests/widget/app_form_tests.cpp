// The form as the visitor meets it: live validation after blur, the error summary on submit,
// conditional fields, the organisation picker, the language switch, stable item ids.
#include "fixture.hpp"

using namespace deltag::widget;
using namespace deltag::widget::test;
using nlohmann::json;

TEST_CASE("a field shows no error while it is being typed in for the first time") {
    FormFixture f;
    f.app.on_focus("f-email");
    f.app.on_input("f-email", "anna@");
    const ViewModel vm = f.view();
    const Item* email = vm.find("f-email");
    REQUIRE(email);
    CHECK(email->value == "anna@");
    CHECK(email->error.empty());
    CHECK_FALSE(email->invalid);
}

TEST_CASE("leaving a field validates it and later input updates the error at once") {
    FormFixture f;
    f.type("f-email", "anna@");
    const ViewModel vm = f.view();
    const Item* email = vm.find("f-email");
    REQUIRE(email);
    CHECK(email->invalid);
    CHECK(email->error == deltag::message("sv", "email.invalid"));

    f.app.on_focus("f-email");
    f.app.on_input("f-email", "anna@example.se");
    CHECK(f.view().find("f-email")->error.empty());
}

TEST_CASE("submitting an incomplete form shows an error summary, moves focus to it and sends nothing") {
    FormFixture f;
    const std::size_t before = f.host.requests.size();
    f.app.on_activate("b-submit");
    const ViewModel vm = f.view();
    const Item* summary = vm.find("s-summary");
    REQUIRE(summary);
    CHECK(summary->role == Role::alert);
    CHECK(summary->label == deltag::message("sv", "widget.form.summary", {{"n", "3"}}));
    REQUIRE(summary->links.size() == 3);
    CHECK(summary->links[0].target == "f-name");
    CHECK(summary->links[1].target == "f-email");
    CHECK(summary->links[2].target == "f-organisation");
    CHECK(summary->links[0].label == "Namn: " + deltag::message("sv", "field.required"));
    CHECK(vm.focus == "s-summary");
    CHECK(vm.status.text == summary->label); // also said in the status region
    CHECK(vm.status.politeness == "polite");
    CHECK(f.app.take_focus_request() == "s-summary");
    CHECK(f.app.take_focus_request().empty());
    CHECK(f.host.requests.size() == before);
    CHECK(f.view().find("f-name")->invalid);
}

TEST_CASE("fixing every error removes the summary") {
    FormFixture f;
    f.app.on_activate("b-submit");
    f.fill_valid();
    CHECK_FALSE(has(f.view(), "s-summary"));
}

TEST_CASE("a conditional field appears when its condition holds and disappears again") {
    FormFixture f;
    CHECK_FALSE(has(f.view(), "f-press_card"));
    f.app.on_checked("f-role-press", true);
    CHECK(f.app.answers()["role"] == "press");
    const ViewModel with = f.view();
    REQUIRE(has(with, "f-press_card"));
    CHECK(with.find("f-press_card")->required);
    CHECK(with.find("f-role-press")->checked);
    f.app.on_checked("f-role-leader", true);
    CHECK_FALSE(has(f.view(), "f-press_card"));
}

TEST_CASE("a hidden field's answer is not sent and its error goes with it") {
    FormFixture f;
    f.app.on_checked("f-role-press", true);
    f.app.on_activate("b-submit");
    CHECK(f.view().find("f-press_card")->invalid);
    f.app.on_checked("f-role-leader", true);
    f.fill_valid();
    CHECK_FALSE(has(f.view(), "s-summary"));
    f.app.on_activate("b-submit");
    REQUIRE(f.host.last().method == "POST");
    const json body = json::parse(f.host.last().body);
    CHECK_FALSE(body["answers"].contains("press_card"));
    CHECK(body["answers"]["role"] == "leader");
}

TEST_CASE("radio and checkbox groups are groups with a legend and their options inside") {
    FormFixture f;
    const ViewModel vm = f.view();
    const Item* g = vm.find("g-topics");
    REQUIRE(g);
    CHECK(g->role == Role::group);
    CHECK(g->label == "Ämnen");
    const Item* web = vm.find("f-topics-web");
    REQUIRE(web);
    CHECK(web->role == Role::checkbox);
    CHECK(web->group == "g-topics");
    const Item* press = vm.find("f-role-press");
    REQUIRE(press);
    CHECK(press->role == Role::radio);
    CHECK(press->name == "role");
    CHECK(press->group == "g-role");
}

TEST_CASE("checking boxes of a group keeps the form's option order") {
    FormFixture f;
    f.app.on_checked("f-topics-docs", true);
    f.app.on_checked("f-topics-web", true);
    CHECK(f.app.answers()["topics"] == json::array({"web", "docs"}));
    f.app.on_checked("f-topics-web", false);
    CHECK(f.app.answers()["topics"] == json::array({"docs"}));
}

TEST_CASE("the consent text comes before its box") {
    FormFixture f;
    const auto order = ids(f.view());
    const auto text = std::find(order.begin(), order.end(), "t-consent_photo-consent");
    const auto box = std::find(order.begin(), order.end(), "f-consent_photo");
    REQUIRE(text != order.end());
    REQUIRE(box != order.end());
    CHECK(text < box);
}

TEST_CASE("the organisation picker searches municipalities as the visitor types") {
    FormFixture f;
    f.app.on_focus("f-organisation");
    f.app.on_input("f-organisation", "göte");
    const ViewModel vm = f.view();
    const Item* combo = vm.find("f-organisation");
    REQUIRE(combo);
    CHECK(combo->role == Role::combobox);
    CHECK(combo->expanded);
    CHECK(combo->options_id == "f-organisation-list");
    const Item* list = vm.find("f-organisation-list");
    REQUIRE(list);
    REQUIRE(list->options.size() >= 2);
    CHECK(list->options.front().label == "Göteborg");
    CHECK(list->options.front().value == "se:1480");
    CHECK(list->options.front().id == "o-organisation-se-1480");
    CHECK(list->options.back().value == "other");

    f.app.on_choose("f-organisation-list", "se:1480");
    CHECK(f.app.answers()["organisation"] == json{{"country", "se"}, {"code", "1480"}});
    const ViewModel after = f.view();
    CHECK_FALSE(has(after, "f-organisation-list"));
    CHECK(after.find("f-organisation")->value == "Göteborg");
    CHECK_FALSE(after.find("f-organisation")->expanded);
    CHECK(after.focus == "f-organisation");
}

TEST_CASE("choosing another organisation opens a free-text field and moves focus to it") {
    FormFixture f;
    f.app.on_focus("f-organisation");
    f.app.on_input("f-organisation", "zzzz");
    CHECK(f.view().find("f-organisation-list")->help == deltag::message("sv", "widget.org.no_match"));
    f.app.on_choose("f-organisation-list", "other");
    const ViewModel vm = f.view();
    REQUIRE(has(vm, "f-organisation-other"));
    CHECK(vm.focus == "f-organisation-other");
    f.type("f-organisation-other", "Föreningen Exempel");
    CHECK(f.app.answers()["organisation"] == json{{"other", "Föreningen Exempel"}});
}

TEST_CASE("switching the language changes every label") {
    FormFixture f;
    f.app.on_checked("f-role-press", true);
    f.app.on_activate("b-submit"); // errors and summary too
    const ViewModel sv = f.view();
    f.app.on_activate("b-lang-en");
    CHECK(f.app.lang() == "en");
    const ViewModel en = f.view();
    REQUIRE(ids(sv) == ids(en));
    CHECK(en.lang == "en");
    for (std::size_t i = 0; i < sv.items.size(); ++i) {
        const Item& a = sv.items[i];
        const Item& b = en.items[i];
        if (a.look == Look::lang_choice) { // each language in itself, then the page language's name (#12)
            const std::string own = deltag::message(a.lang, "_locale.endonym");
            CHECK(a.label.rfind(own, 0) == 0);
            CHECK(b.label.rfind(own, 0) == 0);
            continue;
        }
        CAPTURE(a.id);
        CHECK(a.label != b.label);
        CHECK(a.error.empty() == b.error.empty());
        if (!a.error.empty()) CHECK(a.error != b.error);
    }
    CHECK(en.find("f-name")->label == "Name");
    CHECK(en.find("h-form")->label == deltag::message("en", "widget.form.title", {{"title", "Seminar on accessibility"}}));
    CHECK(en.find("b-lang-en")->pressed);
    CHECK_FALSE(en.find("b-lang-sv")->pressed);
    CHECK(sv.find("b-lang-en")->label == "English (engelska)");
    CHECK(en.find("b-lang-sv")->label == "Svenska (Swedish)");
    CHECK(en.find("b-lang-en")->label == "English");
}

TEST_CASE("item ids stay the same from frame to frame") {
    FormFixture f;
    const auto first = ids(f.view());
    CHECK(first == ids(f.view()));
    f.type("f-name", "Anna");
    f.app.on_hover("b-submit");
    CHECK(ids(f.view()) == first);
    std::vector<std::string> sorted = first;
    std::sort(sorted.begin(), sorted.end());
    CHECK(std::adjacent_find(sorted.begin(), sorted.end()) == sorted.end()); // unique
}

TEST_CASE("text fields carry their input type, autocomplete token and required flag") {
    FormFixture f;
    const ViewModel vm = f.view();
    const Item* email = vm.find("f-email");
    REQUIRE(email);
    CHECK(email->role == Role::textbox);
    CHECK(email->input_type == "email");
    CHECK(email->autocomplete == "email");
    CHECK(email->required);
    const Item* hp = vm.find("f-hp");
    REQUIRE(hp);
    CHECK(hp->honeypot);
}
