// Writing direction of language tags, right-to-left detection and isolation (bidi.hpp).
// Standard library only.
#include "deltag/bidi.hpp"

#include "deltag/text.hpp"

#include <algorithm>
#include <cctype>
#include <iterator>

namespace deltag {

std::string_view text_direction(std::string_view lang_tag) {
    // CLDR's right-to-left languages among those a Nordic agency may publish in or be asked for.
    static constexpr std::string_view rtl_languages[] = {"ar", "arc", "ckb", "dv", "fa", "he", "ks",
                                                         "prs", "ps", "sd", "syr", "ug", "ur", "yi"};
    static constexpr std::string_view rtl_scripts[] = {"arab", "hebr", "syrc", "thaa", "nkoo"};
    std::string tag;
    for (char c : lang_tag)
        tag += c == '_' ? '-' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const std::size_t dash = tag.find('-');
    const std::string primary = tag.substr(0, dash);
    // A script subtag decides where there is one: ku-Arab is written right to left, yi-Latn not.
    const std::string script = dash == std::string::npos ? "" : tag.substr(dash + 1, 4);
    if (script.size() == 4 && (dash + 5 == tag.size() || tag[dash + 5] == '-'))
        return std::find(std::begin(rtl_scripts), std::end(rtl_scripts), script) != std::end(rtl_scripts) ? "rtl"
                                                                                                         : "ltr";
    return std::find(std::begin(rtl_languages), std::end(rtl_languages), primary) != std::end(rtl_languages)
               ? "rtl"
               : "ltr";
}

namespace {

bool is_rtl_code_point(char32_t c) {
    return (c >= 0x0590 && c <= 0x08FF) ||  // Hebrew, Arabic, Syriac, Thaana, N'Ko, Samaritan, ...
           (c >= 0xFB1D && c <= 0xFDFF) ||  // Hebrew and Arabic presentation forms A
           (c >= 0xFE70 && c <= 0xFEFF) ||  // Arabic presentation forms B
           (c >= 0x10800 && c <= 0x10FFF) || (c >= 0x1E800 && c <= 0x1EFFF);
}

} // namespace

bool has_rtl_letters(std::string_view utf8) {
    for (std::size_t i = 0; i < utf8.size();)
        if (const auto c = next_code_point(utf8, i); c && is_rtl_code_point(*c))
            return true;
    return false;
}

std::string isolate(std::string_view value) {
    std::string out;
    out.reserve(value.size() + kFsi.size() + kPdi.size());
    out += kFsi;
    out += value;
    out += kPdi;
    return out;
}

} // namespace deltag
