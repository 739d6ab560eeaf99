// Text in several languages ({"sv": "...", "da": "...", "en": "..."}).
// Depends on the standard library only.
#pragma once
#include <map>
#include <string>
#include <string_view>

namespace deltag {

using LocalizedText = std::map<std::string, std::string>; // language code -> text

// The text in `lang`, else English, else Swedish, else Danish, else any; empty if none.
const std::string& pick(const LocalizedText& text, std::string_view lang);

// Unicode helpers: lengths are counted in code points, never bytes.
bool is_valid_utf8(std::string_view s);
std::size_t code_points(std::string_view s);
std::string trim(std::string_view s); // Unicode white space at both ends (incl. NBSP)

} // namespace deltag
