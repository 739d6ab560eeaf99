// A test event (text, e-mail, radio with a conditional field, checkbox group, consent,
// organisation) and helpers that drive an App to its form, for the widget's test files.
#pragma once
#include "fake_host.hpp"

#include "deltag/catalog.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <string>
#include <vector>

namespace deltag::widget::test {

inline nlohmann::json test_event() {
    return nlohmann::json::parse(R"({
  "id": "seminar",
  "organiser": {"sv": "Myndigheten", "da": "Myndigheden", "en": "The Agency"},
  "title": {"sv": "Seminarium om tillgänglighet", "da": "Seminar om tilgængelighed", "en": "Seminar on accessibility"},
  "description": {"sv": "Ett halvdagsseminarium.", "da": "Et halvdagsseminar.", "en": "A half-day seminar."},
  "audience": {"sv": "Chefer i kommuner", "da": "Ledere i kommuner", "en": "Managers in municipalities"},
  "sessions": [{"id": "main", "start": "2030-05-14T11:30:00+02:00", "end": "2030-05-14T12:30:00+02:00",
                "venue": {"name": {"sv": "Kulturhuset"}, "address": "Sergels torg 3", "city": "Stockholm", "online_platform": ""}}],
  "capacity": 10,
  "closes_at": "2030-05-01T23:59:00+02:00",
  "mode": "first_come",
  "waitlist": true,
  "contact": {"name": "Kontakt", "email": "kontakt@myndigheten.example", "phone": ""},
  "privacy": {"sv": "Myndigheten behandlar uppgifterna.", "da": "Myndigheden behandler oplysningerne.", "en": "The Agency processes the data."},
  "default_language": "sv",
  "form": {"id": "seminar-form", "fields": [
    {"id": "name", "type": "text", "label": {"sv": "Namn", "da": "Navn", "en": "Name"}, "required": true, "autocomplete": "name"},
    {"id": "email", "type": "email", "label": {"sv": "E-post", "da": "E-mail", "en": "Email address"}, "required": true, "autocomplete": "email"},
    {"id": "role", "type": "radio", "label": {"sv": "Roll", "da": "Rolle", "en": "Role"},
     "options": [{"value": "leader", "label": {"sv": "Chef", "da": "Leder", "en": "Manager"}},
                 {"value": "press", "label": {"sv": "Press", "da": "Presse", "en": "Journalist"}}]},
    {"id": "press_card", "type": "text", "label": {"sv": "Presskortets nummer", "da": "Pressekortets nummer", "en": "Press card number"},
     "required": true, "visible_if": {"field": "role", "values": ["press"]}},
    {"id": "topics", "type": "checkbox_group", "label": {"sv": "Ämnen", "da": "Emner", "en": "Topics"},
     "options": [{"value": "web", "label": {"sv": "Webb", "da": "Web", "en": "Websites"}},
                 {"value": "docs", "label": {"sv": "Dokument", "da": "Dokumenter", "en": "Documents"}}]},
    {"id": "organisation", "type": "organisation", "label": {"sv": "Arbetsgivare", "da": "Arbejdsgiver", "en": "Employer"},
     "required": true, "countries": ["se"]},
    {"id": "consent_photo", "type": "consent", "label": {"sv": "Jag samtycker", "da": "Jeg giver samtykke", "en": "I agree"},
     "consent_text": {"sv": "Vi fotograferar.", "da": "Vi fotograferer.", "en": "We take photos."}, "consent_version": "2030-01"}
  ]}
})");
}

inline nlohmann::json availability(const char* state = "open", int seats_left = 7, bool waitlist_open = false) {
    return {{"capacity", 10}, {"confirmed", 10 - seats_left}, {"waitlisted", 0},
            {"seats_left", seats_left}, {"state", state}, {"waitlist_open", waitlist_open}};
}

inline std::string list_body(const nlohmann::json& avail = availability(),
                             const nlohmann::json& event = test_event()) {
    return nlohmann::json{{"events", {{{"event", event}, {"availability", avail}}}},
                          {"server_time", "2030-03-17T12:00:00Z"}}
        .dump();
}

inline std::string event_body(const nlohmann::json& avail = availability(),
                              const nlohmann::json& event = test_event()) {
    return nlohmann::json{{"event", event}, {"availability", avail}, {"server_time", "2030-03-17T12:00:00Z"}}.dump();
}

inline AppConfig config(std::string event = "", std::string lang = "sv") {
    AppConfig c;
    c.api = "https://deltag.example/api/v1";
    c.event = std::move(event);
    c.lang = std::move(lang);
    return c;
}

inline std::vector<std::string> ids(const ViewModel& vm) {
    std::vector<std::string> out;
    for (const auto& it : vm.items) out.push_back(it.id);
    return out;
}

inline bool has(const ViewModel& vm, const std::string& id) { return vm.find(id) != nullptr; }

// An App showing the test event's form (single-event widget), with the GET answered.
struct FormFixture {
    FakeHost host;
    App app{host, config("seminar")};
    FormFixture() {
        app.init();
        app.on_http(host.last().id, 200, event_body());
        app.on_activate("b-signup");
    }
    void type(const std::string& item, const std::string& value) {
        app.on_focus(item);
        app.on_input(item, value);
        app.on_blur(item);
    }
    void fill_valid() {
        type("f-name", "Anna Andersson");
        type("f-email", "anna@example.se");
        app.on_focus("f-organisation");
        app.on_input("f-organisation", "göte");
        app.on_choose("f-organisation", "se:1480");
    }
    ViewModel view() const { return app.view(); }
};

} // namespace deltag::widget::test
