// Instants as Unix seconds (UTC). The core never reads the clock: callers pass `now`.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace deltag {

using UnixTime = std::int64_t;

// "2026-12-03T09:15:00+01:00" or "...Z" -> Unix seconds; nullopt if malformed or no offset.
std::optional<UnixTime> parse_iso8601(std::string_view text);
// Offset of the same instant in minutes, as written in the string (e.g. +60).
std::optional<int> iso8601_offset_minutes(std::string_view text);
// Unix seconds -> "2026-12-03T09:15:00+01:00" with the given offset.
std::string format_iso8601(UnixTime t, int offset_minutes);
// "2026-12-03" -> days since 1970-01-01; nullopt if not a real calendar date.
std::optional<std::int64_t> parse_date(std::string_view text);
// UTC offset in minutes of Swedish/Danish local time (CET/CEST, EU summer-time rules) at t.
int central_european_offset_minutes(UnixTime t);

} // namespace deltag
