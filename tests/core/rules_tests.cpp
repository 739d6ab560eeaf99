// Tests of rules.hpp: the sign-up decision over plain numbers and the availability shown.
#include "deltag/rules.hpp"

#include <doctest/doctest.h>

using namespace deltag;

namespace {

constexpr UnixTime opens = 1000000, closes = 2000000;

Event event(std::optional<int> capacity, bool waitlist, std::optional<int> per_org = std::nullopt,
            Mode mode = Mode::first_come) {
    Event e;
    e.id = "e";
    e.capacity = capacity;
    e.waitlist = waitlist;
    e.max_per_organisation = per_org;
    e.mode = mode;
    e.opens_utc = opens;
    e.closes_utc = closes;
    return e;
}

Counts counts(int confirmed, int organisation_confirmed = 0, bool duplicate = false) {
    Counts c;
    c.confirmed = confirmed;
    c.organisation_confirmed = organisation_confirmed;
    c.duplicate = duplicate;
    return c;
}

} // namespace

TEST_CASE(
    "the sign-up decision follows deadline, duplicate, mode, organisation limit and capacity") {
    struct Case {
        const char* name;
        Event event;
        Counts counts;
        UnixTime now;
        Outcome outcome;
        const char* reason;
        const char* code;
    };
    const UnixTime mid = (opens + closes) / 2;
    const Case cases[] = {
        {"seats left", event(20, false), counts(19), mid, Outcome::confirmed, "", ""},
        {"unlimited", event(std::nullopt, false), counts(100000), mid, Outcome::confirmed, "", ""},
        {"a full event puts the next person on the waiting list", event(20, true), counts(20), mid,
         Outcome::waitlisted, "capacity", ""},
        {"a full event without waiting list refuses", event(20, false), counts(20), mid,
         Outcome::full, "capacity", "registration.full"},
        {"over-full counts stay full", event(20, false), counts(25), mid, Outcome::full, "capacity",
         "registration.full"},
        {"before opening", event(20, true), counts(0), opens - 1, Outcome::not_open_yet, "",
         "registration.not_open_yet"},
        {"at the opening second", event(20, true), counts(0), opens, Outcome::confirmed, "", ""},
        {"one second before the deadline", event(20, true), counts(0), closes - 1,
         Outcome::confirmed, "", ""},
        {"at the deadline it is closed", event(20, true), counts(0), closes, Outcome::closed, "",
         "registration.closed"},
        {"closed beats full", event(20, true), counts(20), closes + 1, Outcome::closed, "",
         "registration.closed"},
        {"duplicate", event(20, true), counts(0, 0, true), mid, Outcome::duplicate, "",
         "registration.duplicate"},
        {"duplicate beats full", event(20, true), counts(20, 0, true), mid, Outcome::duplicate, "",
         "registration.duplicate"},
        {"application mode receives without counting seats",
         event(20, false, std::nullopt, Mode::application), counts(500), mid, Outcome::received, "",
         ""},
        {"application mode still has a deadline", event(20, false, std::nullopt, Mode::application),
         counts(0), closes, Outcome::closed, "", "registration.closed"},
        {"application mode refuses duplicates", event(20, false, std::nullopt, Mode::application),
         counts(0, 0, true), mid, Outcome::duplicate, "", "registration.duplicate"},
        {"organisation below its limit", event(20, true, 2), counts(5, 1), mid, Outcome::confirmed,
         "", ""},
        {"organisation at its limit goes to the waiting list", event(20, true, 2), counts(5, 2),
         mid, Outcome::waitlisted, "organisation_limit", ""},
        {"organisation at its limit without waiting list is refused as full", event(20, false, 2),
         counts(5, 2), mid, Outcome::full, "organisation_limit", "registration.full"},
        {"organisation limit is reported before capacity", event(20, true, 2), counts(20, 2), mid,
         Outcome::waitlisted, "organisation_limit", ""},
    };
    for (const auto& c : cases) {
        const std::string captured = c.name;
        CAPTURE(captured);
        const Decision d = decide(c.event, c.counts, c.now);
        CHECK(d.outcome == c.outcome);
        CHECK(d.reason == c.reason);
        CHECK(d.code == c.code);
    }
}

