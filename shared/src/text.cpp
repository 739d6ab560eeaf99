// Text helpers: language fallback and the few Unicode facts the core needs (UTF-8
// decoding, code-point counts, white space). Standard library only.
#include "deltag/text.hpp"

#include "deltag/languages.hpp"

namespace deltag {

PickedText pick_with_lang(const LocalizedText& text, std::string_view lang) {
    static const std::string empty;
    std::vector<std::string> order = fallback_chain(lang);
    for (const char* last : {"en", "sv", "da"})
        order.emplace_back(last);
    for (const std::string& l : order) {
        auto it = text.find(l);
        if (it != text.end() && !it->second.empty())
            return {it->second, it->first};
    }
    for (const auto& [key, value] : text)
        if (!value.empty())
            return {value, key};
    return {empty, {}};
}

const std::string& pick(const LocalizedText& text, std::string_view lang) {
    return pick_with_lang(text, lang).text;
}

std::optional<char32_t> next_code_point(std::string_view s, std::size_t& i) {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    const unsigned char b0 = byte(i);
    if (b0 < 0x80) {
        ++i;
        return b0;
    }
    std::size_t len = 0;
    char32_t cp = 0, min = 0;
    if ((b0 & 0xE0) == 0xC0) {
        len = 2, cp = b0 & 0x1F, min = 0x80;
    } else if ((b0 & 0xF0) == 0xE0) {
        len = 3, cp = b0 & 0x0F, min = 0x800;
    } else if ((b0 & 0xF8) == 0xF0) {
        len = 4, cp = b0 & 0x07, min = 0x10000;
    } else {
        ++i;
        return std::nullopt;
    }
    if (i + len > s.size()) {
        ++i;
        return std::nullopt;
    }
    for (std::size_t k = 1; k < len; ++k) {
        const unsigned char b = byte(i + k);
        if ((b & 0xC0) != 0x80) {
            ++i;
            return std::nullopt;
        }
        cp = (cp << 6) | (b & 0x3F);
    }
    // Overlong forms and surrogates are how filters get bypassed: reject them.
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
        ++i;
        return std::nullopt;
    }
    i += len;
    return cp;
}

bool is_valid_utf8(std::string_view s) {
    for (std::size_t i = 0; i < s.size();)
        if (!next_code_point(s, i))
            return false;
    return true;
}

std::size_t code_points(std::string_view s) {
    std::size_t n = 0;
    for (std::size_t i = 0; i < s.size(); ++n)
        next_code_point(s, i);
    return n;
}

bool is_unicode_space(char32_t c) {
    return (c >= 0x09 && c <= 0x0D) || c == 0x20 || c == 0x85 || c == 0xA0 || c == 0x1680 ||
           (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F ||
           c == 0x205F || c == 0x3000;
}

void append_utf8(std::string& out, char32_t c) {
    if (c < 0x80) {
        out += static_cast<char>(c);
    } else if (c < 0x800) {
        out += static_cast<char>(0xC0 | (c >> 6));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
        out += static_cast<char>(0xE0 | (c >> 12));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (c >> 18));
        out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    }
}

std::string trim(std::string_view s) {
    std::size_t begin = s.size(), end = 0;
    for (std::size_t i = 0; i < s.size();) {
        const std::size_t at = i;
        const auto c = next_code_point(s, i);
        if (c && is_unicode_space(*c))
            continue;
        if (begin == s.size())
            begin = at;
        end = i;
    }
    return begin < end ? std::string(s.substr(begin, end - begin)) : std::string();
}

} // namespace deltag
