// What the host page controls: the snippet's data-events filter of the list (config key
// "events"), and keys the DOM leaves to the App (Escape in the organisation combobox).
#include "fixture.hpp"

using namespace deltag::widget;
using namespace deltag::widget::test;
using nlohmann::json;

namespace {

json event_with_id(const char* id) {
    json e = test_event();
    e["id"] = id;
    return e;
}

// The server's list: three open events and a closed one.
std::string three_events_body() {
    return json{{"events",
                 {{{"event", event_with_id("closed-a")}, {"availability", availability("closed", 0)}},
                  {{"event", event_with_id("open-b")}, {"availability", availability("open", 3)}},
                  {{"event", event_with_id("open-c")}, {"availability", availability("open", 5)}},
                  {{"event", event_with_id("open-d")}, {"availability", availability("open", 9)}}}},
                {"server_time", "2030-03-17T12:00:00Z"}}
        .dump();
}

std::vector<std::string> event_links(const ViewModel& vm) {
    std::vector<std::string> links;
    for (const std::string& id : ids(vm))
        if (id.rfind("l-event-", 0) == 0) links.push_back(id);
    return links;
}

struct HostList {
    FakeHost host;
    App app;
    explicit HostList(const std::string& events_json_value)
        : app(host, parse_app_config(json{{"api", "https://deltag.example/api/v1"}, {"lang", "sv"},
                                          {"events", events_json_value}}
                                         .dump())) {
        app.init();
        answer_list();
    }
    // The App may have other requests out (e.g. its catalog): answer the latest list request.
    const Request& list_request() const {
        if (const Request* r = host.latest("GET", "/events?")) return *r;
        FAIL("no list request");
        return host.requests.back();
    }
    void answer_list() { app.on_http(list_request().id, 200, three_events_body()); }
};

} // namespace

TEST_CASE("the config's events are the snippet's comma-separated ids, spaces ignored") {
    CHECK(parse_app_config(R"({"events": "open-b, open-c ,,  open-d"})").events ==
          std::vector<std::string>{"open-b", "open-c", "open-d"});
    CHECK(parse_app_config(R"({"events": ""})").events.empty());
    CHECK(parse_app_config(R"({"events": " , "})").events.empty());
    CHECK(parse_app_config(R"({"events": ["open-b"]})").events.empty()); // a string, nothing else
    CHECK(parse_app_config("{}").events.empty());
}

TEST_CASE("a list widget with data-events shows only those events, in the list's usual order") {
    HostList h("open-d,closed-a,open-b");
    // The whole list is fetched (one URL for every page); the App does the choosing.
    CHECK(h.list_request().url.rfind("https://deltag.example/api/v1/events", 0) == 0);
    CHECK(h.list_request().url.find("open-") == std::string::npos);
    CHECK(h.app.screen() == Screen::list);
    CHECK(event_links(h.app.view()) ==
          std::vector<std::string>{"l-event-open-b", "l-event-open-d", "l-event-closed-a"});
    CHECK_FALSE(has(h.app.view(), "t-empty"));
    CHECK(h.host.warnings.empty());
}

TEST_CASE("a list widget without data-events shows every event") {
    HostList h("");
    CHECK(event_links(h.app.view()).size() == 4);
}

TEST_CASE("ids the server does not know are left out and named once in the console") {
    HostList h("open-c,no-such-event,open-c,also-missing");
    CHECK(event_links(h.app.view()) == std::vector<std::string>{"l-event-open-c"});
    CHECK(h.host.warnings == std::vector<std::string>{
                                 "deltag: data-events names an event the server does not know: no-such-event",
                                 "deltag: data-events names an event the server does not know: also-missing"});

    // The list again (what "reload" does): no second note for the same ids.
    h.app.init();
    h.answer_list();
    CHECK(event_links(h.app.view()) == std::vector<std::string>{"l-event-open-c"});
    CHECK(h.host.warnings.size() == 2);
}

TEST_CASE("data-events that match no event show the catalog's no-events message") {
    HostList h("no-such-event");
    const ViewModel vm = h.app.view();
    CHECK(event_links(vm).empty());
    const Item* empty = vm.find("t-empty");
    REQUIRE(empty);
    CHECK(empty->label == deltag::message("sv", "widget.list.empty"));
    CHECK(h.host.warnings.size() == 1);
}

TEST_CASE("an event opened from a filtered list and back shows the same filtered list") {
    HostList h("open-b,open-c");
    h.app.on_activate("l-event-open-c");
    const Request* event_request = h.host.latest("", "/events/open-c");
    REQUIRE(event_request);
    h.app.on_http(event_request->id, 200,
                  json{{"event", event_with_id("open-c")}, {"availability", availability("open", 5)}}.dump());
    CHECK(h.app.screen() == Screen::event);
    h.app.on_activate("l-back");
    CHECK(h.app.screen() == Screen::list);
    CHECK(event_links(h.app.view()) == std::vector<std::string>{"l-event-open-b", "l-event-open-c"});
}

TEST_CASE("Escape closes the open organisation list and keeps the typed text and the focus") {
    FormFixture f;
    f.app.on_focus("f-organisation");
    f.app.on_input("f-organisation", "göte");
    REQUIRE(f.view().find("f-organisation")->expanded);
    REQUIRE(has(f.view(), "f-organisation-list"));
    f.app.take_focus_request(); // the renderer took the form's "focus its heading" long ago

    f.app.on_key("f-organisation", "Escape");
    const ViewModel vm = f.view();
    CHECK_FALSE(vm.find("f-organisation")->expanded);
    CHECK_FALSE(has(vm, "f-organisation-list"));
    CHECK(vm.find("f-organisation")->value == "göte");
    CHECK(f.app.focused() == "f-organisation");
    CHECK(vm.focus.empty());                      // nothing moves focus
    CHECK_FALSE(vm.find("f-organisation")->invalid); // closing is not leaving the field

    // Typing again opens it again.
    f.app.on_input("f-organisation", "göteb");
    CHECK(f.view().find("f-organisation")->expanded);
}

TEST_CASE("a second Escape clears the typing that chose nothing; a chosen organisation stays") {
    FormFixture f;
    f.app.on_focus("f-organisation");
    f.app.on_input("f-organisation", "göte");
    f.app.on_key("f-organisation", "Escape");
    f.app.on_key("f-organisation", "Escape");
    CHECK(f.view().find("f-organisation")->value.empty());
    CHECK_FALSE(f.view().find("f-organisation")->expanded);

    f.app.on_input("f-organisation", "göte");
    f.app.on_choose("f-organisation-list", "se:1480");
    f.app.on_key("f-organisation", "Escape");
    CHECK(f.view().find("f-organisation")->value == "Göteborg");
    CHECK(f.app.answers()["organisation"] == json{{"country", "se"}, {"code", "1480"}});
}

TEST_CASE("other keys and other items leave the App unchanged") {
    FormFixture f;
    f.app.on_focus("f-organisation");
    f.app.on_input("f-organisation", "göte");
    f.app.on_key("f-organisation", "Tab");
    CHECK(f.view().find("f-organisation")->expanded);
    f.app.on_key("f-name", "Escape");
    CHECK(f.view().find("f-organisation")->expanded);
    f.app.on_key("no-such-item", "Escape");
    CHECK(f.view().find("f-organisation")->expanded);
}
