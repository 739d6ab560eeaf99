// stb_truetype behind the text engine interface: glyphs placed one after another with the font's
// kerning, at fractional pen positions, composited by maximum coverage. Native build only.
#include "text_engine_native.hpp"

#include "deltag/text.hpp"

#define STBTT_STATIC // a private copy: ImGui's own is static to imgui_draw.cpp
#define STB_TRUETYPE_IMPLEMENTATION
#include <imstb_truetype.h>

#include <algorithm>
#include <cmath>
#include <vector>

namespace deltag::widget {

struct NativeTextEngine::Impl {
    std::string ttf;
    stbtt_fontinfo info{};
    bool ok = false;
    int ascent = 0, descent = 0;
};

namespace {

struct Placed {
    int glyph;
    float x; // pen position, device px from the run's start
};

} // namespace

NativeTextEngine::NativeTextEngine(std::string ttf) : impl_(std::make_unique<Impl>()) {
    impl_->ttf = std::move(ttf);
    const auto* data = reinterpret_cast<const unsigned char*>(impl_->ttf.data());
    impl_->ok = !impl_->ttf.empty() &&
                stbtt_InitFont(&impl_->info, data, stbtt_GetFontOffsetForIndex(data, 0)) != 0;
    if (impl_->ok) {
        int gap = 0;
        stbtt_GetFontVMetrics(&impl_->info, &impl_->ascent, &impl_->descent, &gap);
    }
}

NativeTextEngine::~NativeTextEngine() = default;

bool NativeTextEngine::ok() const {
    return impl_->ok;
}

int NativeTextEngine::glyph(char32_t c) const {
    return impl_->ok ? stbtt_FindGlyphIndex(&impl_->info, static_cast<int>(c)) : 0;
}

namespace {

// The glyphs of a run and their pen positions at `px_per_unit` (device px per font unit); the
// run's advance in device px in `advance`.
std::vector<Placed> place(const stbtt_fontinfo& info, std::string_view text, const TextStyle& style,
                          float scale, float dpr, float& advance) {
    std::vector<Placed> out;
    float pen = 0;
    int prev = 0;
    for (std::size_t i = 0; i < text.size();) {
        const auto c = next_code_point(text, i);
        if (!c || is_bidi_control(*c) || *c == '\n')
            continue;
        const int g = stbtt_FindGlyphIndex(&info, static_cast<int>(*c));
        if (prev)
            pen += stbtt_GetGlyphKernAdvance(&info, prev, g) * scale;
        out.push_back({g, pen});
        int adv = 0, lsb = 0;
        stbtt_GetGlyphHMetrics(&info, g, &adv, &lsb);
        pen += adv * scale + style.letter_spacing * dpr;
        if (*c == ' ')
            pen += style.word_spacing * dpr;
        prev = g;
    }
    advance = pen;
    return out;
}

} // namespace

float NativeTextEngine::measure_uncached(std::string_view text, const TextStyle& style) {
    if (!impl_->ok)
        return 0;
    float advance = 0;
    place(impl_->info, text, style, stbtt_ScaleForPixelHeight(&impl_->info, style.size), 1,
          advance);
    // Bold's extra pixel of ink (rasterise) overhangs the advance, as a real bold face's would
    // not: words measured apart then add up to their line.
    return advance;
}

RunBox NativeTextEngine::box(std::string_view text, const TextStyle& style, float dpr) {
    RunBox b;
    if (!impl_->ok)
        return b;
    const float scale = stbtt_ScaleForPixelHeight(&impl_->info, style.size * dpr);
    float advance = 0;
    const auto glyphs = place(impl_->info, text, style, scale, dpr, advance);
    if (glyphs.empty())
        return b;
    const float baseline = std::round(impl_->ascent * scale);
    int x0 = 0, y0 = 0, x1 = static_cast<int>(std::ceil(advance)),
        y1 = static_cast<int>(std::ceil(style.size * dpr));
    for (const Placed& p : glyphs) {
        int gx0 = 0, gy0 = 0, gx1 = 0, gy1 = 0;
        stbtt_GetGlyphBitmapBoxSubpixel(&impl_->info, p.glyph, scale, scale, p.x - std::floor(p.x),
                                        0, &gx0, &gy0, &gx1, &gy1);
        if (gx1 <= gx0)
            continue;
        const int ox = static_cast<int>(std::floor(p.x));
        x0 = std::min(x0, ox + gx0);
        x1 = std::max(x1, ox + gx1 + (style.bold ? 1 : 0));
        y0 = std::min(y0, static_cast<int>(baseline) + gy0);
        y1 = std::max(y1, static_cast<int>(baseline) + gy1);
    }
    constexpr int pad = 1;
    b.width = x1 - x0 + 2 * pad;
    b.height = y1 - y0 + 2 * pad;
    b.origin_x = static_cast<float>(pad - x0);
    b.origin_y = static_cast<float>(pad - y0);
    return b;
}

void NativeTextEngine::rasterise(std::string_view text, const TextStyle& style, float dpr,
                                 const RunBox& box, TextPage& page, int x, int y) {
    if (!impl_->ok || !page.pixels)
        return;
    const float scale = stbtt_ScaleForPixelHeight(&impl_->info, style.size * dpr);
    float advance = 0;
    const auto glyphs = place(impl_->info, text, style, scale, dpr, advance);
    const int baseline = static_cast<int>(std::round(impl_->ascent * scale));
    // The slot may hold an evicted run's ink: clear it (the web engine uploads the whole box).
    for (int r = y; r < std::min(y + box.height, page.height); ++r)
        std::fill(page.pixels + r * page.width + x,
                  page.pixels + r * page.width + std::min(x + box.width, page.width),
                  std::uint8_t{0});
    std::vector<unsigned char> bitmap;
    for (const Placed& p : glyphs) {
        const float shift = p.x - std::floor(p.x);
        int gx0 = 0, gy0 = 0, gx1 = 0, gy1 = 0;
        stbtt_GetGlyphBitmapBoxSubpixel(&impl_->info, p.glyph, scale, scale, shift, 0, &gx0, &gy0,
                                        &gx1, &gy1);
        const int w = gx1 - gx0, h = gy1 - gy0;
        if (w <= 0 || h <= 0)
            continue;
        bitmap.assign(static_cast<std::size_t>(w * h), 0);
        stbtt_MakeGlyphBitmapSubpixel(&impl_->info, bitmap.data(), w, h, w, scale, scale, shift, 0,
                                      p.glyph);
        const int left =
            x + static_cast<int>(box.origin_x) + static_cast<int>(std::floor(p.x)) + gx0;
        const int top = y + static_cast<int>(box.origin_y) + baseline + gy0;
        // Bold: the same coverage again one device pixel to the right (as the old double draw).
        for (int pass = 0; pass <= (style.bold ? 1 : 0); ++pass) {
            for (int r = 0; r < h; ++r) {
                const int py = top + r;
                if (py < y || py >= y + box.height || py >= page.height)
                    continue;
                for (int col = 0; col < w; ++col) {
                    const int px = left + col + pass;
                    if (px < x || px >= x + box.width || px >= page.width)
                        continue;
                    std::uint8_t& dst = page.pixels[py * page.width + px];
                    dst = std::max(dst, bitmap[static_cast<std::size_t>(r * w + col)]);
                }
            }
        }
    }
}

} // namespace deltag::widget
