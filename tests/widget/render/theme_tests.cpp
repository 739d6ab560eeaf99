// The theme from the visitor's settings (wasm/draw/theme_settings.cpp, issue 12 part 5b): with
// forced colours every vertex the widget draws has one of the system colours, whatever screen;
// more contrast and dark change colours (and the focus ring) but never the layout.
#include "render_fixture.hpp"

#include "theme_settings.hpp"

#include <set>

using namespace deltag::widget;
using namespace deltag::widget::test;

namespace {

// A palette no light theme colour is part of (Windows' "Desert" has similar roles).
SystemColors palette() {
    SystemColors c;
    c.canvas = IM_COL32(0x10, 0x20, 0x30, 255);
    c.canvas_text = IM_COL32(0xf0, 0xe0, 0xd0, 255);
    c.link_text = IM_COL32(0x80, 0xff, 0x80, 255);
    c.gray_text = IM_COL32(0x90, 0x90, 0x90, 255);
    c.highlight = IM_COL32(0xff, 0xff, 0x00, 255);
    c.highlight_text = IM_COL32(0x00, 0x00, 0x00, 255);
    c.button_face = IM_COL32(0x20, 0x20, 0x60, 255);
    c.button_text = IM_COL32(0xff, 0xc0, 0xff, 255);
    return c;
}

std::set<ImU32> rgb_of(const std::vector<ImDrawVert>& verts) {
    std::set<ImU32> out;
    for (const auto& v : verts) out.insert(v.col & ~IM_COL32_A_MASK); // antialiasing fringes fade the alpha only
    return out;
}

std::set<ImU32> rgb_of(const SystemColors& c) {
    std::set<ImU32> out;
    for (ImU32 col : {c.canvas, c.canvas_text, c.link_text, c.gray_text, c.highlight, c.highlight_text, c.button_face,
                      c.button_text})
        out.insert(col & ~IM_COL32_A_MASK);
    return out;
}

void draws_only_system_colours(Driven& d, const char* what, const DrawState& st = {}) {
    CAPTURE(what);
    ThemeSettings s;
    s.forced = true;
    s.system = palette();
    const Theme base = Theme::make("#0b5394", false);
    const Theme forced = apply_settings(base, s);
    auto& kit = RenderKit::get();
    ViewModel vm = d.app.view();
    Layout plain = layout_items(vm, 600, kit.text, base);
    Layout layout = layout_items(vm, 600, kit.text, forced);
    CHECK(layout.height == plain.height); // colours only
    const auto seen = rgb_of(kit.draw(vm, layout, 600, forced, st));
    const auto allowed = rgb_of(s.system);
    for (ImU32 c : seen) {
        CAPTURE(c);
        CHECK(allowed.count(c) == 1);
    }
    CHECK(seen.count(s.system.canvas_text & ~IM_COL32_A_MASK) == 1);
}

} // namespace

TEST_SUITE("render: theme from the visitor's settings") {

TEST_CASE("with forced colours every screen draws in the system colours only") {
    const auto& events = demo_events();
    REQUIRE(!events.empty());
    draws_only_system_colours(*at_list(), "list");
    for (const auto& e : events) {
        CAPTURE(e.event.id);
        draws_only_system_colours(*at_event(e), "event");
        draws_only_system_colours(*at_form_errors(e), "form with errors");
    }
}

TEST_CASE("forced colours give links LinkText, buttons ButtonText on ButtonFace, the focus Highlight") {
    ThemeSettings s;
    s.forced = true;
    s.system = palette();
    const Theme t = apply_settings(Theme::make("#0b5394", true), s);
    CHECK(t.background == s.system.canvas);
    CHECK(t.text == s.system.canvas_text);
    CHECK(t.muted == s.system.canvas_text);
    CHECK(t.link == s.system.link_text);
    CHECK(t.accent == s.system.button_text);
    CHECK(t.on_accent == s.system.button_face);
    CHECK(t.disabled == s.system.gray_text);
    CHECK(t.focus == s.system.highlight);
    CHECK(t.control_h == 44); // the touch size stays
}

TEST_CASE("more contrast darkens muted text and borders and thickens the focus ring; dark turns the card") {
    const Theme base = Theme::make("#0b5394", false);
    ThemeSettings more;
    more.more_contrast = true;
    const Theme m = apply_settings(base, more);
    CHECK(m.text == IM_COL32(0, 0, 0, 255));
    CHECK(m.muted == IM_COL32(0x1b, 0x1b, 0x1b, 255));
    CHECK(m.border == IM_COL32(0x1b, 0x1b, 0x1b, 255));
    CHECK(m.focus_w > base.focus_w);
    CHECK(m.background == base.background);

    ThemeSettings dark;
    dark.dark = true;
    const Theme d = apply_settings(base, dark);
    CHECK(d.background == IM_COL32(0x1b, 0x1b, 0x1b, 255));
    CHECK(d.text == IM_COL32(0xf2, 0xf2, 0xf2, 255));
    dark.more_contrast = true;
    CHECK(apply_settings(base, dark).text == IM_COL32(255, 255, 255, 255));
    // No settings: the agency's theme as it was.
    const Theme same = apply_settings(base, ThemeSettings{});
    CHECK(same.accent == base.accent);
    CHECK(same.text == base.text);
}

TEST_CASE("a colour is read only from #rrggbb") {
    ImU32 c = 7;
    CHECK(parse_hex_color("#0a1B2c", c));
    CHECK(c == IM_COL32(0x0a, 0x1b, 0x2c, 255));
    for (const char* bad : {"", "#fff", "0a1b2c0", "#0a1b2g", "rgb(1,2,3)", "#0a1b2c "}) {
        CAPTURE(bad);
        ImU32 out = 7;
        CHECK_FALSE(parse_hex_color(bad, out));
        CHECK(out == 7);
    }
}

} // TEST_SUITE
