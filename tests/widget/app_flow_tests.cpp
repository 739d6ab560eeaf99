// The App's screens over a fake network: list -> event -> form -> sending -> confirmed /
// waitlisted / received / closed / error with retry; keys, page events and downloads.
#include "fixture.hpp"

using namespace deltag::widget;
using namespace deltag::widget::test;
using nlohmann::json;

namespace {

json header_json(const Request& r) { return json::parse(r.headers); }

// A FormFixture with valid answers, submitted once.
struct Submitted : FormFixture {
    Submitted() {
        fill_valid();
        app.on_activate("b-submit");
    }
    void answer(int status, const json& body) { app.on_http(host.last().id, status, body.dump()); }
};

} // namespace

TEST_CASE("a list widget loads the events and shows one link per event") {
    FakeHost host;
    App app(host, config());
    app.init();
    REQUIRE(host.requests.size() == 1);
    CHECK(host.last().method == "GET");
    CHECK(host.last().url == "https://deltag.example/api/v1/events?lang=sv");
    CHECK(app.screen() == Screen::loading);
    CHECK(app.view().status.text == deltag::message("sv", "widget.status.loading"));

    app.on_http(host.last().id, 200, list_body());
    CHECK(app.screen() == Screen::list);
    const ViewModel vm = app.view();
    const Item* link = vm.find("l-event-seminar");
    REQUIRE(link);
    CHECK(link->role == Role::link);
    CHECK(link->label == "Seminarium om tillgänglighet");
    const Item* when = vm.find("t-event-seminar-main-when");
    REQUIRE(when);
    CHECK(when->label == "sv:2030-05-14T11:30:00+02:00/2030-05-14T12:30:00+02:00");
    CHECK(vm.find("t-event-seminar-main-where")->label == "Kulturhuset, Sergels torg 3, Stockholm");
    CHECK(vm.find("t-event-seminar-avail")->label == deltag::message("sv", "widget.avail.seats_left", {{"n", "7"}}));
}

TEST_CASE("the list shows events that take sign-ups before closed ones, otherwise in the server's order") {
    FakeHost host;
    App app(host, config());
    app.init();
    auto event_with_id = [](const char* id) {
        nlohmann::json e = test_event();
        e["id"] = id;
        return e;
    };
    const nlohmann::json body = {
        {"events",
         {{{"event", event_with_id("closed-a")}, {"availability", availability("closed", 0)}},
          {{"event", event_with_id("open-b")}, {"availability", availability("open", 3)}},
          {{"event", event_with_id("full-c")}, {"availability", availability("full", 0, true)}},
          {{"event", event_with_id("closed-d")}, {"availability", availability("closed", 0)}}}},
        {"server_time", "2030-03-17T12:00:00Z"}};
    app.on_http(host.last().id, 200, body.dump());
    std::vector<std::string> links;
    for (const std::string& id : ids(app.view()))
        if (id.rfind("l-event-", 0) == 0) links.push_back(id);
    CHECK(links == std::vector<std::string>{"l-event-open-b", "l-event-full-c", "l-event-closed-a",
                                            "l-event-closed-d"});
}

TEST_CASE("opening an event from the list shows it, moves focus to its title and refreshes it") {
    FakeHost host;
    App app(host, config());
    app.init();
    app.on_http(host.last().id, 200, list_body());
    app.on_activate("l-event-seminar");
    CHECK(app.screen() == Screen::event);
    const ViewModel vm = app.view();
    CHECK(vm.focus == "h-title");
    CHECK(vm.find("h-title")->label == "Seminarium om tillgänglighet");
    CHECK(has(vm, "l-back"));
    CHECK(host.last().url == "https://deltag.example/api/v1/events/seminar?lang=sv");
    app.on_http(host.last().id, 200, event_body(availability("full", 0, true)));
    CHECK(app.view().find("b-signup")->label == deltag::message("sv", "widget.event.join_waitlist"));
    app.on_activate("l-back");
    CHECK(app.screen() == Screen::list);
}

TEST_CASE("a closed event shows why and offers no sign-up button") {
    FakeHost host;
    App app(host, config("seminar"));
    app.init();
    app.on_http(host.last().id, 200, event_body(availability("closed", 7)));
    const ViewModel vm = app.view();
    CHECK(vm.find("t-availability")->label == deltag::message("sv", "widget.avail.closed"));
    CHECK_FALSE(has(vm, "b-signup"));
}

TEST_CASE("a failed load shows an error with a retry that loads again") {
    FakeHost host;
    App app(host, config());
    app.init();
    app.on_http(host.last().id, 0, "");
    CHECK(app.screen() == Screen::load_error);
    app.on_activate("b-reload");
    CHECK(host.requests.size() == 2);
    app.on_http(host.last().id, 200, list_body());
    CHECK(app.screen() == Screen::list);
}

