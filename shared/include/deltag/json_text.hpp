// The one way the core and the widget turn JSON text into nlohmann::json. Every call site goes
// through these two functions so that the parser is instantiated once (for one input type),
// not once per string type a caller happens to hold: each instantiation costs ~10 KB of wasm.
// Standard library and nlohmann/json only. Never throws.
#pragma once
#include <nlohmann/json.hpp>

#include <string_view>

namespace deltag {

// The parsed value, or a discarded value (is_discarded()) when `text` is not valid JSON.
nlohmann::json parse_json(std::string_view text);

// The same with nlohmann's parse callback (e.g. to see duplicate keys or depth while parsing).
nlohmann::json parse_json(std::string_view text, const nlohmann::json::parser_callback_t& callback);

} // namespace deltag
