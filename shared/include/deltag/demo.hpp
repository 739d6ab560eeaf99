// Demo data: the announced events moved to the coming months so the demo always shows
// open events, at the announced weekday and local time of day.
#pragma once
#include "deltag/event.hpp"

namespace deltag {

// Shifts every time of the event by whole weeks (keeping the local time of day across
// summer time) so that registration closes 2-12 weeks after `now`; an event whose JSON
// has "demo": {"state": "closed"} is shifted so that it closed a week before `now`.
void rebase_for_demo(Event& event, const nlohmann::json& source, UnixTime now);

} // namespace deltag
