// Text as the layout and the painter use it: the visitor's text settings (scale, WCAG 1.4.12
// spacing), line breaking by words measured through the engine, and draw_text, the one function
// every text draw goes through (one run per line, a textured quad from the run atlas). ImGui +
// the text engine.
#pragma once
#include "run_atlas.hpp"
#include "text_engine.hpp"

#include <imgui.h>

#include <string>
#include <string_view>
#include <vector>

namespace deltag::widget {

constexpr float kLine = 1.4f; // the layout's own line height / font size

// What the visitor's browser settings ask of text (embed.js reads them: root font size and a
// probe element for the 1.4.12 overrides). Spacing in em of the text's own size; 0 = none set.
struct TextSettings {
    float scale = 1;             // root <html> font-size / 16
    float line_height = 0;       // e.g. 1.5
    float letter_spacing = 0;    // e.g. 0.12
    float word_spacing = 0;      // e.g. 0.16
    float paragraph_spacing = 0; // e.g. 2 (space after a paragraph)
    bool operator==(const TextSettings& o) const {
        return scale == o.scale && line_height == o.line_height &&
               letter_spacing == o.letter_spacing && word_spacing == o.word_spacing &&
               paragraph_spacing == o.paragraph_spacing;
    }
    bool operator!=(const TextSettings& o) const { return !(*this == o); }
};

struct TextContext {
    TextEngine* engine = nullptr;
    RunAtlas* atlas = nullptr; // null: layout only (measures, draws nothing)
    float dpr = 1;
    TextSettings settings;

    float size(float css_size) const { return css_size * settings.scale; } // a design size, scaled
    float line_height(float size) const {
        return size * (settings.line_height > kLine ? settings.line_height : kLine);
    }
    // The gap after a paragraph of text at `size`: the layout's own, or the visitor's if larger.
    float paragraph_gap(float size, float own) const {
        const float asked = settings.paragraph_spacing * size - (line_height(size) - size);
        return asked > own ? asked : own;
    }
    TextStyle style(float size, bool bold = false, bool rtl = false) const;
    float measure(std::string_view text, float size, bool bold = false, bool rtl = false) const;
};

// Lines of text wrapped to `width` (byte ranges); honours '\n'. Words are measured whole; a word
// wider than the line is broken between characters.
struct Line {
    const char* begin;
    const char* end;
    std::string_view view() const {
        return std::string_view(begin, static_cast<std::size_t>(end - begin));
    }
};
std::vector<Line> wrap_lines(const TextContext& text, float size, const std::string& s, float width,
                             bool bold = false);

// Each line as the run to draw: a bidi isolate (FSI/LRI/RLI ... PDI) that a line break cuts is
// closed at the end of its first line and opened again at the start of the next, so every run is
// balanced; a lone PDI at a line's start would leave the rest of an inserted value to the
// paragraph's direction ("…och press." drawn as ".…och press" on a Yiddish page).
// Empty when no line break cuts an isolate (nearly every text, every frame): then each line's
// view is its run, and nothing is copied.
std::vector<std::string> line_runs(const std::vector<Line>& lines);
// Line i's run: its view, or its repaired copy from line_runs.
inline std::string_view line_run(const std::vector<Line>& lines, const std::vector<std::string>& runs,
                                 std::size_t i) {
    return runs.empty() ? lines[i].view() : std::string_view(runs[i]);
}

// One line of text whose em box's top left is (x, y) in CSS px: one run from the atlas.
void draw_text(ImDrawList& dl, const TextContext& text, float x, float y, float size, ImU32 color,
               std::string_view line, bool rtl = false, bool bold = false);

} // namespace deltag::widget
