// The text engine: measures and rasterises whole runs of text (one line in one style), never
// character by character, so shaping, bidi within the line and font fallback are the engine's.
// The browser's Canvas2D in the web build (web/text_engine_web.cpp), stb_truetype over DejaVu
// natively (draw/text_engine_native.cpp) for the render tests. Standard library only.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>

namespace deltag::widget {

// How a run is drawn. Sizes in CSS px, already multiplied by the visitor's text scale.
struct TextStyle {
    float size = 16;
    bool bold = false;
    bool rtl = false;         // the paragraph's direction (the rtl layout sets it)
    float letter_spacing = 0; // CSS px added after each character (WCAG 1.4.12 overrides)
    float word_spacing = 0;   // CSS px added to each space
    bool operator==(const TextStyle& o) const {
        return size == o.size && bold == o.bold && rtl == o.rtl &&
               letter_spacing == o.letter_spacing && word_spacing == o.word_spacing;
    }
};

// A run's bitmap in device pixels: its size, and where the run's start (left end of its em box's
// top edge: the x and y the layout gives) lies inside it. Glyphs overhang the advance: the box
// holds their ink, padded.
struct RunBox {
    int width = 0, height = 0;
    float origin_x = 0, origin_y = 0;
};

// The atlas page a run is rasterised into: coverage, one byte per pixel (0 transparent, 255 ink).
// The web engine writes the GL texture itself and ignores `pixels` (null there).
struct TextPage {
    int width = 0, height = 0;
    std::uint8_t* pixels = nullptr; // width * height, row-major; native only
    unsigned texture = 0;           // the GL texture; web only
};

class TextEngine {
  public:
    virtual ~TextEngine() = default;
    // The run's advance in CSS px; cached (typing measures the same words every frame).
    float measure(std::string_view text, const TextStyle& style);
    virtual RunBox box(std::string_view text, const TextStyle& style, float dpr) = 0;
    // Draws the run (box() gave `box`) into `page` with the box's top left at (x, y).
    virtual void rasterise(std::string_view text, const TextStyle& style, float dpr,
                           const RunBox& box, TextPage& page, int x, int y) = 0;
    // Forget cached measures (the font or the spacing changed).
    void clear_measures() { measures_.clear(); }

  protected:
    virtual float measure_uncached(std::string_view text, const TextStyle& style) = 0;

  private:
    std::unordered_map<std::string, float> measures_;
};

// The key of a run in caches and the atlas: text and every style field (and dpr for bitmaps).
std::string run_key(std::string_view text, const TextStyle& style, float dpr);

// Bidi and isolation controls (FSI/LRI/RLI/PDI U+2066-2069, LRM/RLM U+200E/F, ALM U+061C):
// the browser treats them as controls; a rasteriser without bidi must skip them, not draw tofu.
bool is_bidi_control(char32_t c);

} // namespace deltag::widget
