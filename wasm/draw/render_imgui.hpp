// The ImGui renderer of the item list: lays the items out for a width (filling in their
// rectangles, in CSS pixels) and draws them into an ImDrawList. ImGui draws; it never owns
// input or text entry (the DOM overlay does). ImGui + items.hpp only.
#pragma once
#include "items.hpp"

#include <imgui.h>

#include <string>
#include <vector>

namespace deltag::widget {

// Fonts of one atlas, loaded at device-pixel sizes; drawn at CSS sizes.
struct Fonts {
    ImFont* small = nullptr;   // 14 CSS px
    ImFont* body = nullptr;    // 16
    ImFont* h3 = nullptr;      // 19
    ImFont* h2 = nullptr;      // 24
};

// The text sizes in CSS px, the font of each, and the size of an item's own label: layout,
// drawing and the atlas's characters (FontGlyphs) all take them from here.
constexpr float kSmall = 14, kBody = 16, kH3 = 19, kH2 = 24;
inline const ImFont* font_for(const Fonts& f, float size) {
    return size <= kSmall ? f.small : size <= kBody ? f.body : size <= kH3 ? f.h3 : f.h2;
}
inline float label_size(const Item& it) {
    if (it.role == Role::heading) return it.level <= 2 ? kH2 : kH3;
    if (it.look == Look::card_title) return kH3; // the list's event titles (links)
    if (it.look == Look::small || it.look == Look::lang_choice) return kSmall;
    return kBody;
}

// The characters a font atlas holds (of the font subset's: Latin-1, Latin Extended-A,
// punctuation; ./deltag setup_font). Rasterising all ~330 of them at four sizes was most of the
// widget's first frame (20-45 ms in the browser), while a screen uses ASCII and a dozen others.
class GlyphSet {
public:
    explicit GlyphSet(bool ascii = true); // printable ASCII, or only ' ' and ImGui's fallback '?'
    static GlyphSet whole_subset();
    // Adds the characters of `utf8` that the subset has; true when any was not in the set.
    // Characters outside the subset are drawn as ImGui's fallback glyph.
    bool add_text(const std::string& utf8);
    void add_whole_subset();
    bool has(unsigned codepoint) const { return codepoint < sizeof has_ && has_[codepoint]; }
    // Zero-terminated ranges for ImFontAtlas; valid until the set changes.
    const ImWchar* ranges() const { return ranges_; }

private:
    bool add(unsigned codepoint);
    void update_ranges();
    bool has_[0x2193] = {}; // by code point, up to the subset's last (U+2192)
    // Fixed arrays: no container code in the wasm. At most one range per character of the
    // subset (390), each two entries, and the terminating zero.
    ImWchar ranges_[2 * 390 + 1] = {};
};

// The characters of each font: the web platform's atlas holds what the screens shown so far
// need, and grows (one rebuild) when a text needs more. The two body sizes hold printable ASCII
// from the start (typing); the heading sizes only their labels' characters: they are the
// largest glyphs and the fewest texts (the first atlas: about half the rasterising).
struct FontGlyphs {
    GlyphSet text{true};      // small and body
    GlyphSet h3{false}, h2{false};
    GlyphSet& for_size(float size) { return size <= kBody ? text : size <= kH3 ? h3 : h2; } // as font_for
    // Adds the characters of every text the renderer draws, to the sets of the sizes it draws
    // them at (label_size); true when any set grew.
    bool add_texts(const ViewModel& vm);
    static FontGlyphs whole_subset();
};

// The widget's four sizes of the TTF font `ttf` (kept alive by the caller; the atlas does not own
// it) with the characters of `glyphs` (kept alive and unchanged until the build), rasterised at
// `scale` device pixels per CSS pixel. Call atlas.Build() afterwards.
Fonts add_widget_fonts(ImFontAtlas& atlas, const void* ttf, int ttf_size, float scale, const FontGlyphs& glyphs);
// The draw list's shared data as the widget draws with it, without an ImGui context:
// constants once, then the atlas's white pixel and line textures after every atlas build.
void init_draw_shared(ImDrawListSharedData& shared);
// Also gives each font zero-width, invisible glyphs for the bidi controls the catalogs insert
// (U+2066-2069 isolates, LRM, RLM): the browser's text honours them, ImGui must not draw '?'.
void bind_draw_shared(ImDrawListSharedData& shared, const ImFontAtlas& atlas, const Fonts& fonts);

struct Theme {
    ImU32 text, muted, accent, accent_dark, on_accent, error, error_bg, border, background,
        focus, hover_bg, selection, sensitive_bg;
    float control_h = 40;      // 44 on a touch-first layout
    static Theme make(const std::string& accent_hex, bool touch);
};

// Extra geometry of an item beyond item.rect (the DOM control's box).
struct ItemBox {
    Rect label, badge, help, error, extra; // extra: a textbox's drawn box inside a tall row
};

struct Layout {
    std::vector<ItemBox> boxes; // parallel to vm.items
    float height = 0;           // content height in CSS px
    float content_left = 0;     // edges of the text column
    float content_right = 0;
};

// Lays out in left-to-right terms, then mirrors every rectangle for a right-to-left view model
// (vm.dir, mirror_layout): the DOM overlay follows the mirrored rectangles.
Layout layout_items(ViewModel& vm, float width, const Fonts& fonts, const Theme& theme);
// x' = width - x - w for every rectangle of the items and of the layout's boxes
// (render_imgui_mirror.cpp). Empty rectangles (a honeypot's) stay where they are.
void mirror_layout(ViewModel& vm, Layout& layout, float width);

// What the DOM tells the drawing: which item has focus, which is under the pointer. The text
// fields' caret, selection and value are the DOM input's own (#12), never drawn here.
struct DrawState {
    std::string focused, hovered;
};

void draw_items(const ViewModel& vm, const Layout& layout, ImDrawList& dl, const Fonts& fonts,
                const Theme& theme, const DrawState& st);
// One frame into `dl` (sharing `shared`, whose full-screen clip becomes width x height CSS px):
// the items drawn with the atlas's texture, as the web platform and the render tests draw them.
void draw_frame(ImDrawList& dl, ImDrawListSharedData& shared, ImTextureID texture, float width, float height,
                const ViewModel& vm, const Layout& layout, const Fonts& fonts, const Theme& theme,
                const DrawState& st);

// Lines of text wrapped to `width` (byte ranges); honours '\n'.
struct Line {
    const char* begin;
    const char* end;
};
std::vector<Line> wrap_lines(const ImFont* font, float size, const std::string& text, float width);

} // namespace deltag::widget
