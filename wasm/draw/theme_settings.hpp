// The visitor's display settings the canvas follows (issue 12 part 5b): forced colours with the
// system colours the page computed (a canvas's pixels are never forced by the browser), more
// contrast, and the dark scheme a host opts into. Pure data over Theme: ImGui's colour type only.
#pragma once
#include "render_imgui.hpp"

#include <string_view>

namespace deltag::widget {

// The CSS system colours (css-color-4) the forced theme draws with, as the page computed them.
struct SystemColors {
    ImU32 canvas = 0, canvas_text = 0, link_text = 0, gray_text = 0, highlight = 0, highlight_text = 0,
          button_face = 0, button_text = 0;
};

struct ThemeSettings {
    bool forced = false;        // forced-colors: active (with every system colour read)
    bool more_contrast = false; // prefers-contrast: more
    bool dark = false;          // prefers-color-scheme: dark on a host that opted in
    SystemColors system;
};

// `base` (Theme::make: the agency's accent, the touch size) recoloured for the settings. Forced
// colours win over the rest: the visitor's palette is the whole palette.
Theme apply_settings(const Theme& base, const ThemeSettings& settings);

// "#rrggbb" as an opaque colour; false (and `out` unchanged) for anything else.
bool parse_hex_color(std::string_view text, ImU32& out);

} // namespace deltag::widget
