// The building blocks of store.cpp's transactions that other store files reuse inside their
// own (store_manage.cpp): per-event counters, the waiting list and promotion. Each runs on
// the writer's connection inside an open transaction, or on a reader's inside a read one.
#pragma once
#include "conn.hpp"
#include "store.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace deltag::server {

// A stored JSON text (an answer, a form's answers); {} when it does not parse.
nlohmann::json parse_stored(const std::string& text);
// Moves one registration into (+1) or out of (-1) a status in the per-event counters.
DbStatus adjust_count(Conn& c, const std::string& event_id, const std::string& status, int delta);
DbResult<Store::Counts> read_counts(Conn& c, const std::string& event_id);
// Confirmed registrations of the organisation (0 when the event has no per-organisation limit).
DbResult<int> organisation_confirmed(Conn& c, const Event& ev, const std::optional<std::string>& org);
// 1-based position of the waitlisted registration `seq` on its event's waiting list.
DbResult<int> waitlist_position(Conn& c, const std::string& event_id, std::int64_t seq);
// Fills freed seats from the waiting list in arrival order (deltag::decide's rules).
DbStatus promote(Conn& c, const Event& ev, UnixTime now);

} // namespace deltag::server
