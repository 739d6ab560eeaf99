// Tests of time.hpp: ISO 8601 with offsets, calendar dates, CET/CEST summer time.
#include "deltag/time.hpp"

#include <doctest/doctest.h>

using namespace deltag;

TEST_CASE("ISO 8601 times with an offset become Unix seconds") {
    struct Case {
        const char* text;
        UnixTime utc;
        int offset;
    };
    const Case cases[] = {
        {"1970-01-01T00:00:00Z", 0, 0},
        {"1970-01-01T01:00:00+01:00", 0, 60},
        {"2019-12-03T09:15:00+01:00", 1575360900, 60},
        {"2026-06-15T14:00:00+02:00", 1781524800, 120},
        {"2026-06-15T14:00+02:00", 1781524800, 120}, // seconds may be left out
        {"2026-06-15T12:00:00.250Z", 1781524800, 0}, // fractions are dropped
        {"2026-06-15T07:30:00-04:30", 1781524800, -270},
        {"2024-02-29T23:59:59Z", 1709251199, 0},
        {"1969-12-31T23:59:59Z", -1, 0},
    };
    for (const auto& c : cases) {
        const std::string captured = c.text;
        CAPTURE(captured);
        CHECK(parse_iso8601(c.text) == c.utc);
        CHECK(iso8601_offset_minutes(c.text) == c.offset);
    }
}

TEST_CASE("malformed ISO 8601 times and times without an offset are rejected") {
    const char* cases[] = {
        "2026-06-15T14:00:00",  // no offset: ambiguous
        "2026-06-15 14:00:00Z", // space instead of T
        "2026-02-30T10:00:00Z", // no such day
        "2025-02-29T10:00:00Z", // not a leap year
        "2026-06-15T24:00:00Z",       "2026-06-15T14:60:00Z", "2026-06-15T14:00:60Z",
        "2026-06-15T14:00:00+0100", // offset needs a colon
        "2026-06-15T14:00:00+01:00x", "2026-6-15T14:00:00Z",  "2026-06-15T14:00:00.Z", "", "T",
    };
    for (const char* text : cases) {
        const std::string captured = text;
        CAPTURE(captured);
        CHECK_FALSE(parse_iso8601(text).has_value());
        CHECK_FALSE(iso8601_offset_minutes(text).has_value());
    }
}

TEST_CASE("Unix seconds are written back with the offset asked for") {
    CHECK(format_iso8601(1575360900, 60) == "2019-12-03T09:15:00+01:00");
    CHECK(format_iso8601(1781524800, 120) == "2026-06-15T14:00:00+02:00");
    CHECK(format_iso8601(1781524800, 0) == "2026-06-15T12:00:00Z");
    CHECK(format_iso8601(1781524800, -270) == "2026-06-15T07:30:00-04:30");
    CHECK(format_iso8601(-1, 0) == "1969-12-31T23:59:59Z");
    for (const UnixTime t : {UnixTime{0}, UnixTime{1575360900}, UnixTime{4102444799}})
        CHECK(parse_iso8601(format_iso8601(t, 60)) == t);
}

TEST_CASE("dates are checked against the real calendar") {
    struct Case {
        const char* text;
        std::optional<std::int64_t> days;
    };
    const Case cases[] = {
        {"1970-01-01", 0},
        {"2000-02-29", 11016},
        {"2024-02-29", 19782},
        {"2026-12-31", 20818},
        {"1900-02-29", std::nullopt},
        {"2023-02-29", std::nullopt},
        {"2026-04-31", std::nullopt},
        {"2026-13-01", std::nullopt},
        {"2026-00-10", std::nullopt},
        {"2026-01-00", std::nullopt},
        {"0000-01-01", std::nullopt},
        {"2026-1-01", std::nullopt},
        {"2026-01-01T00:00", std::nullopt},
        {"26-01-01", std::nullopt},
        {"", std::nullopt},
    };
    for (const auto& c : cases) {
        const std::string captured = c.text;
        CAPTURE(captured);
        CHECK(parse_date(c.text) == c.days);
    }
}

TEST_CASE("Swedish and Danish time switches to summer time at 01:00 UTC on the last Sundays of "
          "March and October") {
    struct Case {
        const char* utc;
        int offset;
    };
    const Case cases[] = {
        {"2026-01-15T12:00:00Z", 60},
        {"2026-03-29T00:59:59Z", 60}, // last Sunday of March 2026 is the 29th
        {"2026-03-29T01:00:00Z", 120},
        {"2026-07-01T12:00:00Z", 120},
        {"2026-10-25T00:59:59Z", 120}, // last Sunday of October 2026 is the 25th
        {"2026-10-25T01:00:00Z", 60},
        {"2025-03-30T01:00:00Z", 120},
        {"2025-03-30T00:59:59Z", 60},
        {"2027-03-28T01:00:00Z", 120},
        {"2027-10-31T00:59:59Z", 120},
        {"2027-10-31T01:00:00Z", 60},
        {"2026-12-31T23:59:59Z", 60},
    };
    for (const auto& c : cases) {
        CAPTURE(c.utc);
        CHECK(central_european_offset_minutes(*parse_iso8601(c.utc)) == c.offset);
    }
}
