// The widget's fonts, the draw list's shared data and the frame's draw list, in one place for the
// web platform and the native render tests, so that what the tests lay out is what visitors see.
#include "render_imgui.hpp"

#include "deltag/text.hpp"

#include <imgui_internal.h> // ImDrawListSharedData

namespace deltag::widget {

namespace {

// Latin-1, Latin Extended-A (Sami letters: á č đ ŋ š ŧ ž), general punctuation (– “ ” …), euro,
// trade mark and the right arrow: the font subset's glyphs (./deltag setup_font). Check marks,
// bullets and triangles are drawn as shapes, not glyphs.
constexpr ImWchar kSubset[] = {
    0x0020, 0x00FF, 0x0100, 0x017F, 0x2010, 0x2027, 0x2030, 0x203A, 0x20AC, 0x20AC,
    0x2122, 0x2122, 0x2192, 0x2192, 0};

bool in_subset(unsigned c) {
    for (const ImWchar* r = kSubset; r[0]; r += 2)
        if (c >= r[0] && c <= r[1]) return true;
    return false;
}

} // namespace

GlyphSet::GlyphSet(bool ascii) {
    for (unsigned c = 0x20; c < 0x7F; ++c) has_[c] = ascii || c == ' ' || c == '?';
    update_ranges();
}

GlyphSet GlyphSet::whole_subset() {
    GlyphSet set;
    set.add_whole_subset();
    return set;
}

void GlyphSet::add_whole_subset() {
    for (const ImWchar* r = kSubset; r[0]; r += 2)
        for (unsigned c = r[0]; c <= r[1]; ++c) has_[c] = true;
    update_ranges();
}

bool GlyphSet::add(unsigned c) {
    if (has(c) || !in_subset(c)) return false;
    has_[c] = true;
    return true;
}

bool GlyphSet::add_text(const std::string& utf8) {
    bool added = false;
    for (std::size_t i = 0; i < utf8.size();) {
        if (const auto c = next_code_point(utf8, i)) added |= add(*c);
    }
    if (added) update_ranges();
    return added;
}

FontGlyphs FontGlyphs::whole_subset() {
    FontGlyphs g;
    g.text.add_whole_subset();
    g.h3.add_whole_subset();
    g.h2.add_whole_subset();
    return g;
}

// What draw_items draws of an item: its label at label_size, and help, error, badge, value,
// option and link labels at the body sizes (the renderer's own strings are ASCII).
bool FontGlyphs::add_texts(const ViewModel& vm) {
    bool added = false;
    for (const Item& it : vm.items) {
        added |= for_size(label_size(it)).add_text(it.label);
        for (const std::string* s : {&it.value, &it.help, &it.error, &it.badge}) added |= text.add_text(*s);
        for (const ItemOption& o : it.options) added |= text.add_text(o.label);
        for (const ItemLink& l : it.links) added |= text.add_text(l.label);
    }
    return added;
}

void GlyphSet::update_ranges() {
    int n = 0;
    for (unsigned c = 0; c < sizeof has_; ++c) {
        if (!has_[c]) continue;
        if (n > 0 && ranges_[n - 1] + 1u == c) {
            ranges_[n - 1] = static_cast<ImWchar>(c);
        } else {
            ranges_[n++] = static_cast<ImWchar>(c);
            ranges_[n++] = static_cast<ImWchar>(c);
        }
    }
    ranges_[n] = 0;
}

Fonts add_widget_fonts(ImFontAtlas& atlas, const void* ttf, int ttf_size, float scale, const FontGlyphs& glyphs) {
    ImFontConfig cfg;
    cfg.FontDataOwnedByAtlas = false; // one copy of the file serves every widget
    // Rasterised at the device pixel size and snapped to whole pixels (ImFont::RenderText starts
    // each run on a whole pixel too), so horizontal oversampling adds nothing visible but
    // doubles the glyphs to rasterise.
    cfg.PixelSnapH = true;
    cfg.OversampleH = 1;
    cfg.OversampleV = 1;
    auto add = [&](float css_px, const GlyphSet& chars) {
        // ImGui takes a non-const pointer but does not write to data it does not own.
        return atlas.AddFontFromMemoryTTF(const_cast<void*>(ttf), ttf_size, css_px * scale, &cfg, chars.ranges());
    };
    Fonts fonts;
    fonts.small = add(kSmall, glyphs.text);
    fonts.body = add(kBody, glyphs.text);
    fonts.h3 = add(kH3, glyphs.h3);
    fonts.h2 = add(kH2, glyphs.h2);
    return fonts;
}

void init_draw_shared(ImDrawListSharedData& shared) {
    shared.CurveTessellationTol = 1.25f; // ImGui's default style
    shared.SetCircleTessellationMaxError(0.30f);
    shared.InitialFlags =
        ImDrawListFlags_AntiAliasedLines | ImDrawListFlags_AntiAliasedLinesUseTex | ImDrawListFlags_AntiAliasedFill;
}

namespace {

// The catalogs isolate inserted values with U+2068...U+2069 (deltag/bidi.hpp); the font has no
// glyphs for the bidi controls, so ImGui would draw its fallback '?' for each. They take no space
// and show nothing, as in the browser's own text.
void add_invisible_controls(ImFont* font) {
    if (!font) return;
    bool added = false;
    for (ImWchar c : {ImWchar(0x200E), ImWchar(0x200F), ImWchar(0x2066), ImWchar(0x2067), ImWchar(0x2068),
                      ImWchar(0x2069)}) {
        if (font->FindGlyphNoFallback(c)) continue;
        font->AddGlyph(nullptr, c, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        added = true;
    }
    if (added) font->BuildLookupTable();
}

} // namespace

void bind_draw_shared(ImDrawListSharedData& shared, const ImFontAtlas& atlas, const Fonts& fonts) {
    for (ImFont* f : {fonts.small, fonts.body, fonts.h3, fonts.h2}) add_invisible_controls(f);
    shared.TexUvWhitePixel = atlas.TexUvWhitePixel;
    shared.TexUvLines = atlas.TexUvLines;
    shared.Font = fonts.body;
    shared.FontSize = 16;
}

void draw_frame(ImDrawList& dl, ImDrawListSharedData& shared, ImTextureID texture, float width, float height,
                const ViewModel& vm, const Layout& layout, const Fonts& fonts, const Theme& theme,
                const DrawState& st) {
    shared.ClipRectFullscreen = ImVec4(0, 0, width, height);
    dl._ResetForNewFrame();
    dl.PushTextureID(texture);
    dl.PushClipRectFullScreen();
    draw_items(vm, layout, dl, fonts, theme, st);
    dl.PopClipRect();
    dl.PopTextureID();
    dl._PopUnusedDrawCmd();
}

} // namespace deltag::widget
