// One language's view of an event: every localized text cut down to the one text `pick`
// chooses, so a client that shows one language downloads one. Std + nlohmann/json only.
#pragma once
#include "deltag/event.hpp"
#include "deltag/text.hpp"

#include <string_view>

namespace deltag {

// {lang: text} for the text pick(text, lang) chooses, keyed by the language it is really in
// (a missing "da" text comes back as {"en": ...}, so a page can mark it lang="en"); empty
// when the text has none.
LocalizedText in_language(const LocalizedText& text, std::string_view lang);

// The event with every text of the event, its sessions and its form in one language. The rest
// (ids, times, rules, form constraints) is untouched, so parse_event reads the result as it
// reads the full event.
Event in_language(Event event, std::string_view lang);

} // namespace deltag
