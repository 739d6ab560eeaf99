// iCalendar (RFC 5545) for one session: escaping, 75-octet line folding, UTC times.
#pragma once
#include "deltag/event.hpp"

#include <string>

namespace deltag {

// uid must be unique and stable (e.g. "<reference>-<session id>@deltag"); now is DTSTAMP.
// join_url (the online meeting's link) only for a confirmed person's file: URL and the first
// line of DESCRIPTION.
std::string make_ics(const Event& event, const Session& session, std::string_view lang,
                     std::string_view uid, UnixTime now, std::string_view join_url = {});

} // namespace deltag
