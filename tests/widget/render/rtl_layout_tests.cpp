// Right-to-left layout and drawing (issue 12): the layout of a right-to-left view model is the
// mirror image of the left-to-right one, rectangle by rectangle, and the drawing puts the
// asymmetric marks (a check box, the combobox's arrow, error bars) at the right end.
#include "render_fixture.hpp"

#include <cmath>

using namespace deltag::widget;
using namespace deltag::widget::test;

namespace {

constexpr float kWidths[] = {320, 1200};

const Theme& theme() {
    static const Theme t = Theme::make("#005a9c", false);
    return t;
}

bool same(float a, float b) { return std::fabs(a - b) < 0.01f; }

std::string str(const Rect& r) {
    std::ostringstream s;
    s << "{x " << r.x << ", y " << r.y << ", w " << r.w << ", h " << r.h << "}";
    return s.str();
}

// rtl is ltr mirrored in the width: x' = W - x - w, the rest unchanged (empty rectangles stay).
void check_mirrored(const std::string& what, const Rect& ltr, const Rect& rtl, float width) {
    const float x = ltr.w == 0 && ltr.h == 0 ? ltr.x : width - ltr.x - ltr.w;
    CHECK_MESSAGE((same(rtl.x, x) && same(rtl.y, ltr.y) && same(rtl.w, ltr.w) && same(rtl.h, ltr.h)),
                  what << ": right to left " << str(rtl) << ", left to right " << str(ltr));
}

ViewModel right_to_left(ViewModel vm) {
    vm.dir = "rtl";
    return vm;
}

// The vertices of colour `col` inside the item's row: where the drawing put that mark.
std::pair<float, float> x_range(const std::vector<ImDrawVert>& verts, const Rect& r, ImU32 col) {
    float lo = 1e9f, hi = -1e9f;
    for (const auto& v : verts) {
        if (v.col != col || v.pos.y < r.y || v.pos.y > r.y + r.h || v.pos.x < r.x - 3 || v.pos.x > r.x + r.w + 3) continue;
        lo = std::min(lo, v.pos.x);
        hi = std::max(hi, v.pos.x);
    }
    return {lo, hi};
}

} // namespace

TEST_CASE("every demo form with its errors lays out right to left as the mirror image of left to right") {
    for (const auto& e : demo_events()) {
        auto d = at_form_errors(e);
        for (float width : kWidths) {
            ViewModel ltr = d->app.view();
            ViewModel rtl = right_to_left(ltr);
            const Layout a = layout_items(ltr, width, RenderKit::get().text, theme());
            const Layout b = layout_items(rtl, width, RenderKit::get().text, theme());
            CHECK(a.height == b.height);
            REQUIRE(ltr.items.size() == rtl.items.size());
            for (std::size_t i = 0; i < ltr.items.size(); ++i) {
                const Item& l = ltr.items[i];
                const Item& r = rtl.items[i];
                const std::string what = e.event.id + " at " + std::to_string(int(width)) + " " + l.id;
                check_mirrored(what, l.rect, r.rect, width);
                check_mirrored(what + " label", a.boxes[i].label, b.boxes[i].label, width);
                check_mirrored(what + " help", a.boxes[i].help, b.boxes[i].help, width);
                check_mirrored(what + " error", a.boxes[i].error, b.boxes[i].error, width);
                check_mirrored(what + " badge", a.boxes[i].badge, b.boxes[i].badge, width);
                for (std::size_t k = 0; k < l.links.size(); ++k)
                    check_mirrored(what + " link", l.links[k].rect, r.links[k].rect, width);
                // Start-aligned: a field and its label begin at the same edge, the right one here.
                if (r.role == Role::textbox && !r.honeypot)
                    CHECK_MESSAGE(same(b.boxes[i].label.x + b.boxes[i].label.w, r.rect.x + r.rect.w), what);
            }
        }
    }
}

