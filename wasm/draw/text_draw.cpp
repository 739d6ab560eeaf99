// Line breaking through the text engine and the one text draw. ImGui + the text engine.
#include "text_draw.hpp"

#include "deltag/text.hpp"

#include <cmath>
#include <cstdint>
#include <cstring>

namespace deltag::widget {

TextStyle TextContext::style(float size, bool bold, bool rtl) const {
    TextStyle s;
    s.size = size;
    s.bold = bold;
    s.rtl = rtl;
    s.letter_spacing = settings.letter_spacing * size;
    s.word_spacing = settings.word_spacing * size;
    return s;
}

float TextContext::measure(std::string_view text, float size, bool bold, bool rtl) const {
    return engine ? engine->measure(text, style(size, bold, rtl)) : 0;
}

namespace {

// The longest prefix of the word [s, end) (at least one character) that fits `width`.
const char* fit_prefix(const TextContext& text, float size, bool bold, const char* s,
                       const char* end, float width) {
    std::vector<const char*> cuts; // after each code point
    const std::string_view word(s, static_cast<std::size_t>(end - s));
    for (std::size_t i = 0; i < word.size();) {
        next_code_point(word, i);
        // Combining marks stay with their letter (Yiddish points, Vietnamese tones).
        std::size_t j = i;
        while (j < word.size()) {
            std::size_t k = j;
            const auto c = next_code_point(word, k);
            if (!c || !((*c >= 0x0300 && *c <= 0x036F) || (*c >= 0x0591 && *c <= 0x05C7) ||
                        (*c >= 0x064B && *c <= 0x065F)))
                break;
            j = k;
        }
        i = j;
        cuts.push_back(s + i);
    }
    std::size_t lo = 0, hi = cuts.size() - 1; // cuts[lo] always taken
    while (lo < hi) {
        const std::size_t mid = (lo + hi + 1) / 2;
        if (text.measure(std::string_view(s, static_cast<std::size_t>(cuts[mid] - s)), size,
                         bold) <= width)
            lo = mid;
        else
            hi = mid - 1;
    }
    return cuts[lo];
}

} // namespace

std::vector<Line> wrap_lines(const TextContext& text, float size, const std::string& str,
                             float width, bool bold) {
    std::vector<Line> out;
    const char* s = str.data();
    const char* end = s + str.size();
    const float space = text.measure(" ", size, bold);
    while (s < end) {
        const char* nl =
            static_cast<const char*>(std::memchr(s, '\n', static_cast<std::size_t>(end - s)));
        const char* para_end = nl ? nl : end;
        const char* line_begin = nullptr;
        const char* line_end = nullptr;
        float line_w = 0;
        const char* p = s;
        while (p < para_end) {
            while (p < para_end && *p == ' ')
                ++p;
            if (p == para_end)
                break;
            const char* word_end = static_cast<const char*>(
                std::memchr(p, ' ', static_cast<std::size_t>(para_end - p)));
            if (!word_end)
                word_end = para_end;
            const float w = text.measure(
                std::string_view(p, static_cast<std::size_t>(word_end - p)), size, bold);
            if (line_begin && line_w + space + w <= width) {
                line_end = word_end;
                line_w += space + w;
                p = word_end;
                continue;
            }
            if (line_begin)
                out.push_back({line_begin, line_end});
            line_begin = nullptr;
            if (w <= width) {
                line_begin = p;
                line_end = word_end;
                line_w = w;
                p = word_end;
                continue;
            }
            // Wider than the line (a long address, or a script written without spaces).
            const char* cut = fit_prefix(text, size, bold, p, word_end, width);
            out.push_back({p, cut});
            p = cut;
            if (p < word_end) { // the rest of the word continues on the next lines
                const char* q = p;
                while (q < word_end &&
                       text.measure(std::string_view(q, static_cast<std::size_t>(word_end - q)),
                                    size, bold) > width) {
                    const char* c = fit_prefix(text, size, bold, q, word_end, width);
                    out.push_back({q, c});
                    q = c;
                }
                if (q < word_end) {
                    line_begin = q;
                    line_end = word_end;
                    line_w = text.measure(
                        std::string_view(q, static_cast<std::size_t>(word_end - q)), size, bold);
                }
                p = word_end;
            }
        }
        if (line_begin)
            out.push_back({line_begin, line_end});
        else if (s == para_end)
            out.push_back({s, s});
        s = nl ? nl + 1 : end;
        if (nl && s == end)
            out.push_back({s, s});
    }
    if (out.empty())
        out.push_back({str.data(), str.data()});
    return out;
}

namespace {

// U+2066..U+2068 open an isolate, U+2069 closes one: E2 81 A6..A9 in UTF-8. Calls
// on_open(opener) and on_close() in the line's order.
template <class Open, class Close> void scan_isolates(std::string_view line, Open on_open, Close on_close) {
    for (std::size_t i = 0; i + 2 < line.size(); ++i) {
        if (line[i] != '\xE2' || line[i + 1] != '\x81') continue;
        const unsigned char c = static_cast<unsigned char>(line[i + 2]);
        if (c >= 0xA6 && c <= 0xA8) on_open(line.substr(i, 3));
        else if (c == 0xA9) on_close();
    }
}

} // namespace

std::vector<std::string> line_runs(const std::vector<Line>& lines) {
    static constexpr std::string_view kPdi = "\xE2\x81\xA9";
    // First, without copying: does any line but the last end inside an isolate?
    std::size_t depth = 0;
    bool cut = false;
    for (std::size_t i = 0; i + 1 < lines.size() && !cut; ++i) {
        scan_isolates(lines[i].view(), [&](std::string_view) { ++depth; }, [&] { depth -= depth > 0; });
        cut = depth > 0;
    }
    if (!cut) return {};
    std::vector<std::string> runs;
    runs.reserve(lines.size());
    std::vector<std::string_view> open; // the openers of the isolates still open, outermost first
    for (const Line& l : lines) {
        std::string run;
        for (std::string_view o : open) run += o;
        run += l.view();
        scan_isolates(l.view(), [&](std::string_view o) { open.push_back(o); }, [&] { if (!open.empty()) open.pop_back(); });
        for (std::size_t k = 0; k < open.size(); ++k) run += kPdi;
        runs.push_back(std::move(run));
    }
    return runs;
}

void draw_text(ImDrawList& dl, const TextContext& text, float x, float y, float size, ImU32 color,
               std::string_view line, bool rtl, bool bold) {
    if (line.empty() || !text.atlas)
        return;
    const RunSlot* slot = text.atlas->get(line, text.style(size, bold, rtl), text.dpr);
    if (!slot || slot->box.width <= 0 || slot->box.height <= 0)
        return;
    // The run's start on a whole device pixel: the bitmap then maps one to one onto the screen.
    const float k = 1.0f / slot->dpr;
    const float px = std::round(x * text.dpr) / text.dpr - slot->box.origin_x * k;
    const float py = std::round(y * text.dpr) / text.dpr - slot->box.origin_y * k;
    const TextPage& page = text.atlas->page(slot->page);
    // The run's page is the draw list's texture from here on: every page has the white block at
    // the same place, so the shapes drawn next sample white there too.
    const auto texture = reinterpret_cast<ImTextureID>(static_cast<std::intptr_t>(page.texture));
    if (dl._CmdHeader.TextureId != texture) {
        dl.PopTextureID();
        dl.PushTextureID(texture);
    }
    const float u = 1.0f / static_cast<float>(page.width),
                v = 1.0f / static_cast<float>(page.height);
    dl.PrimReserve(6, 4);
    dl.PrimRectUV(ImVec2(px, py), ImVec2(px + slot->box.width * k, py + slot->box.height * k),
                  ImVec2(slot->x * u, slot->y * v),
                  ImVec2((slot->x + slot->box.width) * u, (slot->y + slot->box.height) * v), color);
}

} // namespace deltag::widget
