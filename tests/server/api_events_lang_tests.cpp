// GET /api/v1/events?lang= and /api/v1/events/{id}?lang=: the texts of one language only (with
// the core's pick fallback), everything else as without the parameter; bad values are 400.
#include "harness.hpp"

#include <doctest/doctest.h>

#include <set>
#include <string>

using namespace deltag::testing;

namespace {

// Every localized text in the JSON (an object whose keys are all language codes), as "key set".
void text_languages(const json& j, std::multiset<std::string>& out) {
    static const std::set<std::string> langs{"sv", "da", "en"};
    if (j.is_object() && !j.empty()) {
        bool text = true;
        std::string keys;
        for (const auto& item : j.items()) {
            text = text && langs.count(item.key()) && item.value().is_string();
            keys += (keys.empty() ? "" : ",") + item.key();
        }
        if (text) out.insert(keys);
    }
    if (j.is_structured())
        for (const auto& child : j) text_languages(child, out);
}

std::multiset<std::string> languages_of(const json& j) {
    std::multiset<std::string> out;
    text_languages(j, out);
    return out;
}

json get_json(httplib::Client& cli, const std::string& path, int expected_status) {
    auto r = cli.Get(path.c_str());
    REQUIRE(r);
    CHECK(r->status == expected_status);
    return body_of(r);
}

} // namespace

TEST_SUITE("server: events in one language") {

TEST_CASE("an event asked for in Swedish carries only Swedish texts") {
    TestServer srv;
    auto cli = srv.client();
    const json all = get_json(cli, "/api/v1/events/open-event", 200);
    const json sv = get_json(cli, "/api/v1/events/open-event?lang=sv", 200);
    CHECK(languages_of(all).count("en,sv") > 0); // the fixture has both, so the cut is real
    for (const auto& keys : languages_of(sv)) CHECK(keys == "sv");
    CHECK(sv["event"]["title"] == json{{"sv", "Testevenemang"}});
    CHECK(sv["event"]["form"]["fields"][0]["label"] == json{{"sv", "Namn"}});
    CHECK(sv["event"]["form"]["fields"][5]["consent_text"] == json{{"sv", "Jag samtycker."}});
    // Only the texts change: rules, form constraints, availability and the time are the same.
    json stripped_all = all, stripped_sv = sv;
    for (json* j : {&stripped_all, &stripped_sv}) {
        (*j)["event"].erase("organiser");
        (*j)["event"].erase("title");
        (*j)["event"].erase("description");
        (*j)["event"].erase("audience");
        (*j)["event"].erase("privacy");
        (*j)["event"].erase("sessions");
        (*j)["event"].erase("form");
    }
    CHECK(stripped_sv == stripped_all);
    CHECK(sv["event"]["form"]["fields"].size() == all["event"]["form"]["fields"].size());
    CHECK(sv["event"]["form"]["fields"][0]["max_length"] == 200);
}

TEST_CASE("a language an event lacks falls back as the core's pick does, keyed by the language sent") {
    struct Case {
        const char* lang;
        json title;
        json venue;
    };
    // The fixture's title is in sv and en; its venue name only in sv.
    const Case cases[] = {
        {"en", {{"en", "Test event"}}, {{"sv", "Online"}}},
        {"da", {{"en", "Test event"}}, {{"sv", "Online"}}}, // Danish missing: English, then Swedish
        {"fi", {{"sv", "Testevenemang"}}, {{"sv", "Online"}}}, // Finnish readers read Swedish next
        {"ar", {{"en", "Test event"}}, {{"sv", "Online"}}}, // Arabic: English next
        {"sv", {{"sv", "Testevenemang"}}, {{"sv", "Online"}}},
    };
    TestServer srv;
    auto cli = srv.client();
    for (const auto& c : cases) {
        CAPTURE(c.lang);
        const json j = get_json(cli, std::string("/api/v1/events/open-event?lang=") + c.lang, 200);
        CHECK(j["event"]["title"] == c.title);
        CHECK(j["event"]["sessions"][0]["venue"]["name"] == c.venue);
    }
}

TEST_CASE("the event list in one language has every event, each in that language") {
    TestServer srv;
    auto cli = srv.client();
    const json all = get_json(cli, "/api/v1/events", 200);
    const json en = get_json(cli, "/api/v1/events?lang=en", 200);
    REQUIRE(en["events"].size() == all["events"].size());
    CHECK(en["events"].size() == 9);
    for (std::size_t i = 0; i < en["events"].size(); ++i) {
        CHECK(en["events"][i]["event"]["id"] == all["events"][i]["event"]["id"]);
        CHECK(en["events"][i]["availability"] == all["events"][i]["availability"]);
    }
    CHECK(languages_of(all).count("en,sv") > 0);
    for (const auto& keys : languages_of(en)) {
        CAPTURE(keys);
        CHECK(keys.find(',') == std::string::npos); // one language per text
    }
    CHECK(en["server_time"] == "2030-01-01T00:00:00Z");
}

TEST_CASE("a lang that is not a language code is 400 request.invalid, on the list and one event") {
    TestServer srv;
    auto cli = srv.client();
    for (const char* query : {"lang=", "lang=s", "lang=SV", "lang=sv-SE", "lang=svenska", "lang=sv&lang=da",
                              "lang=%00sv", "lang=s%0Av"}) {
        CAPTURE(query);
        for (const std::string path : {"/api/v1/events?", "/api/v1/events/open-event?"}) {
            const json j = get_json(cli, path + query, 400);
            CHECK(j["code"] == "request.invalid");
        }
    }
    // An unknown event is still 404, whatever the language.
    CHECK(get_json(cli, "/api/v1/events/no-such-event?lang=sv", 404)["code"] == "event.not_found");
}

} // TEST_SUITE