TEST_CASE("an event without opening time is open until its deadline") {
    Event e = event(10, false);
    e.opens_utc.reset();
    CHECK(decide(e, counts(0), -5000000).outcome == Outcome::confirmed);
    CHECK(availability(e, 0, 0, -5000000).state == State::open);
}

TEST_CASE("outcomes and states have stable names") {
    CHECK(std::string(to_string(Outcome::confirmed)) == "confirmed");
    CHECK(std::string(to_string(Outcome::waitlisted)) == "waitlisted");
    CHECK(std::string(to_string(Outcome::received)) == "received");
    CHECK(std::string(to_string(Outcome::closed)) == "closed");
    CHECK(std::string(to_string(Outcome::not_open_yet)) == "not_open_yet");
    CHECK(std::string(to_string(Outcome::full)) == "full");
    CHECK(std::string(to_string(Outcome::duplicate)) == "duplicate");
    CHECK(std::string(to_string(State::open)) == "open");
    CHECK(std::string(to_string(State::full)) == "full");
    CHECK(std::string(to_string(State::closed)) == "closed");
    CHECK(std::string(to_string(State::not_open_yet)) == "not_open_yet");
}

TEST_CASE("availability gives seats left, state and whether the waiting list takes sign-ups") {
    struct Case {
        const char* name;
        Event event;
        int confirmed;
        UnixTime now;
        std::optional<int> seats_left;
        State state;
        bool waitlist_open;
    };
    const UnixTime mid = (opens + closes) / 2;
    const Case cases[] = {
        {"seats left", event(20, true), 3, mid, 17, State::open, false},
        {"unlimited", event(std::nullopt, true), 3, mid, std::nullopt, State::open, false},
        {"full with waiting list", event(20, true), 20, mid, 0, State::full, true},
        {"full without waiting list", event(20, false), 20, mid, 0, State::full, false},
        {"over-full never goes negative", event(20, false), 23, mid, 0, State::full, false},
        {"not open yet", event(20, true), 0, opens - 1, 20, State::not_open_yet, false},
        {"closed", event(20, true), 20, closes, 0, State::closed, false},
        {"application mode is never full", event(20, false, std::nullopt, Mode::application), 40,
         mid, 0, State::open, false},
    };
    for (const auto& c : cases) {
        const std::string captured = c.name;
        CAPTURE(captured);
        const Availability a = availability(c.event, c.confirmed, 4, c.now);
        CHECK(a.capacity == c.event.capacity);
        CHECK(a.confirmed == c.confirmed);
        CHECK(a.waitlisted == 4);
        CHECK(a.seats_left == c.seats_left);
        CHECK(a.state == c.state);
        CHECK(a.waitlist_open == c.waitlist_open);
    }
}

TEST_CASE("availability JSON matches the API contract") {
    CHECK(
        to_json(availability(event(20, true), 3, 0, opens)) ==
        nlohmann::json::parse(
            R"({"capacity":20,"confirmed":3,"waitlisted":0,"seats_left":17,"state":"open","waitlist_open":false})"));
    CHECK(
        to_json(availability(event(std::nullopt, true), 3, 1, closes)) ==
        nlohmann::json::parse(
            R"({"capacity":null,"confirmed":3,"waitlisted":1,"seats_left":null,"state":"closed","waitlist_open":false})"));
    CHECK(
        to_json(availability(event(3, true), 3, 2, opens)) ==
        nlohmann::json::parse(
            R"({"capacity":3,"confirmed":3,"waitlisted":2,"seats_left":0,"state":"full","waitlist_open":true})"));
}