TEST_CASE("right to left, a ticked box's mark is drawn at the right end of its row, left to right at the left") {
    int boxes = 0;
    for (const auto& e : demo_events()) {
        auto d = at_form(e);
        const ViewModel shown = d->app.view();
        std::string id;
        for (const auto& it : shown.items)
            if (it.role == Role::checkbox && id.empty()) id = it.id;
        if (id.empty()) continue;
        d->app.on_checked(id, true);
        ++boxes;
        for (float width : kWidths) {
            for (const bool rtl : {false, true}) {
                ViewModel vm = d->app.view();
                if (rtl) vm.dir = "rtl";
                const Layout layout = layout_items(vm, width, RenderKit::get().text, theme());
                const Item* box = vm.find(id);
                REQUIRE(box);
                REQUIRE(box->checked);
                const auto verts = RenderKit::get().draw(vm, layout, width, theme(), DrawState{});
                const auto [lo, hi] = x_range(verts, box->rect, theme().accent);
                CAPTURE(e.event.id);
                CAPTURE(width);
                CAPTURE(rtl);
                REQUIRE(hi >= lo); // the filled box was drawn
                const Rect& r = box->rect;
                // The 22 px box with its 2 px anti-aliased border: 2.5 px of slack on each side.
                if (rtl) {
                    CHECK(lo >= r.x + r.w - 22 - 2.5f);
                    CHECK(hi <= r.x + r.w + 2.5f);
                } else {
                    CHECK(lo >= r.x - 2.5f);
                    CHECK(hi <= r.x + 22 + 2.5f);
                }
            }
        }
    }
    CHECK(boxes >= 2);
}

TEST_CASE("no text is drawn inside a text field's box: its value is the DOM input's") {
    for (const auto& e : demo_events()) {
        auto d = at_form(e);
        ViewModel vm = d->app.view();
        std::string id;
        for (const auto& it : vm.items)
            if (it.role == Role::textbox && !it.honeypot && id.empty()) id = it.id;
        REQUIRE(!id.empty());
        d->app.on_focus(id);
        d->app.on_input(id, "Anna Andersson");
        vm = d->app.view();
        const Layout layout = layout_items(vm, 1200, RenderKit::get().text, theme());
        const Item* field = vm.find(id);
        REQUIRE(field);
        REQUIRE(field->value == "Anna Andersson");
        DrawState st;
        st.focused = id;
        const auto verts = RenderKit::get().draw(vm, layout, 1200, theme(), st);
        // Glyph quads use the atlas's texture coordinates; shapes use its white pixel. Inside the
        // field (clear of its 1.5 px border) nothing but the background may be drawn.
        const Rect& r = field->rect;
        int inside = 0;
        const ImVec2 white = RenderKit::get().shared.TexUvWhitePixel;
        for (const auto& v : verts)
            if (v.pos.x > r.x + 3 && v.pos.x < r.x + r.w - 3 && v.pos.y > r.y + 3 && v.pos.y < r.y + r.h - 3 &&
                (v.uv.x != white.x || v.uv.y != white.y))
                ++inside;
        CHECK_MESSAGE(inside == 0, e.event.id << " " << id << ": " << inside << " textured vertices inside the field");
    }
}

namespace {

// The native engine, noting each run's text and base direction as the atlas asks for its bitmap.
struct RecordingEngine : NativeTextEngine {
    using NativeTextEngine::NativeTextEngine;
    std::map<std::string, bool> rtl_of; // run text -> drawn right to left
    RunBox box(std::string_view text, const TextStyle& style, float dpr) override {
        rtl_of[std::string(text)] = style.rtl;
        return NativeTextEngine::box(text, style, dpr);
    }
};

} // namespace

TEST_CASE("right to left, a text in a left-to-right language keeps its own base direction") {
    // "English (engelska)" drawn as a right-to-left paragraph shows "(English (engelska": the
    // bracket that ends it goes to its start. Each item in another language than the widget's is
    // drawn in that language's direction; the widget's own texts in the widget's.
    RecordingEngine engine(read_file(DELTAG_FONT_PATH));
    REQUIRE(engine.ok());
    MemoryPages pages{RenderKit::kPage, RenderKit::kPage, {}};
    RunAtlas atlas(engine, [&] { return pages(); });
    TextContext text;
    text.engine = &engine;
    text.atlas = &atlas;
    text.dpr = 1;
    ImDrawListSharedData shared;
    init_draw_shared(shared);
    bind_draw_shared(shared, atlas.page());

    auto d = at_form_errors(demo_events().front());
    ViewModel vm = right_to_left(d->app.view()); // the Swedish texts on a mirrored page
    const Item* english = vm.find("b-lang-en");
    const Item* heading = vm.find("h-form");
    REQUIRE(english);
    REQUIRE(heading);
    REQUIRE(english->dir == "ltr");
    const Layout layout = layout_items(vm, 1200, text, theme());
    ImDrawList dl(&shared);
    atlas.begin_frame();
    draw_frame(dl, shared, reinterpret_cast<ImTextureID>(static_cast<std::intptr_t>(1)), 1200, layout.height, vm,
               layout, text, theme(), DrawState{});
    REQUIRE(engine.rtl_of.count(english->label));
    CHECK_FALSE(engine.rtl_of[english->label]);
    REQUIRE(engine.rtl_of.count(heading->label));
    CHECK(engine.rtl_of[heading->label]);
}
