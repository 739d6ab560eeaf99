// The App asks for event data in the language it shows (?lang=, texts of one language only);
// switching language fetches the list and the event again, showing the previous texts meanwhile.
#include "fixture.hpp"

#include "deltag/localize.hpp"

using namespace deltag::widget;
using namespace deltag::widget::test;
using nlohmann::json;

namespace {

// The test event as the server sends it for ?lang=<lang> (the same projection it uses).
json event_in(const char* lang) {
    auto parsed = deltag::parse_event(test_event());
    REQUIRE(parsed.ok());
    return deltag::to_json(deltag::in_language(parsed.value, lang));
}

std::string list_in(const char* lang) { return list_body(availability(), event_in(lang)); }

std::string event_body_in(const char* lang) { return event_body(availability(), event_in(lang)); }

// Event data is the list and the events (GET); catalogs and sign-ups go elsewhere.
const std::string data_url = "/api/v1/events";

// The event-data requests from the `from`th request on.
std::vector<Request> data_requests(const FakeHost& host, std::size_t from = 0) {
    std::vector<Request> out;
    for (std::size_t i = from; i < host.requests.size(); ++i)
        if (host.requests[i].method == "GET" && host.requests[i].url.find(data_url) != std::string::npos)
            out.push_back(host.requests[i]);
    return out;
}

// The latest event-data request.
const Request& data_request(const FakeHost& host) {
    const Request* r = host.latest("GET", data_url);
    REQUIRE(r);
    return *r;
}

std::vector<std::string> urls(const std::vector<Request>& requests) {
    std::vector<std::string> out;
    for (const auto& r : requests) out.push_back(r.url);
    return out;
}

// Answers the latest event-data request.
void answer(App& app, const FakeHost& host, int status, const std::string& body) {
    app.on_http(data_request(host).id, status, body);
}

// The single-event widget in Swedish, its event request out and not answered yet.
struct SeminarInSwedish {
    FakeHost host;
    App app{host, config("seminar", "sv")};
    SeminarInSwedish() { app.init(); }
};

// The same with the event shown in Swedish.
struct SeminarShownInSwedish : SeminarInSwedish {
    SeminarShownInSwedish() { answer(app, host, 200, event_body_in("sv")); }
};

} // namespace

TEST_CASE("the App asks for the list and an event in the language it shows") {
    struct Case {
        const char* event;
        const char* lang;
        const char* url;
    };
    const Case cases[] = {
        {"", "sv", "https://deltag.example/api/v1/events?lang=sv"},
        {"", "da", "https://deltag.example/api/v1/events?lang=da"},
        {"seminar", "en", "https://deltag.example/api/v1/events/seminar?lang=en"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.url);
        FakeHost host;
        App app(host, config(c.event, c.lang));
        app.init();
        CHECK(urls(data_requests(host)) == std::vector<std::string>{c.url});
    }
}

TEST_CASE("switching language fetches the event again; the previous texts show until it arrives") {
    SeminarShownInSwedish f;
    CHECK(f.app.view().find("h-title")->label == "Seminarium om tillgänglighet");
    const std::size_t before = f.host.requests.size();

    f.app.on_activate("b-lang-en");
    CHECK(urls(data_requests(f.host, before)) == std::vector<std::string>{"https://deltag.example/api/v1/events/seminar?lang=en"});
    CHECK(f.app.screen() == Screen::event); // no loading screen for a switch
    CHECK(f.app.view().find("h-title")->label == "Seminarium om tillgänglighet");

    answer(f.app, f.host, 200, event_body_in("en"));
    CHECK(f.app.screen() == Screen::event);
    CHECK(f.app.view().find("h-title")->label == "Seminar on accessibility");
}

TEST_CASE("switching language on a list widget fetches the list and the event last opened again") {
    FakeHost host;
    App app(host, config("", "sv"));
    app.init();
    answer(app, host, 200, list_in("sv"));
    app.on_activate("l-event-seminar");
    answer(app, host, 200, event_body_in("sv"));
    app.on_activate("l-back");
    const std::size_t before = host.requests.size();

    app.on_activate("b-lang-da");
    const std::vector<Request> again = data_requests(host, before);
    CHECK(urls(again) == std::vector<std::string>{"https://deltag.example/api/v1/events?lang=da",
                                                  "https://deltag.example/api/v1/events/seminar?lang=da"});
    CHECK(app.screen() == Screen::list); // the list shown stays while it reloads
    CHECK(app.view().find("l-event-seminar")->label == "Seminarium om tillgänglighet");
    REQUIRE(!again.empty());
    app.on_http(again.front().id, 200, list_in("da"));
    CHECK(app.screen() == Screen::list);
    CHECK(app.view().find("l-event-seminar")->label == "Seminar om tilgængelighed");
}

TEST_CASE("an answer in the previous language that arrives after a switch is dropped") {
    SeminarInSwedish f;
    const int swedish = data_request(f.host).id;
    f.app.on_activate("b-lang-en"); // before the first answer came
    const int english = data_request(f.host).id;
    REQUIRE(english != swedish);
    CHECK(data_request(f.host).url == "https://deltag.example/api/v1/events/seminar?lang=en");
    f.app.on_http(english, 200, event_body_in("en"));
    f.app.on_http(swedish, 200, event_body_in("sv")); // late: must not replace the English texts
    CHECK(f.app.view().find("h-title")->label == "Seminar on accessibility");
}

TEST_CASE("choosing the language already shown fetches nothing") {
    SeminarShownInSwedish f;
    const std::size_t before = f.host.requests.size();
    f.app.on_activate("b-lang-sv");
    CHECK(data_requests(f.host, before).empty());
}

TEST_CASE("a failed refetch after a switch keeps the event shown in the previous texts") {
    SeminarShownInSwedish f;
    f.app.on_activate("b-lang-en");
    answer(f.app, f.host, 0, "");
    CHECK(f.app.screen() == Screen::event);
    CHECK(f.app.lang() == "en");
    CHECK(f.app.view().find("h-title")->label == "Seminarium om tillgänglighet");
}
