// See json_text.hpp for why parsing has a single entry point.
#include "deltag/json_text.hpp"

namespace deltag {

nlohmann::json parse_json(std::string_view text, const nlohmann::json::parser_callback_t& callback) {
    const char* begin = text.data();
    return nlohmann::json::parse(begin, begin + text.size(), callback, /*allow_exceptions=*/false);
}

nlohmann::json parse_json(std::string_view text) { return parse_json(text, nullptr); }

} // namespace deltag