TEST_CASE("a valid form is posted once with an Idempotency-Key equal to the payload's key") {
    Submitted s;
    const Request& post = s.host.last();
    CHECK(post.method == "POST");
    CHECK(post.url == "https://deltag.example/api/v1/events/seminar/registrations");
    const json body = json::parse(post.body);
    CHECK(header_json(post)["Idempotency-Key"] == body["idempotency_key"]);
    CHECK(body["idempotency_key"] == "key000000000000000000001");
    CHECK(body["event"] == "seminar");
    CHECK(body["locale"] == "sv");
    CHECK(body["answers"]["organisation"] == json{{"country", "se"}, {"code", "1480"}});
    CHECK(body["honeypot"] == "");
    const ViewModel vm = s.view();
    CHECK(vm.find("b-submit")->disabled);
    CHECK(vm.find("b-submit")->busy);
    CHECK(vm.status.text == deltag::message("sv", "widget.status.sending"));
    s.app.on_activate("b-submit"); // a second click while sending sends nothing
    CHECK(s.host.requests.back().id == post.id);
}

TEST_CASE("a confirmed registration shows the reference, tells the page and offers the calendar") {
    Submitted s;
    s.answer(201, {{"status", "confirmed"}, {"reference", "DT-7K3Q"}, {"cancel_token", "tok"}});
    CHECK(s.app.screen() == Screen::result);
    CHECK(s.app.result() == ResultKind::confirmed);
    const ViewModel vm = s.view();
    CHECK(vm.focus == "h-result");
    CHECK(vm.find("h-result")->label == deltag::message("sv", "widget.result.confirmed"));
    CHECK(vm.find("t-reference")->label == deltag::message("sv", "widget.result.reference", {{"reference", "DT-7K3Q"}}));
    CHECK(has(vm, "b-cancel"));
    REQUIRE(s.host.emitted.size() == 1);
    CHECK(s.host.emitted[0].first == "deltag:registered");
    CHECK(json::parse(s.host.emitted[0].second) ==
          json{{"event", "seminar"}, {"status", "confirmed"}, {"reference", "DT-7K3Q"}});

    s.app.on_activate("b-ics-main");
    REQUIRE(s.host.downloads.size() == 1);
    CHECK(s.host.downloads[0].name == "seminar.ics");
    CHECK(s.host.downloads[0].mime == "text/calendar");
    CHECK(s.host.downloads[0].content.rfind("BEGIN:VCALENDAR", 0) == 0);
    CHECK(s.host.downloads[0].content.find("DT-7K3Q-main@deltag") != std::string::npos);
}

TEST_CASE("the result says the manage link was mailed instead of asking to save the number") {
    for (const char* status : {"confirmed", "waitlisted", "received"}) {
        CAPTURE(status);
        Submitted s;
        s.answer(201, {{"status", status}, {"reference", "DT-7K3Q"}, {"cancel_token", "tok"}});
        const ViewModel vm = s.view();
        REQUIRE(vm.find("t-link-mailed"));
        CHECK(vm.find("t-link-mailed")->label == deltag::message("sv", "widget.result.link_mailed"));
        CHECK(vm.find("t-link-mailed")->label.find("mejlat") != std::string::npos);
        for (const auto& item : vm.items) CHECK(item.label.find("Spara bokningsnumret") == std::string::npos);
    }
}

TEST_CASE("a waitlisted registration shows the position on the waiting list") {
    Submitted s;
    s.answer(201, {{"status", "waitlisted"}, {"reference", "DT-1"}, {"waitlist_position", 3}, {"cancel_token", "t"}});
    CHECK(s.app.result() == ResultKind::waitlisted);
    CHECK(s.view().find("t-position")->label ==
          deltag::message("sv", "widget.result.waitlist_position", {{"n", "3"}}));
    CHECK_FALSE(has(s.view(), "b-ics-main"));
}

TEST_CASE("an application shows that it was received") {
    Submitted s;
    s.answer(201, {{"status", "received"}, {"reference", "DT-2"}});
    CHECK(s.app.result() == ResultKind::received);
    CHECK(s.view().find("h-result")->label == deltag::message("sv", "widget.result.received"));
}

TEST_CASE("refusals of the server show their own result") {
    const std::vector<std::pair<const char*, ResultKind>> cases = {
        {"registration.closed", ResultKind::closed},
        {"registration.full", ResultKind::full},
        {"registration.duplicate", ResultKind::duplicate},
        {"registration.not_open_yet", ResultKind::not_open_yet},
    };
    for (const auto& [code, kind] : cases) {
        CAPTURE(code);
        Submitted s;
        s.answer(409, {{"code", code}});
        CHECK(s.app.screen() == Screen::result);
        CHECK(s.app.result() == kind);
        CHECK(s.host.emitted.empty());
    }
}

TEST_CASE("a network error offers a retry that resends the same body with the same key") {
    Submitted s;
    const Request first = s.host.last();
    s.app.on_http(first.id, 0, "");
    CHECK(s.app.result() == ResultKind::error);
    CHECK(s.view().find("t-result")->label == deltag::message("sv", "widget.result.error_network"));
    s.app.on_activate("b-retry");
    const Request& second = s.host.last();
    CHECK(second.id != first.id);
    CHECK(second.body == first.body);
    CHECK(second.headers == first.headers);
    s.answer(201, {{"status", "confirmed"}, {"reference", "DT-3"}});
    CHECK(s.app.result() == ResultKind::confirmed);
}

