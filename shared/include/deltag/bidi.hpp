// Writing direction of a language and isolation of inserted values (Unicode UAX #9): what a
// right-to-left widget and every message with a name, date or number inside it need.
// Standard library only.
#pragma once
#include <string>
#include <string_view>

namespace deltag {

// "rtl" for a language written right to left (its primary subtag: yi, ar, he, fa, ur, ...),
// "ltr" otherwise. The view model carries it; the DOM overlay puts it on its root.
std::string_view text_direction(std::string_view lang_tag);

// Whether the UTF-8 text holds a strong right-to-left character (Hebrew, Arabic, Syriac,
// Thaana, N'Ko, their presentation forms, and the other RTL blocks of the BMP and plane 1).
bool has_rtl_letters(std::string_view utf8);

// FIRST STRONG ISOLATE + value + POP DIRECTIONAL ISOLATE (U+2068 ... U+2069): the value keeps
// its own direction and cannot pull the neutrals around it ("(123 עברית)") into its run.
std::string isolate(std::string_view value);
inline constexpr std::string_view kFsi = "\xE2\x81\xA8"; // U+2068
inline constexpr std::string_view kPdi = "\xE2\x81\xA9"; // U+2069

} // namespace deltag
