// Text in several languages ({"sv": "...", "da": "...", "en": "..."}).
// Depends on the standard library only. NFC: nfc.hpp.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace deltag {

using LocalizedText = std::map<std::string, std::string>; // language code -> text

// The text in `lang`, else along its fallback_chain (fit -> fi -> sv, languages.hpp), else
// English, Swedish, Danish, else any; empty if none.
const std::string& pick(const LocalizedText& text, std::string_view lang);
// pick() and the language the text is in (empty when there is none), so a page can give text
// shown from a fallback language its own lang attribute (screen readers switch voice).
struct PickedText {
    const std::string& text;
    std::string lang;
};
PickedText pick_with_lang(const LocalizedText& text, std::string_view lang);

// Unicode helpers: lengths are counted in code points, never bytes.
bool is_valid_utf8(std::string_view s);
std::size_t code_points(std::string_view s);
std::string trim(std::string_view s); // Unicode white space at both ends (incl. NBSP)

// The code point starting at s[i]; advances i. Invalid UTF-8 (overlong, surrogate, beyond
// U+10FFFF, truncated) yields nullopt and advances i by one byte.
std::optional<char32_t> next_code_point(std::string_view s, std::size_t& i);
// Unicode White_Space (U+0009-000D, U+0020, U+0085, U+00A0, U+1680, U+2000-200A,
// U+2028/9, U+202F, U+205F, U+3000).
bool is_unicode_space(char32_t c);
void append_utf8(std::string& out, char32_t c);

} // namespace deltag
