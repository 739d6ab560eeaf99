// Tests of event.hpp: strict parsing, form references and inline forms, sorted sessions,
// path-named errors, and the JSON the API serves.
#include "deltag/event.hpp"

#include <doctest/doctest.h>

using namespace deltag;
using nlohmann::json;

namespace {

Form webinar_form() {
    auto r = parse_form(json::parse(R"({"id": "webinar-da", "fields": [
      {"id": "name", "type": "text", "label": {"da": "Navn"}, "required": true},
      {"id": "organisation", "type": "organisation", "label": {"da": "Organisation"}, "countries": ["dk"]}]})"));
    REQUIRE(r.ok());
    return r.value;
}

json webinar() {
    return json::parse(R"({
      "id": "webinar-boligsociale-indsatser",
      "organiser": {"da": "Sundhedsstyrelsen, SIRI og KL"},
      "title": {"da": "Webinar", "en": "Webinar"},
      "description": {"da": "Gratis webinar"},
      "audience": {"da": "Teamledere"},
      "sessions": [
        {"id": "second", "start": "2019-12-04T09:15:00+01:00", "end": "2019-12-04T10:15:00+01:00",
         "venue": {"name": {"da": "Online"}, "address": "", "city": "", "online_platform": "Microsoft Teams"}},
        {"id": "main", "title": {"da": "Hoveddel"}, "start": "2019-12-03T09:15:00+01:00", "end": "2019-12-03T12:15:00+01:00",
         "venue": {"name": {"da": "Online"}, "online_platform": "Microsoft Teams"}}],
      "capacity": 150,
      "opens_at": "2019-10-01T00:00:00+02:00",
      "closes_at": "2019-11-30T23:59:00+01:00",
      "mode": "first_come",
      "waitlist": true,
      "max_per_organisation": 2,
      "contact": {"name": "Kontakt", "email": "kontakt@sundhedsstyrelsen.example", "phone": ""},
      "form": "webinar-da",
      "delete_after_days": 90,
      "privacy": {"da": "Dataansvarlig ..."},
      "default_language": "da",
      "demo": {"state": "closed"}
    })");
}

} // namespace

TEST_CASE("an announced webinar parses with its form resolved and sessions sorted by start") {
    const auto r = parse_event(webinar(), {webinar_form()});
    REQUIRE(r.ok());
    const Event& e = r.value;
    CHECK(e.id == "webinar-boligsociale-indsatser");
    REQUIRE(e.sessions.size() == 2);
    CHECK(e.sessions[0].id == "main");
    CHECK(e.sessions[0].start_utc == 1575360900);
    CHECK(e.sessions[0].end_utc == 1575371700);
    CHECK(e.sessions[0].venue.online_platform == "Microsoft Teams");
    CHECK(e.sessions[1].id == "second");
    CHECK(e.capacity == 150);
    CHECK(e.opens_utc == 1569880800);
    CHECK(e.closes_utc == 1575154740);
    CHECK(e.mode == Mode::first_come);
    CHECK(e.waitlist);
    CHECK(e.max_per_organisation == 2);
    CHECK(e.contact.email == "kontakt@sundhedsstyrelsen.example");
    CHECK(e.form_id == "webinar-da");
    CHECK(e.form.fields.size() == 2);
    CHECK(e.delete_after_days == 90);
    CHECK(e.default_language == "da");
}

TEST_CASE("an event may carry its form inline, and unlimited capacity is null or absent") {
    json j = webinar();
    j["form"] = to_json(webinar_form());
    j["capacity"] = nullptr;
    auto r = parse_event(j);
    REQUIRE(r.ok());
    CHECK(r.value.form_id == "webinar-da");
    CHECK_FALSE(r.value.capacity.has_value());
    j.erase("capacity");
    j.erase("opens_at");
    r = parse_event(j);
    REQUIRE(r.ok());
    CHECK_FALSE(r.value.capacity.has_value());
    CHECK_FALSE(r.value.opens_utc.has_value());
}

TEST_CASE("the served event JSON parses back to the same event") {
    const auto first = parse_event(webinar(), {webinar_form()});
    REQUIRE(first.ok());
    const json served = to_json(first.value);
    CHECK(served["form"]["id"] == "webinar-da");
    CHECK(served["capacity"] == 150);
    CHECK(served["sessions"][0]["id"] == "main");
    CHECK_FALSE(served.contains("demo"));
    const auto second = parse_event(served);
    REQUIRE(second.ok());
    CHECK(to_json(second.value) == served);
}

