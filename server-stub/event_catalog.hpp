// The events the server offers, read at start-up from DIR/forms/*.json and DIR/events/*.json
// with the shared core. Depends on the core and the standard library.
#pragma once
#include "deltag/event.hpp"

#include <string>
#include <variant>
#include <vector>

namespace deltag::server {

class EventCatalog {
public:
    // With `demo`, dates are rebased (deltag::rebase_for_demo) relative to `now`.
    // On error: one message naming the file, the field and the code.
    static std::variant<EventCatalog, std::string> load(const std::string& dir, bool demo,
                                                        UnixTime now);
    static EventCatalog from_events(std::vector<Event> events);

    const Event* find(std::string_view id) const;
    const std::vector<Event>& all() const { return events_; } // sorted by first session start

private:
    std::vector<Event> events_;
};

// The end of the event's last session (retention counts from there).
UnixTime last_session_end(const Event& e);

} // namespace deltag::server
