// The widget's fonts and the draw list's shared data, in one place for the web platform and the
// native render tests, so that what the tests lay out is what visitors see.
#include "render_imgui.hpp"

#include <imgui_internal.h> // ImDrawListSharedData

namespace deltag::widget {

namespace {

// Latin-1, Latin Extended-A (Sami letters: á č đ ŋ š ŧ ž), general punctuation (– “ ” …), euro,
// trade mark and the right arrow: the font subset's glyphs (./deltag setup_font). Check marks,
// bullets and triangles are drawn as shapes, not glyphs.
const ImWchar kGlyphRanges[] = {
    0x0020, 0x00FF, 0x0100, 0x017F, 0x2010, 0x2027, 0x2030, 0x203A, 0x20AC, 0x20AC,
    0x2122, 0x2122, 0x2192, 0x2192, 0};

} // namespace

Fonts add_widget_fonts(ImFontAtlas& atlas, const void* ttf, int ttf_size, float scale) {
    ImFontConfig cfg;
    cfg.FontDataOwnedByAtlas = false; // one copy of the file serves every widget
    // Rasterised at the device pixel size and snapped to whole pixels (ImFont::RenderText starts
    // each run on a whole pixel too), so horizontal oversampling adds nothing visible but
    // doubles the glyphs to rasterise: the atlas build is most of the widget's first frame.
    cfg.PixelSnapH = true;
    cfg.OversampleH = 1;
    cfg.OversampleV = 1;
    auto add = [&](float css_px) {
        // ImGui takes a non-const pointer but does not write to data it does not own.
        return atlas.AddFontFromMemoryTTF(const_cast<void*>(ttf), ttf_size, css_px * scale, &cfg, kGlyphRanges);
    };
    Fonts fonts;
    fonts.small = add(14);
    fonts.body = add(16);
    fonts.h3 = add(19);
    fonts.h2 = add(24);
    return fonts;
}

void init_draw_shared(ImDrawListSharedData& shared) {
    shared.CurveTessellationTol = 1.25f; // ImGui's default style
    shared.SetCircleTessellationMaxError(0.30f);
    shared.InitialFlags =
        ImDrawListFlags_AntiAliasedLines | ImDrawListFlags_AntiAliasedLinesUseTex | ImDrawListFlags_AntiAliasedFill;
}

void bind_draw_shared(ImDrawListSharedData& shared, const ImFontAtlas& atlas, const Fonts& fonts) {
    shared.TexUvWhitePixel = atlas.TexUvWhitePixel;
    shared.TexUvLines = atlas.TexUvLines;
    shared.Font = fonts.body;
    shared.FontSize = 16;
}

} // namespace deltag::widget
