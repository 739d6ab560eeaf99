// The App's offline behaviour end to end over a fake host (clock, keys, HTTP, timers, storage):
// queued while offline, sent once with one key, results told, storage only after the opt-in, kiosk.
#include "app.hpp"
#include "storage.hpp"

#include "deltag/catalog.hpp"
#include "deltag/time.hpp"

#include <doctest/doctest.h>

#include <set>
#include <string>
#include <vector>

using namespace deltag;
using namespace deltag::widget;
using nlohmann::json;

namespace {

constexpr std::int64_t t0 = 1'780'000'000'000; // 2026-05-28, before the event's deadline
const char* closes_at = "2026-06-30T23:59:00+02:00";

struct Request {
    int id;
    std::string method, url, headers, body;
    std::string key() const {
        json h = json::parse(headers, nullptr, false);
        return h.is_object() && h.contains("Idempotency-Key") ? h["Idempotency-Key"].get<std::string>() : "";
    }
};

class FakeHost final : public Host {
  public:
    std::int64_t now = t0;
    int keys_made = 0;
    std::vector<Request> requests;
    std::vector<std::pair<std::string, std::string>> emitted;
    std::vector<std::int64_t> wakes;
    MemoryStore store;
    bool has_store = true;

    std::int64_t now_ms() override { return now; }
    std::string random_key() override {
        std::string k = "testkey-" + std::to_string(++keys_made);
        return k + std::string(24 - k.size(), 'x');
    }
    void http(int id, const std::string& m, const std::string& u, const std::string& h,
              const std::string& b) override {
        requests.push_back({id, m, u, h, b});
    }
    std::string format_when(std::string_view s, std::string_view, std::string_view) override {
        return std::string(s);
    }
    void request_frame() override {}
    void emit(const std::string& n, const std::string& d) override { emitted.emplace_back(n, d); }
    void download(const std::string&, const std::string&, const std::string&) override {}
    KeyValueStore* device_store() override { return has_store ? &store : nullptr; }
    void wake_after(std::int64_t ms) override { wakes.push_back(now + ms); }

    std::vector<Request> posts() const {
        std::vector<Request> out;
        for (const auto& r : requests)
            if (r.method == "POST") out.push_back(r);
        return out;
    }
};

json event_json() {
    return json::parse(std::string(R"({
      "id": "webinar", "organiser": {"en": "Agency"}, "title": {"en": "Webinar"},
      "sessions": [{"id": "main", "start": "2026-07-03T09:15:00+02:00", "end": "2026-07-03T12:15:00+02:00",
                    "venue": {"name": {"en": "Online"}, "address": "", "city": "", "online_platform": "Teams"}}],
      "capacity": 100, "closes_at": ")") + closes_at + R"(", "mode": "first_come", "waitlist": true,
      "contact": {"name": "Contact", "email": "contact@agency.example", "phone": ""},
      "form": {"id": "f", "fields": [
        {"id": "name", "type": "text", "label": {"en": "Name"}, "required": true},
        {"id": "email", "type": "email", "label": {"en": "E-mail"}, "required": true}]},
      "privacy": {"en": "Privacy"}, "default_language": "en"})");
}

std::string event_body() {
    json a = {{"capacity", 100}, {"confirmed", 0}, {"waitlisted", 0}, {"seats_left", 100},
              {"state", "open"}, {"waitlist_open", true}};
    return json{{"event", event_json()}, {"availability", a}, {"server_time", "2026-05-28T10:00:00+02:00"}}.dump();
}

// An App showing the event's form, loaded and ready.
struct Fixture {
    FakeHost host;
    std::unique_ptr<App> app;

    explicit Fixture(bool kiosk = false) { start(kiosk); }
    void start(bool kiosk) {
        AppConfig c;
        c.api = "/api/v1";
        c.event = "webinar";
        c.lang = "en";
        c.kiosk = kiosk;
        app = std::make_unique<App>(host, c);
        app->init();
        const Request& get = host.requests.back();
        REQUIRE(get.method == "GET");
        app->on_http(get.id, 200, event_body());
        app->on_activate("b-signup");
        REQUIRE(app->screen() == Screen::form);
    }
    void fill(const std::string& name) {
        app->on_input("f-name", name);
        app->on_input("f-email", name + "@example.se");
    }
    void submit() { app->on_activate("b-submit"); }
    std::string status() const { return app->view().status.text; }
};

} // namespace