TEST_CASE("event errors name the JSON path and a stable code") {
    struct Case {
        const char* name;
        json patch; // merged into the valid event; null removes a key
        const char* path;
        const char* code;
    };
    const Case cases[] = {
        {"unknown key", {{"colour", "red"}}, "colour", "event.unknown_key"},
        {"missing closes_at", {{"closes_at", nullptr}}, "closes_at", "event.field_missing"},
        {"missing title", {{"title", nullptr}}, "title", "event.field_missing"},
        {"missing form", {{"form", nullptr}}, "form", "event.field_missing"},
        {"unknown form", {{"form", "nope"}}, "form", "event.form_unknown"},
        {"form of wrong type", {{"form", 3}}, "form", "event.invalid"},
        {"bad id", {{"id", "Webinar 1"}}, "id", "event.id_invalid"},
        {"time without offset",
         {{"closes_at", "2019-11-30T23:59:00"}},
         "closes_at",
         "event.time_invalid"},
        {"closes before opens",
         {{"opens_at", "2019-12-01T00:00:00+01:00"}},
         "closes_at",
         "event.time_order"},
        {"capacity zero", {{"capacity", 0}}, "capacity", "event.number_invalid"},
        {"capacity text", {{"capacity", "150"}}, "capacity", "event.invalid"},
        {"unknown mode", {{"mode", "lottery"}}, "mode", "event.mode_unknown"},
        {"unknown language",
         {{"default_language", "pl"}}, // a tag, but no catalog for it
         "default_language",
         "event.language_unknown"},
        {"waitlist not bool", {{"waitlist", 1}}, "waitlist", "event.invalid"},
        {"contact unknown key",
         {{"contact", {{"name", "K"}, {"fax", "1"}}}},
         "contact.fax",
         "event.unknown_key"},
        {"demo unknown key", {{"demo", {{"mood", "x"}}}}, "demo.mood", "event.unknown_key"},
        {"no sessions", {{"sessions", json::array()}}, "sessions", "event.field_missing"},
        {"session end before start",
         {{"sessions",
           {{{"id", "a"},
             {"start", "2019-12-03T10:00:00+01:00"},
             {"end", "2019-12-03T09:00:00+01:00"}}}}},
         "sessions[0].end",
         "event.time_order"},
        {"session bad start",
         {{"sessions",
           {{{"id", "a"}, {"start", "2019-12-03"}, {"end", "2019-12-03T09:00:00+01:00"}}}}},
         "sessions[0].start",
         "event.time_invalid"},
        {"session venue unknown key",
         {{"sessions",
           {{{"id", "a"},
             {"start", "2019-12-03T09:00:00+01:00"},
             {"end", "2019-12-03T10:00:00+01:00"},
             {"venue", {{"room", "1"}}}}}}},
         "sessions[0].venue.room",
         "event.unknown_key"},
        {"duplicate session ids",
         {{"sessions",
           {{{"id", "a"},
             {"start", "2019-12-03T09:00:00+01:00"},
             {"end", "2019-12-03T10:00:00+01:00"}},
            {{"id", "a"},
             {"start", "2019-12-04T09:00:00+01:00"},
             {"end", "2019-12-04T10:00:00+01:00"}}}}},
         "sessions[1].id",
         "event.session_id_duplicate"},
        {"inline form error",
         {{"form",
           {{"id", "x"},
            {"fields", {{{"id", "a"}, {"type", "slider"}, {"label", {{"da", "A"}}}}}}}}},
         "form.fields[0].type",
         "form.field_type_unknown"},
    };
    for (const auto& c : cases) {
        const std::string captured = c.name;
        CAPTURE(captured);
        json j = webinar();
        j.merge_patch(c.patch);
        const auto r = parse_event(j, {webinar_form()});
        REQUIRE(r.errors.size() == 1);
        CHECK(r.errors[0].field == c.path);
        CHECK(r.errors[0].code == c.code);
    }
}

TEST_CASE("a per-organisation limit needs an organisation field in the form") {
    json j = webinar();
    j["form"] = {{"id", "x"},
                 {"fields", {{{"id", "a"}, {"type", "text"}, {"label", {{"da", "A"}}}}}}};
    const auto r = parse_event(j);
    REQUIRE(r.errors.size() == 1);
    CHECK(r.errors[0].field == "max_per_organisation");
    CHECK(r.errors[0].code == "event.organisation_field_missing");
}

TEST_CASE("an event that is not an object is event.invalid") {
    const auto r = parse_event(json::array());
    REQUIRE(r.errors.size() == 1);
    CHECK(r.errors[0].code == "event.invalid");
}
