// Tests of demo.hpp: announced events moved by whole weeks to around `now`, keeping the
// Swedish/Danish weekday and wall-clock time on both sides of the summer-time changes.
#include "deltag/demo.hpp"

#include "deltag/rules.hpp"

#include <doctest/doctest.h>

using namespace deltag;
using nlohmann::json;

namespace {

json webinar(bool closed) {
    json j = json::parse(R"({
      "id": "webinar", "title": {"da": "Webinar"},
      "sessions": [{"id": "main", "start": "2019-12-03T09:15:00+01:00", "end": "2019-12-03T12:15:00+01:00"}],
      "opens_at": "2019-10-01T00:00:00+02:00",
      "closes_at": "2019-11-30T23:59:00+01:00",
      "form": {"id": "f", "fields": []}})");
    if (closed)
        j["demo"] = {{"state", "closed"}};
    return j;
}

Event rebased(const json& source, const char* now) {
    auto r = parse_event(source);
    REQUIRE(r.ok());
    rebase_for_demo(r.value, source, *parse_iso8601(now));
    return r.value;
}

void check_consistent(const Event& e) {
    CHECK(parse_iso8601(e.closes_at) == e.closes_utc);
    CHECK(parse_iso8601(e.opens_at) == e.opens_utc);
    for (const Session& s : e.sessions) {
        CHECK(parse_iso8601(s.start) == s.start_utc);
        CHECK(parse_iso8601(s.end) == s.end_utc);
    }
}

} // namespace

TEST_CASE("demo events move by whole weeks, keeping weekday and local time across summer time") {
    // Expected values computed independently with Python's zoneinfo (Europe/Stockholm).
    struct Case {
        const char* now;
        bool closed;
        const char* closes;
        const char* start;
        const char* end;
        const char* opens;
    };
    const Case cases[] = {
        {"2026-03-20T12:00:00Z", false, "2026-04-04T23:59:00+02:00", "2026-04-07T09:15:00+02:00",
         "2026-04-07T12:15:00+02:00", "2026-02-03T00:00:00+01:00"},
        // deadline still in summer time, the session after the October change
        {"2026-10-10T12:00:00Z", false, "2026-10-24T23:59:00+02:00", "2026-10-27T09:15:00+01:00",
         "2026-10-27T12:15:00+01:00", "2026-08-25T00:00:00+02:00"},
        {"2026-11-01T12:00:00Z", false, "2026-11-21T23:59:00+01:00", "2026-11-24T09:15:00+01:00",
         "2026-11-24T12:15:00+01:00", "2026-09-22T00:00:00+02:00"},
        {"2026-03-20T12:00:00Z", true, "2026-03-07T23:59:00+01:00", "2026-03-10T09:15:00+01:00",
         "2026-03-10T12:15:00+01:00", "2026-01-06T00:00:00+01:00"},
        {"2026-04-01T00:00:00Z", true, "2026-03-21T23:59:00+01:00", "2026-03-24T09:15:00+01:00",
         "2026-03-24T12:15:00+01:00", "2026-01-20T00:00:00+01:00"},
    };
    for (const auto& c : cases) {
        const std::string captured = c.now;
        CAPTURE(captured);
        CAPTURE(c.closed);
        const Event e = rebased(webinar(c.closed), c.now);
        CHECK(e.closes_at == c.closes);
        REQUIRE(e.sessions.size() == 1);
        CHECK(e.sessions[0].start == c.start);
        CHECK(e.sessions[0].end == c.end);
        CHECK(e.opens_at == c.opens);
        check_consistent(e);
        const UnixTime now = *parse_iso8601(c.now);
        const UnixTime week = 7 * 86400;
        if (c.closed) {
            CHECK(e.closes_utc >= now - 2 * week);
            CHECK(e.closes_utc < now - week);
            CHECK(availability(e, 0, 0, now).state == State::closed);
        } else {
            CHECK(e.closes_utc >= now + 2 * week);
            CHECK(e.closes_utc < now + 3 * week);
            CHECK(availability(e, 0, 0, now).state == State::open);
        }
    }
}

TEST_CASE("an event already in the future is moved back as well, to the same window") {
    json j = webinar(false);
    j["sessions"][0]["start"] = "2031-12-02T09:15:00+01:00";
    j["sessions"][0]["end"] = "2031-12-02T12:15:00+01:00";
    j["opens_at"] = "2031-10-01T00:00:00+02:00";
    j["closes_at"] = "2031-11-29T23:59:00+01:00";
    const Event e = rebased(j, "2026-11-01T12:00:00Z");
    CHECK(e.closes_at == "2026-11-21T23:59:00+01:00");
    CHECK(e.sessions[0].start == "2026-11-24T09:15:00+01:00");
    check_consistent(e);
}

TEST_CASE("a time that falls in the spring-forward gap moves to the hour after it") {
    json j = webinar(false);
    j.erase("opens_at");
    j["closes_at"] = "2026-03-22T02:30:00+01:00"; // a Sunday; a week later 02:30 does not exist
    j["sessions"][0]["start"] = "2026-03-23T02:30:00+01:00";
    j["sessions"][0]["end"] = "2026-03-23T03:30:00+01:00";
    const Event e = rebased(j, "2026-03-11T00:00:00Z");
    CHECK(e.closes_at == "2026-03-29T03:30:00+02:00");
    CHECK(e.sessions[0].start == "2026-03-30T02:30:00+02:00");
    CHECK(e.sessions[0].end == "2026-03-30T03:30:00+02:00");
    CHECK_FALSE(e.opens_utc.has_value());
    CHECK(e.opens_at.empty());
}

TEST_CASE("an event that already closes 2-3 weeks after now is left where it is") {
    const Event before = rebased(webinar(false), "2019-11-10T12:00:00Z"); // k = 0: unchanged
    CHECK(before.closes_at == "2019-11-30T23:59:00+01:00");
    CHECK(before.sessions[0].start == "2019-12-03T09:15:00+01:00");
    CHECK(before.opens_at == "2019-10-01T00:00:00+02:00");
}
