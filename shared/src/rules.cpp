// The rules of a sign-up over plain numbers: one decision for the server's transaction and
// the availability the widget shows. Pure: the caller passes counts and the clock.
#include "deltag/rules.hpp"

#include <algorithm>

namespace deltag {

namespace {

Decision refuse(Outcome o, const char* code, std::string reason = {}) {
    return {o, std::move(reason), code};
}

Decision waitlist_or_full(const Event& event, const char* reason) {
    if (event.waitlist)
        return {Outcome::waitlisted, reason, ""};
    return refuse(Outcome::full, "registration.full", reason);
}

} // namespace

const char* to_string(Outcome o) {
    switch (o) {
    case Outcome::confirmed:
        return "confirmed";
    case Outcome::waitlisted:
        return "waitlisted";
    case Outcome::received:
        return "received";
    case Outcome::closed:
        return "closed";
    case Outcome::not_open_yet:
        return "not_open_yet";
    case Outcome::full:
        return "full";
    case Outcome::duplicate:
        return "duplicate";
    }
    return "closed";
}

const char* to_string(State s) {
    switch (s) {
    case State::open:
        return "open";
    case State::full:
        return "full";
    case State::closed:
        return "closed";
    case State::not_open_yet:
        return "not_open_yet";
    }
    return "closed";
}

Decision decide(const Event& event, const Counts& counts, UnixTime now) {
    if (event.opens_utc && now < *event.opens_utc)
        return refuse(Outcome::not_open_yet, "registration.not_open_yet");
    if (now >= event.closes_utc)
        return refuse(Outcome::closed, "registration.closed");
    if (counts.duplicate)
        return refuse(Outcome::duplicate, "registration.duplicate");
    if (event.mode == Mode::application)
        return {Outcome::received, "", ""};
    if (event.max_per_organisation && counts.organisation_confirmed >= *event.max_per_organisation)
        return waitlist_or_full(event, "organisation_limit");
    if (event.capacity && counts.confirmed >= *event.capacity)
        return waitlist_or_full(event, "capacity");
    return {Outcome::confirmed, "", ""};
}

Availability availability(const Event& event, int confirmed, int waitlisted, UnixTime now) {
    Availability a;
    a.capacity = event.capacity;
    a.confirmed = confirmed;
    a.waitlisted = waitlisted;
    if (event.capacity)
        a.seats_left = std::max(0, *event.capacity - confirmed);
    if (event.opens_utc && now < *event.opens_utc)
        a.state = State::not_open_yet;
    else if (now >= event.closes_utc)
        a.state = State::closed;
    else if (event.mode == Mode::first_come && a.seats_left && *a.seats_left == 0)
        a.state = State::full;
    else
        a.state = State::open;
    a.waitlist_open = a.state == State::full && event.waitlist;
    return a;
}

nlohmann::json to_json(const Availability& a) {
    using nlohmann::json;
    return {{"capacity", a.capacity ? json(*a.capacity) : json(nullptr)},
            {"confirmed", a.confirmed},
            {"waitlisted", a.waitlisted},
            {"seats_left", a.seats_left ? json(*a.seats_left) : json(nullptr)},
            {"state", to_string(a.state)},
            {"waitlist_open", a.waitlist_open}};
}

} // namespace deltag
