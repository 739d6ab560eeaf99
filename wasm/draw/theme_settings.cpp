// Recolouring the widget's Theme for forced colours, more contrast and the opt-in dark scheme.
// Colours only (and the focus ring's width): the layout never changes with the theme. ImGui only.
#include "theme_settings.hpp"

namespace deltag::widget {

namespace {

ImU32 rgb(int r, int g, int b) { return IM_COL32(r, g, b, 255); }
ImU32 with_alpha(ImU32 c, int alpha) { return (c & ~IM_COL32_A_MASK) | (static_cast<ImU32>(alpha) << IM_COL32_A_SHIFT); }

int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// Every colour from the visitor's palette, in the roles Windows' high-contrast themes give them:
// text and rules in CanvasText on Canvas, links in LinkText, buttons and ticked boxes in
// ButtonText with ButtonFace inside, the focus and the selection in Highlight, a disabled
// button in GrayText. Errors keep their bar and their words, not a colour of their own.
Theme forced(Theme t, const SystemColors& c) {
    t.text = t.muted = t.border = t.rule = t.sensitive_edge = t.error = c.canvas_text;
    t.background = t.hover_bg = t.error_bg = t.sensitive_bg = c.canvas;
    t.link = t.link_hot = c.link_text;
    t.accent = t.accent_dark = c.button_text;
    t.on_accent = c.button_face;
    t.disabled = c.gray_text;
    t.focus = c.highlight;
    t.selection = with_alpha(c.highlight, 110);
    t.focus_w = 4;
    return t;
}

// Muted text, borders and rules darker (or lighter on dark), a thicker focus ring.
Theme more_contrast(Theme t, bool dark) {
    t.text = dark ? rgb(255, 255, 255) : rgb(0, 0, 0);
    t.muted = dark ? rgb(0xe6, 0xe6, 0xe6) : rgb(0x1b, 0x1b, 0x1b);
    t.border = dark ? rgb(0xe6, 0xe6, 0xe6) : rgb(0x1b, 0x1b, 0x1b);
    t.rule = dark ? rgb(0xb0, 0xb0, 0xb0) : rgb(0x4a, 0x4a, 0x4a);
    t.focus = t.text;
    t.focus_w = 4;
    return t;
}

// Light on dark. The agency's accent (dark enough for white text: Theme::make) would be too dark
// on #1b1b1b for the outlined buttons' text and the ticked boxes, so the accent becomes a light
// blue with dark text on it (every pair 4.5:1 or more).
Theme dark(Theme t) {
    t.background = rgb(0x1b, 0x1b, 0x1b);
    t.text = rgb(0xf2, 0xf2, 0xf2);
    t.muted = rgb(0xc4, 0xc4, 0xc4);
    t.border = rgb(0x9a, 0x9a, 0x9a);
    t.rule = rgb(0x55, 0x55, 0x55);
    t.focus = rgb(0xf2, 0xf2, 0xf2);
    t.hover_bg = rgb(0x2b, 0x33, 0x3d);
    t.link = rgb(0x9e, 0xc9, 0xff);
    t.link_hot = rgb(0xc8, 0xe0, 0xff);
    t.accent = t.link;
    t.accent_dark = t.link_hot;
    t.on_accent = rgb(0x1b, 0x1b, 0x1b);
    t.error = rgb(0xff, 0x9a, 0xa2);
    t.error_bg = rgb(0x3a, 0x1d, 0x22);
    t.sensitive_bg = rgb(0x3a, 0x31, 0x12);
    t.sensitive_edge = rgb(0xe0, 0xb8, 0x50);
    t.disabled = rgb(0x5c, 0x5c, 0x5c);
    t.selection = IM_COL32(0x9e, 0xc9, 0xff, 80);
    return t;
}

} // namespace

Theme apply_settings(const Theme& base, const ThemeSettings& s) {
    if (s.forced) return forced(base, s.system);
    Theme t = s.dark ? dark(base) : base;
    return s.more_contrast ? more_contrast(t, s.dark) : t;
}

bool parse_hex_color(std::string_view text, ImU32& out) {
    if (text.size() != 7 || text[0] != '#') return false;
    int v[6];
    for (int i = 0; i < 6; ++i)
        if ((v[i] = hex_digit(text[1 + i])) < 0) return false;
    out = rgb(v[0] * 16 + v[1], v[2] * 16 + v[3], v[4] * 16 + v[5]);
    return true;
}

} // namespace deltag::widget
