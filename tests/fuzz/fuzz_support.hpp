// What every fuzz target shares: the demo and test events (loaded once with the server's own
// loader), a check that stops the run with a message, and the catalog's error codes.
// Depends on the core and server-stub/event_catalog only.
#pragma once
#include "deltag/error.hpp"
#include "deltag/event.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace deltag::fuzz {

// The events of shared/demo and tests/server/fixtures, sorted by id so a seed's choice of
// event does not depend on the loader's order. Never empty (aborts if the files are missing).
const std::vector<Event>& known_events();
// The event with this id, or one picked by a hash of the id (so mutated ids still land).
const Event& event_for(std::string_view id);
// The demo and fixture forms, for resolving "form": "<id>" in fuzzed events.
const std::vector<Form>& known_forms();

// libFuzzer treats an abort as a finding; the message says which invariant broke.
void check(bool ok, const char* invariant);
void check(bool ok, const char* invariant, std::string_view detail);

// Every code in `errors` has a message in the catalogs (error_codes()), and none is empty.
void check_codes(const Errors& errors, const char* where);

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
    return {reinterpret_cast<const char*>(data), size};
}

} // namespace deltag::fuzz
