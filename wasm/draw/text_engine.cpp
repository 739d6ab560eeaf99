// What every text engine shares: the measure cache, run keys, the bidi controls. Plain C++.
#include "text_engine.hpp"

#include <cstring>

namespace deltag::widget {

std::string run_key(std::string_view text, const TextStyle& style, float dpr) {
    // The style's fields as raw bytes in front of the text: exact, and no formatting code.
    const float fields[5] = {style.size, style.letter_spacing, style.word_spacing, dpr,
                             static_cast<float>((style.bold ? 1 : 0) | (style.rtl ? 2 : 0))};
    std::string key(sizeof fields, '\0');
    std::memcpy(key.data(), fields, sizeof fields);
    key.append(text);
    return key;
}

float TextEngine::measure(std::string_view text, const TextStyle& style) {
    if (text.empty())
        return 0;
    std::string key = run_key(text, style, 0);
    if (auto it = measures_.find(key); it != measures_.end())
        return it->second;
    // Bounded: typing in the filter makes new words all the time.
    if (measures_.size() > 8192)
        measures_.clear();
    const float w = measure_uncached(text, style);
    measures_.emplace(std::move(key), w);
    return w;
}

bool is_bidi_control(char32_t c) {
    return (c >= 0x2066 && c <= 0x2069) || c == 0x200E || c == 0x200F || c == 0x061C ||
           (c >= 0x202A && c <= 0x202E);
}

} // namespace deltag::widget