TEST_CASE("coming back online resends a submission that failed for want of a network") {
    Submitted s;
    const Request first = s.host.last();
    s.app.on_online(false);
    s.app.on_http(first.id, 0, "");
    s.app.on_online(true);
    CHECK(s.host.last().id != first.id);
    CHECK(s.host.last().body == first.body);
}

TEST_CASE("errors from the server are shown on their fields, and changed answers get a new key") {
    Submitted s;
    const json first = json::parse(s.host.last().body);
    s.answer(422, {{"errors", {{{"field", "email"}, {"code", "email.invalid"}, {"params", json::object()}}}}});
    CHECK(s.app.screen() == Screen::form);
    const ViewModel vm = s.view();
    CHECK(vm.find("f-email")->error == deltag::message("sv", "email.invalid"));
    CHECK(has(vm, "s-summary"));
    CHECK(vm.focus == "s-summary");
    s.type("f-email", "anna.andersson@example.se");
    s.app.on_activate("b-submit");
    const json second = json::parse(s.host.last().body);
    CHECK(second["idempotency_key"] != first["idempotency_key"]);
}

TEST_CASE("a key the server holds with other answers is explained, and the next send has a new key") {
    Submitted s;
    const json first = json::parse(s.host.last().body);
    s.answer(422, {{"errors", {{{"field", "idempotency_key"}, {"code", "idempotency.key_reused"}, {"params", json::object()}}}}});
    CHECK(s.app.screen() == Screen::form);
    const ViewModel vm = s.view();
    const Item* summary = vm.find("s-summary");
    REQUIRE(summary);
    REQUIRE(summary->links.size() == 1);
    CHECK(summary->links[0].label == deltag::message("sv", "idempotency.key_reused"));
    CHECK(summary->links[0].label.find("idempotency") == std::string::npos); // a text, not the code
    s.app.on_activate("b-submit");
    const json second = json::parse(s.host.last().body);
    CHECK(second["idempotency_key"] != first["idempotency_key"]);
}

TEST_CASE("a server error keeps the answers and a new attempt at the same answers reuses the key") {
    Submitted s;
    const json first = json::parse(s.host.last().body);
    s.answer(503, json::object());
    CHECK(s.app.result() == ResultKind::error);
    CHECK(s.view().find("t-result")->label == deltag::message("sv", "widget.result.error_server"));
    s.app.on_activate("b-back-form");
    CHECK(s.app.screen() == Screen::form);
    CHECK(s.view().find("f-name")->value == "Anna Andersson");
    s.app.on_activate("b-submit");
    CHECK(json::parse(s.host.last().body)["idempotency_key"] == first["idempotency_key"]);
}

TEST_CASE("cancelling posts the token and shows the cancelled result") {
    Submitted s;
    s.answer(201, {{"status", "confirmed"}, {"reference", "DT-9"}, {"cancel_token", "secret-token"}});
    s.app.on_activate("b-cancel");
    CHECK(s.host.last().url == "https://deltag.example/api/v1/registrations/DT-9/cancel");
    CHECK(json::parse(s.host.last().body) == json{{"token", "secret-token"}});
    s.answer(200, {{"status", "cancelled"}});
    CHECK(s.app.result() == ResultKind::cancelled);
}

TEST_CASE("the language comes from the snippet, else from the browser's languages") {
    FakeHost host;
    AppConfig c = config("", "");
    c.browser_languages = "nb-NO,da;q=0.8";
    App app(host, c);
    CHECK(app.lang() == "da");
    App app2(host, config("", "en"));
    CHECK(app2.lang() == "en");
}

TEST_CASE("the config JSON of the page is read without trusting it") {
    const AppConfig c = parse_app_config(R"({"api":"https://x.example/api/v1/","event":"seminar","lang":"da",
        "browser_languages":"sv-SE","accent":"#123456","touch":true,"canvas":"#deltag-canvas-1","extra":1})");
    CHECK(c.api == "https://x.example/api/v1");
    CHECK(c.event == "seminar");
    CHECK(c.lang == "da");
    CHECK(c.browser_languages == "sv-SE");
    CHECK(c.accent == "#123456");
    CHECK(c.touch);
    const AppConfig bad = parse_app_config("not json");
    CHECK(bad.api == "/api/v1");
    CHECK(bad.event.empty());
}

TEST_CASE("every input that changes what is shown asks for a frame") {
    FormFixture f;
    const int before = f.host.frames_requested;
    f.app.on_input("f-name", "A");
    CHECK(f.host.frames_requested > before);
    const int mid = f.host.frames_requested;
    f.app.on_hover("b-submit");
    f.app.on_hover("b-submit"); // no change, no frame
    CHECK(f.host.frames_requested == mid + 1);
}
