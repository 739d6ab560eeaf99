// The rules of a sign-up decided over plain numbers. The server calls `decide` inside its
// transaction with counts read in that transaction; the widget calls `availability` to
// explain the state offline.
#pragma once
#include "deltag/event.hpp"
#include "deltag/time.hpp"

#include <string>

namespace deltag {

struct Counts {
    int confirmed = 0;              // confirmed registrations of the event
    int waitlisted = 0;             // currently on the waiting list
    int organisation_confirmed = 0; // confirmed ones from the registrant's organisation
    bool duplicate = false;         // same normalised unique field (e-mail) already registered
};

enum class Outcome { confirmed, waitlisted, received, closed, not_open_yet, full, duplicate };
const char* to_string(Outcome o); // "confirmed", ..., "full", "duplicate"

struct Decision {
    Outcome outcome = Outcome::closed;
    std::string reason; // waitlisted: "capacity" or "organisation_limit"
    std::string code;   // refusals: "registration.closed", "registration.not_open_yet",
                        // "registration.full", "registration.duplicate"; else empty
};
// In this order: not open yet, closed (now >= closes_utc), duplicate, application mode
// (received: no seats are counted), organisation limit, capacity, confirmed. A refusal by
// the per-organisation limit on an event without a waiting list is "registration.full"
// with reason "organisation_limit" (the API's 409 codes stay the four above).
Decision decide(const Event& event, const Counts& counts, UnixTime now);

enum class State { open, full, closed, not_open_yet };
const char* to_string(State s);

struct Availability {
    std::optional<int> capacity;
    int confirmed = 0, waitlisted = 0;
    std::optional<int> seats_left;
    State state = State::open;  // full: no seats, but a waiting list may still take sign-ups
    bool waitlist_open = false; // state is full and the event has a waiting list
};
// Application-mode events never become "full": applications are not counted against seats.
Availability availability(const Event& event, int confirmed, int waitlisted, UnixTime now);
nlohmann::json to_json(const Availability& a);

} // namespace deltag
