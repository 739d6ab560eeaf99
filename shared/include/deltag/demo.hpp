// Demo data: the announced events moved to the coming months so the demo always shows
// open events, at the announced weekday and local time of day.
#pragma once
#include "deltag/event.hpp"

namespace deltag {

// Shifts every time of the event by whole weeks (keeping the local time of day across
// summer time) so that registration closes 2-12 weeks after `now`; an event whose JSON
// has "demo": {"state": "closed"} is shifted so that it closed a week before `now`.
// Precisely: the fewest weeks (forwards or backwards) that put closes_utc in
// [now + 2 weeks, now + 3 weeks), or [now - 2 weeks, now - 1 week) when closed. Local times
// are Swedish/Danish (CET/CEST); a wall-clock time that does not exist on the new date
// (the spring-forward hour) moves an hour later. The ISO strings are rewritten with the
// new offset and the *_utc fields updated.
void rebase_for_demo(Event& event, const nlohmann::json& source, UnixTime now);

} // namespace deltag
