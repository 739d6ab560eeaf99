// An event: who organises it, what it is, its sessions, and the rules of signing up.
// Parsed from JSON without throwing; times are ISO 8601 strings with a UTC offset.
#pragma once
#include "deltag/error.hpp"
#include "deltag/form.hpp"
#include "deltag/text.hpp"
#include "deltag/time.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace deltag {

struct Venue {
    LocalizedText name;  // "Kulturhuset, Stockholm"
    std::string address; // street address, empty when online
    std::string city;
    std::string online_platform; // "Microsoft Teams"; empty when in person
};

struct Session {
    std::string id;
    LocalizedText title;    // optional, for events with several sessions
    std::string start, end; // ISO 8601 with offset, as in the file
    UnixTime start_utc = 0, end_utc = 0;
    Venue venue;
};

enum class Mode { first_come, application };

struct Contact {
    std::string name; // a role, never a named person in demo data
    std::string email;
    std::string phone;
};

struct Event {
    std::string id; // [a-z0-9-]+, used in URLs
    LocalizedText organiser, title, description, audience;
    std::vector<Session> sessions;
    std::optional<int> capacity;     // nullopt: unlimited
    std::string opens_at, closes_at; // ISO 8601; opens_at may be empty (open now)
    std::optional<UnixTime> opens_utc;
    UnixTime closes_utc = 0;
    Mode mode = Mode::first_come;
    bool waitlist = false;
    std::optional<int> max_per_organisation; // counted by the form's organisation field
    Contact contact;
    std::string form_id;
    Form form;                            // resolved by load_event / the caller
    std::optional<int> delete_after_days; // retention after the last session ends
    LocalizedText privacy;                // controller, purpose, legal basis, retention, rights
    std::string default_language;         // "sv", "da" or "en"; empty: the page decides
    // The online meeting's link: mailed to confirmed people only (mail and .ics), never in
    // public event data (to_json leaves it out).
    std::string join_url;
    int reminder_days_before = 2; // the reminder mail, days before the first session; 0: none
};

// Parses an event; `forms` resolves "form" references (or the event embeds "form": {...}).
// Error codes: "event.invalid" (wrong JSON type), "event.field_missing", "event.unknown_key",
// "event.id_invalid", "event.time_invalid", "event.time_order" (end before start, closes
// before opens), "event.mode_unknown", "event.language_unknown", "event.form_unknown",
// "event.number_invalid" (capacity etc. below 1), "event.session_id_duplicate",
// "event.organisation_field_missing" (max_per_organisation without an organisation field),
// and the inline form's errors ("form.*") under "form." ("form.fields[2].type").
// with `field` naming the JSON path ("sessions[1].start").
Result<Event> parse_event(const nlohmann::json& j, const std::vector<Form>& forms = {});
// Includes the form; leaves out what only mails carry (join_url, reminder_days_before).
nlohmann::json to_json(const Event& e);

} // namespace deltag
