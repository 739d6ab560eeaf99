// The ImGui renderer (wasm/draw/render_imgui*.cpp) over every demo event's screens at 320 and 1200 CSS
// px, with the real font: every rectangle inside the canvas, targets of at least 24x24 that do not
// overlap, wrapped text inside its box, a focus ring around the focused item, and a non-empty draw
// list whose vertices stay on the canvas.
#include "render_fixture.hpp"

#include <cfloat>
#include <cmath>
#include <map>
#include <tuple>

using namespace deltag::widget;
using namespace deltag::widget::test;

namespace {

constexpr float kWidths[] = {320, 1200};

bool interactive(Role r) {
    return r == Role::button || r == Role::link || r == Role::textbox || r == Role::combobox ||
           r == Role::select || r == Role::checkbox || r == Role::radio;
}

float text_size(const Item& it) {
    if (it.role == Role::heading) return it.level <= 2 ? 24 : 19;
    if (it.look == Look::card_title) return 19;
    if (it.look == Look::small) return 14;
    return 16;
}

std::string str(const Rect& r) {
    std::ostringstream s;
    s << "{x " << r.x << ", y " << r.y << ", w " << r.w << ", h " << r.h << "}";
    return s.str();
}

bool overlap(const Rect& a, const Rect& b) {
    return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

// The box the focus ring goes around: the indicator of a checkbox or radio, else the item.
Rect ring_target(const Item& it) {
    if (it.role == Role::checkbox || it.role == Role::radio)
        return Rect{it.rect.x, it.rect.y + (it.rect.h - 22) / 2, 22, 22};
    return it.rect;
}

struct Problems {
    std::vector<std::string> list;
    void add(const std::string& p) { list.push_back(p); }
};

void inside_canvas(Problems& out, const std::string& what, const Rect& r, float width) {
    if (r.w < 0 || r.h < 0 || r.x < 0 || r.x + r.w > width + 0.01f)
        out.add(what + " " + str(r) + " is not inside [0, " + std::to_string(int(width)) + "]");
}

// Text wrapped as the painter wraps it (at wrap_w, at the design size scaled by the visitor's
// text scale, bold where the painter draws bold): every line at most max_w wide, all lines within
// the box's height.
void text_fits(Problems& out, const std::string& what, const TextContext& t, float design_size, const std::string& text,
               const Rect& box, float wrap_w, float max_w, bool bold = false) {
    const float size = t.size(design_size);
    const auto lines = wrap_lines(t, size, text, wrap_w, bold);
    for (const auto& l : lines) {
        const float w = t.measure(l.view(), size, bold);
        if (w > max_w + 0.5f)
            out.add(what + ": the line \"" + std::string(l.begin, l.end) + "\" is " + std::to_string(w) +
                    " px wide in a box of " + std::to_string(max_w));
    }
    const float h = static_cast<float>(lines.size()) * t.line_height(size);
    if (h > box.h + 0.5f)
        out.add(what + ": " + std::to_string(lines.size()) + " lines need " + std::to_string(h) + " px, the box " +
                str(box) + " has " + std::to_string(box.h));
}

// What the layout promises: rectangles on the canvas, targets big enough and apart, text in its box.
Problems layout_problems(const ViewModel& vm, const Layout& layout, float width) {
    const TextContext& fonts = RenderKit::get().text;
    Problems out;
    if (layout.boxes.size() != vm.items.size()) out.add("the layout has a box for every item");
    if (!(layout.height > 0)) out.add("the layout has a height");
    std::vector<std::pair<std::string, Rect>> targets;
    for (std::size_t i = 0; i < vm.items.size() && i < layout.boxes.size(); ++i) {
        const Item& it = vm.items[i];
        const ItemBox& box = layout.boxes[i];
        if (it.honeypot) continue; // kept out of sight on purpose
        inside_canvas(out, it.id, it.rect, width);
        if (it.rect.y + it.rect.h > layout.height + 0.01f) out.add(it.id + " " + str(it.rect) + " is below the canvas");
        const std::pair<const char*, Rect> parts[] = {
            {"label", box.label}, {"badge", box.badge}, {"help", box.help}, {"error", box.error}};
        for (const auto& [name, part] : parts)
            if (part.w > 0 || part.h > 0) inside_canvas(out, it.id + " " + name, part, width);
        if (interactive(it.role)) {
            if (it.rect.w < 24 || it.rect.h < 24) out.add(it.id + " " + str(it.rect) + " is smaller than 24x24");
            targets.push_back({it.id, it.rect});
        }
        for (const auto& l : it.links) {
            inside_canvas(out, it.id + " link to " + l.target, l.rect, width);
            if (l.rect.h < 24) out.add(it.id + " link to " + l.target + " is lower than 24 px");
            targets.push_back({it.id + " link to " + l.target, l.rect});
            text_fits(out, it.id + " link to " + l.target, fonts, 16, l.label, l.rect, l.rect.w + 1, l.rect.w + 1);
        }

        const float size = text_size(it);
        switch (it.role) {
        case Role::heading:
        case Role::text:
        case Role::link: {
            const bool bold = it.role == Role::heading || it.look == Look::emphasis || it.look == Look::card_title;
            text_fits(out, it.id, fonts, size, it.label, it.rect, it.rect.w + 1, it.rect.w + 1, bold);
            break;
        }
        case Role::button: {
            const bool lang = it.look == Look::lang_choice;
            const float s = lang ? 14 : 16;
            // Centred with at least 8 px on each side.
            text_fits(out, it.id, fonts, s, it.label, it.rect, lang ? it.rect.w - 20 : it.rect.w - 31, it.rect.w - 16, !lang);
            break;
        }
        case Role::textbox:
        case Role::combobox:
        case Role::select:
        case Role::checkbox:
        case Role::radio:
        case Role::group:
            text_fits(out, it.id + " label", fonts, 16, it.label + (it.required ? " *" : ""), box.label, box.label.w + 1,
                      box.label.w + 1, it.role == Role::group);
            if (!it.help.empty()) text_fits(out, it.id + " help", fonts, 14, it.help, box.help, box.help.w + 1, box.help.w + 1);
            if (!it.error.empty())
                text_fits(out, it.id + " error", fonts, 14, it.error, box.error, box.error.w + 1, box.error.w + 1);
            if (!it.badge.empty())
                text_fits(out, it.id + " badge", fonts, 14, it.badge, Rect{0, 0, box.badge.w - 16, box.badge.h - 4},
                          box.badge.w - 15, box.badge.w - 15);
            break;
        case Role::alert: text_fits(out, it.id, fonts, 16, it.label, box.label, box.label.w + 1, box.label.w + 1, true); break;
        case Role::listbox:
            // It floats over what follows (like a native dropdown), so its options are checked
            // among themselves: on the canvas, big enough, apart, and inside the list.
            for (std::size_t a = 0; a < it.options.size(); ++a) {
                const ItemOption& o = it.options[a];
                inside_canvas(out, o.id, o.rect, width);
                if (o.rect.w < 24 || o.rect.h < 24) out.add(o.id + " " + str(o.rect) + " is smaller than 24x24");
                if (o.rect.y < it.rect.y || o.rect.y + o.rect.h > it.rect.y + it.rect.h + 0.01f)
                    out.add(o.id + " " + str(o.rect) + " sticks out of its list " + str(it.rect));
                if (o.rect.y + o.rect.h > layout.height + 0.01f) out.add(o.id + " " + str(o.rect) + " is below the canvas");
                text_fits(out, o.id, fonts, 16, o.label, Rect{0, 0, o.rect.w - 24, o.rect.h}, o.rect.w - 23, o.rect.w - 23);
                for (std::size_t b = a + 1; b < it.options.size(); ++b)
                    if (overlap(o.rect, it.options[b].rect)) out.add(o.id + " overlaps " + it.options[b].id);
            }
            break;
        }
    }
    for (std::size_t a = 0; a < targets.size(); ++a)
        for (std::size_t b = a + 1; b < targets.size(); ++b)
            if (overlap(targets[a].second, targets[b].second))
                out.add(targets[a].first + " " + str(targets[a].second) + " overlaps " + targets[b].first + " " +
                        str(targets[b].second));
    return out;
}

void vertices_on_canvas(Problems& out, const std::string& what, const std::vector<ImDrawVert>& v, float width,
                        float height) {
    if (v.empty()) out.add(what + ": the draw list is empty");
    for (const auto& p : v) {
        if (p.pos.x < -0.01f || p.pos.x > width + 0.01f || p.pos.y < -0.01f || p.pos.y > height + 0.01f) {
            out.add(what + ": a vertex at (" + std::to_string(p.pos.x) + ", " + std::to_string(p.pos.y) +
                    ") is off the canvas " + std::to_string(width) + "x" + std::to_string(height));
            return; // one is enough to see it
        }
    }
}

// The drawing: vertices on the canvas, and for each focusable item a 3 px ring about 4 px around
// it that is there only while it has focus (what focus adds to the draw list, compared vertex by
// vertex with the frame without focus).
Problems draw_problems(const ViewModel& vm, const Layout& layout, float width, const Theme& theme) {
    RenderKit& kit = RenderKit::get();
    Problems out;
    const auto plain = kit.draw(vm, layout, width, theme, DrawState{});
    vertices_on_canvas(out, "without focus", plain, width, layout.height);
    std::map<std::tuple<float, float, ImU32>, int> base;
    for (const auto& p : plain) ++base[{p.pos.x, p.pos.y, p.col}];
    for (const Item& it : vm.items) {
        if (it.honeypot || !(interactive(it.role) || it.role == Role::alert)) continue;
        DrawState st;
        st.focused = it.id;
        const auto focused = kit.draw(vm, layout, width, theme, st);
        vertices_on_canvas(out, "focus on " + it.id, focused, width, layout.height);
        auto left = base;
        float x0 = FLT_MAX, y0 = FLT_MAX, x1 = -FLT_MAX, y1 = -FLT_MAX;
        int added = 0;
        for (const auto& p : focused) {
            auto f = left.find({p.pos.x, p.pos.y, p.col});
            if (f != left.end() && f->second > 0) {
                --f->second;
                continue;
            }
            ++added;
            x0 = std::min(x0, p.pos.x), y0 = std::min(y0, p.pos.y);
            x1 = std::max(x1, p.pos.x), y1 = std::max(y1, p.pos.y);
        }
        if (added == 0) {
            out.add("focus on " + it.id + " draws no focus ring");
            continue;
        }
        // The ring's path is 4 px out from the target, 3 px thick: its outer edge about 5.5 px out.
        const Rect t = ring_target(it);
        const bool around = std::fabs(x0 - (t.x - 4)) <= 2.5f && std::fabs(y0 - (t.y - 4)) <= 2.5f &&
                            std::fabs(x1 - (t.x + t.w + 4)) <= 2.5f && std::fabs(y1 - (t.y + t.h + 4)) <= 2.5f;
        if (!around)
            out.add("focus on " + it.id + ": what focus adds spans " + str(Rect{x0, y0, x1 - x0, y1 - y0}) +
                    ", not a ring around " + str(t));
    }
    return out;
}

void check_screen(const std::string& what, App& app, const Theme& theme) {
    for (float width : kWidths) {
        ViewModel vm = app.view();
        const Layout layout = layout_items(vm, width, RenderKit::get().text, theme);
        const std::string where = what + " at " + std::to_string(int(width)) + " px";
        const Problems laid = layout_problems(vm, layout, width);
        const Problems drawn = draw_problems(vm, layout, width, theme);
        for (const auto& p : laid.list) FAIL_CHECK(where << ": " << p);
        for (const auto& p : drawn.list) FAIL_CHECK(where << ": " << p);
        CHECK_MESSAGE(laid.list.size() + drawn.list.size() == 0, where);
        CHECK_MESSAGE(vm.items.size() > 3, where);
    }
}

const Theme& theme(bool touch = false) {
    static const Theme desktop = Theme::make("#005a9c", false);
    static const Theme coarse = Theme::make("#005a9c", true);
    return touch ? coarse : desktop;
}

} // namespace

TEST_CASE("the list of every demo event lays out and draws within 320 and 1200 CSS px") {
    for (const char* lang : {"sv", "da", "en"}) {
        auto d = at_list(lang);
        check_screen(std::string("the list in ") + lang, d->app, theme());
    }
}

TEST_CASE("each demo event's page lays out and draws within 320 and 1200 CSS px") {
    for (const auto& e : demo_events()) check_screen(e.event.id + " event page", at_event(e)->app, theme());
}

TEST_CASE("each demo event's form lays out and draws within 320 and 1200 CSS px, also with 44 px controls") {
    for (const auto& e : demo_events()) {
        check_screen(e.event.id + " form", at_form(e)->app, theme());
        check_screen(e.event.id + " form (touch)", at_form(e, true)->app, theme(true));
    }
}

TEST_CASE("each demo event's form with the organisation list open lays out and draws within 320 and 1200 CSS px") {
    int lists = 0;
    for (const auto& e : demo_events()) {
        auto d = at_form(e);
        const ViewModel vm = d->app.view();
        const Item* combo = nullptr;
        for (const auto& it : vm.items)
            if (it.role == Role::combobox && !combo) combo = &it;
        if (!combo) continue;
        d->app.on_focus(combo->id);
        d->app.on_input(combo->id, "Sto");
        REQUIRE(d->app.view().find(combo->options_id));
        check_screen(e.event.id + " form with the organisation list open", d->app, theme());
        ++lists;
    }
    CHECK(lists >= 3);
}

TEST_CASE("each demo event's form with every error shown lays out and draws within 320 and 1200 CSS px") {
    for (const auto& e : demo_events()) {
        auto d = at_form_errors(e);
        CHECK(d->app.view().find("s-summary")->links.size() >= 1);
        check_screen(e.event.id + " form with errors", d->app, theme());
    }
}

TEST_CASE("each demo event's confirmation lays out and draws within 320 and 1200 CSS px") {
    for (const auto& e : demo_events()) {
        auto d = at_result(e, "confirmed");
        CHECK(d->app.result() == ResultKind::confirmed);
        check_screen(e.event.id + " confirmed", d->app, theme());
    }
}

TEST_CASE("each demo event's waiting-list result lays out and draws within 320 and 1200 CSS px") {
    for (const auto& e : demo_events()) {
        auto d = at_result(e, "waitlisted");
        CHECK(d->app.result() == ResultKind::waitlisted);
        check_screen(e.event.id + " waitlisted", d->app, theme());
    }
}

// The checks themselves: a layout that is broken on purpose is reported, by item.
TEST_CASE("the layout checks report an item off the canvas, a small target and an overlap") {
    auto d = at_form(demo_events().front());
    ViewModel vm = d->app.view();
    Layout layout = layout_items(vm, 320, RenderKit::get().text, theme());
    REQUIRE(layout_problems(vm, layout, 320).list.empty());

    // Some reported problem names both.
    auto mentions = [](const Problems& p, const std::string& a, const std::string& b = "") {
        return std::any_of(p.list.begin(), p.list.end(), [&](const std::string& s) {
            return s.find(a) != std::string::npos && s.find(b) != std::string::npos;
        });
    };
    ViewModel moved = vm;
    for (auto& it : moved.items)
        if (it.id == "b-submit") it.rect.x = 300;
    CHECK(mentions(layout_problems(moved, layout, 320), "b-submit {x 300", "is not inside [0, 320]"));

    ViewModel small = vm;
    for (auto& it : small.items)
        if (it.id == "b-submit") it.rect.h = 20;
    CHECK(mentions(layout_problems(small, layout, 320), "b-submit", "is smaller than 24x24"));

    ViewModel stacked = vm;
    Rect first_field;
    for (auto& it : stacked.items) {
        if (it.role != Role::textbox || it.honeypot) continue;
        if (first_field.w == 0) {
            first_field = it.rect;
        } else {
            it.rect = first_field;
            break;
        }
    }
    CHECK(mentions(layout_problems(stacked, layout, 320), "overlaps"));
    CHECK_FALSE(mentions(layout_problems(vm, layout, 320), "overlaps"));

    ViewModel squeezed = vm;
    for (auto& it : squeezed.items)
        if (it.role == Role::heading) it.rect.h = 10;
    CHECK(mentions(layout_problems(squeezed, layout, 320), "lines need"));
}

// Issue 12 part 5a: the visitor's text settings reflow the whole layout (WCAG 1.4.4, 1.4.12).
namespace {

TextSettings doubled() {
    TextSettings s;
    s.scale = 2; // html { font-size: 200% } (32 px / 16)
    return s;
}

TextSettings wcag_spacing(float scale) {
    TextSettings s;
    s.scale = scale;
    s.line_height = 1.5f;       // line height 1.5 times the font size
    s.letter_spacing = 0.12f;   // letter spacing 0.12 times
    s.word_spacing = 0.16f;     // word spacing 0.16 times
    s.paragraph_spacing = 2.0f; // spacing after paragraphs 2 times
    return s;
}

// The first label of a text field: its box at the settings in force.
Rect first_field_label(App& app, float width) {
    ViewModel vm = app.view();
    const Layout layout = layout_items(vm, width, RenderKit::get().text, theme());
    for (std::size_t i = 0; i < vm.items.size(); ++i)
        if (vm.items[i].role == Role::textbox && !vm.items[i].honeypot) return layout.boxes[i].label;
    FAIL("no text field");
    return {};
}

} // namespace

TEST_CASE("at 200 % text every demo screen reflows within 320 and 1200 CSS px, text twice as large") {
    for (const auto& e : demo_events()) {
        auto form = at_form_errors(e);
        const float normal = first_field_label(form->app, 1200).h;
        WithTextSettings big(doubled());
        CHECK_MESSAGE(first_field_label(form->app, 1200).h >= 2 * normal - 0.01f, e.event.id);
        check_screen(e.event.id + " event page at 200 %", at_event(e)->app, theme());
        check_screen(e.event.id + " form with errors at 200 %", form->app, theme());
        check_screen(e.event.id + " confirmed at 200 %", at_result(e, "confirmed")->app, theme());
    }
    WithTextSettings big(doubled());
    check_screen("the list at 200 %", at_list("sv")->app, theme());
}

TEST_CASE("with the WCAG 1.4.12 spacing overrides, at 100 % and 200 %, every demo form reflows within 320 and 1200 CSS px") {
    for (float scale : {1.0f, 2.0f}) {
        for (const auto& e : demo_events()) {
            auto form = at_form_errors(e);
            float plain_h = 0, spaced_h = 0;
            {
                TextSettings s;
                s.scale = scale;
                WithTextSettings plain(s);
                ViewModel vm = form->app.view();
                plain_h = layout_items(vm, 320, RenderKit::get().text, theme()).height;
            }
            WithTextSettings spaced(wcag_spacing(scale));
            ViewModel vm = form->app.view();
            spaced_h = layout_items(vm, 320, RenderKit::get().text, theme()).height;
            CHECK_MESSAGE(spaced_h > plain_h, e.event.id << ": the spacing makes the form taller");
            check_screen(e.event.id + " form with errors, 1.4.12 spacing at " + std::to_string(int(scale * 100)) + " %",
                         form->app, theme());
        }
    }
}