TEST_SUITE("app offline") {

TEST_CASE("a sign-up made offline waits, then is sent once with its key when back online") {
    Fixture f;
    f.app->on_online(false);
    f.fill("Anna");
    f.submit();
    CHECK(f.host.posts().empty());
    CHECK(f.status() == message("en", "widget.offline.queued"));
    CHECK(f.app->screen() == Screen::result); // "could not be sent yet; it will be when online"
    CHECK(f.app->result() == ResultKind::error);
    CHECK(f.app->view().find("t-result")->label == message("en", "widget.result.error_network"));
    f.app->on_online(true);
    REQUIRE(f.host.posts().size() == 1);
    const Request post = f.host.posts()[0];
    CHECK(post.url == "/api/v1/events/webinar/registrations");
    CHECK(post.key() == json::parse(post.body)["idempotency_key"]);
    f.app->on_http(post.id, 201, R"({"status":"confirmed","reference":"R-1","cancel_token":"c"})");
    CHECK(f.app->screen() == Screen::result);
    CHECK(f.app->result() == ResultKind::confirmed);
    CHECK(f.status() == message("en", "widget.result.confirmed")); // announced
    CHECK(f.app->outbox().entries().empty());
}

TEST_CASE("a network error keeps the sign-up and the retry carries the same key and body") {
    Fixture f;
    f.fill("Bo");
    f.submit();
    REQUIRE(f.host.posts().size() == 1);
    const Request first = f.host.posts()[0];
    f.app->on_http(first.id, 0, "");
    CHECK(f.status() == message("en", "widget.offline.queued"));
    REQUIRE_FALSE(f.host.wakes.empty());
    f.host.now = f.host.wakes.back();
    f.app->on_timer();
    REQUIRE(f.host.posts().size() == 2);
    CHECK(f.host.posts()[1].key() == first.key());
    CHECK(f.host.posts()[1].body == first.body);
    f.app->on_http(f.host.posts()[1].id, 503, "");
    f.app->on_online(false);
    f.app->on_online(true);
    REQUIRE(f.host.posts().size() == 3);
    CHECK(f.host.posts()[2].key() == first.key());
    f.app->on_http(f.host.posts()[2].id, 201, R"({"status":"waitlisted","waitlist_position":2})");
    CHECK(f.app->result() == ResultKind::waitlisted);
}

TEST_CASE("a double click on submit sends one registration") {
    Fixture f;
    f.fill("Cai");
    f.submit();
    f.submit();
    CHECK(f.host.posts().size() == 1);
    f.app->on_online(false);
    f.submit();
    f.app->on_online(true);
    CHECK(f.host.posts().size() == 1); // still in flight: not sent again
}

TEST_CASE("without the opt-in nothing is written to the device") {
    Fixture f;
    for (const char* screen : {"form", "queued result"}) {
        CAPTURE(screen);
        const ViewModel vm = f.app->view();
        const Item* keep = vm.find("c-keep");
        REQUIRE(keep);
        CHECK_FALSE(keep->checked);
        CHECK(keep->has_checked);
        CHECK(vm.find("b-forget") == nullptr);
        f.app->on_online(false);
        f.fill("Dag");
        f.submit();
    }
    CHECK(f.app->outbox().entries().size() == 1);
    CHECK(f.host.store.writes == 0);
    CHECK(f.host.store.keys().empty());
}

TEST_CASE("with the opt-in a queued sign-up survives a reload and is sent once") {
    Fixture f;
    f.app->on_checked("c-keep", true);
    CHECK(f.app->view().find("c-keep")->checked);
    f.app->on_online(false);
    f.fill("Eva");
    f.submit();
    const std::string key = f.app->outbox().entries().at(0).key;
    CHECK(f.host.store.get("deltag.outbox.webinar").has_value());

    // The page is reloaded: a new App over the same device storage.
    FakeHost& host = f.host;
    host.requests.clear();
    AppConfig c;
    c.event = "webinar";
    c.lang = "en";
    App again(host, c);
    again.init();               // the page creates the App, then says it is offline
    again.on_online(false);
    REQUIRE(again.outbox().entries().size() == 1);
    again.on_timer();           // the start-up pump: offline, so nothing is sent
    again.on_http(host.requests.back().id, 200, event_body());
    CHECK(host.posts().empty());
    again.on_online(true);
    REQUIRE(host.posts().size() == 1);
    CHECK(host.posts()[0].key() == key);
    again.on_http(host.posts()[0].id, 201, R"({"status":"confirmed","reference":"R-2"})");
    CHECK(again.screen() == Screen::result);
    CHECK(again.result() == ResultKind::confirmed);
    CHECK_FALSE(host.store.get("deltag.outbox.webinar").has_value()); // answered: gone
}

TEST_CASE("deleting saved answers clears the device and unticks the option") {
    Fixture f;
    f.app->on_checked("c-keep", true);
    f.fill("Finn");
    CHECK(f.host.store.get("deltag.draft.webinar").has_value());
    REQUIRE(f.app->view().find("b-forget"));
    f.app->on_activate("b-forget");
    CHECK(f.host.store.keys().empty());
    CHECK_FALSE(f.app->view().find("c-keep")->checked);
    CHECK(f.status() == message("en", "widget.offline.forgotten"));
}

TEST_CASE("a draft kept on the device comes back in a new visit") {
    Fixture f;
    f.app->on_checked("c-keep", true);
    f.fill("Gun");
    Fixture later; // same kind of start, but its own host: share the store
    later.host.store = f.host.store;
    AppConfig c;
    c.event = "webinar";
    c.lang = "en";
    App again(later.host, c);
    again.init();
    again.on_http(later.host.requests.back().id, 200, event_body());
    again.on_activate("b-signup");
    CHECK(again.answers().value("name", "") == "Gun");
}

TEST_CASE("registration closing while a sign-up waits offline tells the visitor and sends nothing") {
    Fixture f;
    f.app->on_online(false);
    f.fill("Hugo");
    f.submit();
    const std::int64_t closes = *parse_iso8601(closes_at) * 1000;
    REQUIRE_FALSE(f.host.wakes.empty());
    CHECK(f.host.wakes.back() == closes); // the timer is set for the deadline
    f.host.now = closes + 1;
    f.app->on_timer();
    CHECK(f.app->screen() == Screen::result);
    CHECK(f.app->result() == ResultKind::closed);
    CHECK(f.status() == message("en", "widget.offline.expired"));
    CHECK(f.app->view().status.politeness == "assertive");
    CHECK(f.app->view().find("t-result")->label == message("en", "widget.offline.expired"));
    f.app->on_online(true);
    CHECK(f.host.posts().empty());
}

TEST_CASE("the kiosk clears the form after each sign-up and lists the queue without answers") {
    Fixture f(/*kiosk=*/true);
    f.app->on_online(false);
    for (const char* name : {"Ida", "Jon", "Kim"}) {
        f.fill(name);
        f.submit();
        CHECK(f.app->screen() == Screen::form);
        CHECK(f.app->answers().empty());
        CHECK(f.status() == message("en", "widget.kiosk.next"));
    }
    CHECK(f.host.posts().empty());
    CHECK(f.host.store.writes == 0); // a shared device keeps nothing
    REQUIRE_FALSE(f.host.emitted.empty());
    CHECK(f.host.emitted.back().first == "deltag:outbox");
    json list = json::parse(f.host.emitted.back().second);
    REQUIRE(list["entries"].size() == 3);
    CHECK(list["entries"][0]["state"] == "queued");
    CHECK(list["entries"][0]["label"].get<std::string>().find("Ida") == std::string::npos);
    CHECK(f.host.emitted.back().second.find("Ida") == std::string::npos);

    f.app->on_online(true);
    REQUIRE(f.host.posts().size() == 2); // two in flight at a time
    f.app->on_http(f.host.posts()[0].id, 201, R"({"status":"confirmed"})");
    REQUIRE(f.host.posts().size() == 3);
    f.app->on_http(f.host.posts()[1].id, 201, R"({"status":"waitlisted"})");
    f.app->on_http(f.host.posts()[2].id, 409, R"({"code":"registration.full"})");
    list = json::parse(f.host.emitted.back().second);
    CHECK(list["entries"][0]["state"] == "done");
    CHECK(list["entries"][0]["text"] == message("en", "widget.result.confirmed"));
    CHECK(list["entries"][1]["text"] == message("en", "widget.result.waitlisted"));
    CHECK(list["entries"][2]["state"] == "failed");
    CHECK(list["summary"] == message("en", "widget.kiosk.all_sent"));
    std::set<std::string> keys;
    for (const auto& p : f.host.posts()) keys.insert(p.key());
    CHECK(keys.size() == 3);
}

TEST_CASE("availability shown offline says when it was last updated") {
    Fixture f;
    f.app->on_activate("l-back"); // to the event screen
    CHECK(f.app->view().find("t-offline") == nullptr);
    f.app->on_online(false);
    const ViewModel vm = f.app->view(); // the item lives as long as its view model
    const Item* note = vm.find("t-offline");
    REQUIRE(note);
    CHECK(note->label == message("en", "widget.offline.as_of", {{"time", "2026-05-28T10:00:00+02:00"}}));
}

} // TEST_SUITE app offline
