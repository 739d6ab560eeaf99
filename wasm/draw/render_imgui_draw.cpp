// Drawing of the laid-out item list with ImDrawList: text, buttons, the frames of text fields
// (their value, caret and selection are the DOM input's own, #12), choices, the organisation
// list, the error summary, and a 3 px focus ring on the item the DOM has focused. Right to left,
// text is aligned to the end of its box and the marks sit on the mirrored side. ImGui only.
#include "render_imgui.hpp"

#include <algorithm>

namespace deltag::widget {

namespace {

ImVec2 tl(const Rect& r) { return ImVec2(r.x, r.y); }
ImVec2 br(const Rect& r) { return ImVec2(r.x + r.w, r.y + r.h); }

struct Painter {
    ImDrawList& dl;
    const TextContext& t;
    const Theme& th;
    const DrawState& st;
    float content_left = 0, content_right = 0;
    bool rtl = false; // the list is mirrored (render_imgui_mirror.cpp): align to the end

    // The base direction of an item's own text: its language's when it is shown in another
    // language than the widget's ("English (engelska)" on a Yiddish page keeps its brackets),
    // else the widget's. Alignment stays the widget's (the list is mirrored as a whole).
    bool text_rtl(const Item& it) const { return it.lang.empty() ? rtl : it.dir == "rtl"; }

    // Wrapped text in `r` at a design size (scaled here, as the layout scaled it), one run per
    // line; `bold` as the layout measured it, or the lines would break differently. `run_rtl`:
    // the runs' base direction, 0 ltr, 1 rtl, -1 the widget's.
    void text(float design_size, const std::string& s, const Rect& r, ImU32 col, bool underline = false,
              bool bold = false, int run_rtl = -1) {
        const bool dir_rtl = run_rtl < 0 ? rtl : run_rtl == 1;
        const float size = t.size(design_size);
        const float lh = t.line_height(size);
        float y = r.y + (lh - size) / 2;
        const auto lines = wrap_lines(t, size, s, r.w + 1, bold);
        const auto runs = line_runs(lines);
        for (std::size_t i = 0; i < lines.size(); ++i) {
            const Line& l = lines[i];
            const float w = t.measure(l.view(), size, bold);
            const float x = rtl ? r.x + r.w - w : r.x;
            draw_text(dl, t, x, y, size, col, line_run(lines, runs, i), dir_rtl, bold);
            if (underline && l.end > l.begin) dl.AddLine(ImVec2(x, y + size + 1), ImVec2(x + w, y + size + 1), col, 1.0f);
            y += lh;
        }
    }

    void focus_ring(const Item& it, const Rect& r, float rounding = 4) {
        if (st.focused != it.id) return;
        // WCAG 2.4.7 / 1.4.11: 3 px, dark on white (well over 3:1), 2 px clear of the control.
        dl.AddRect(ImVec2(r.x - 4, r.y - 4), ImVec2(r.x + r.w + 4, r.y + r.h + 4), th.focus, rounding + 3, 0, th.focus_w);
    }

    void label_parts(const Item& it, const ItemBox& box, bool bold = false) {
        const int own = text_rtl(it) ? 1 : 0;
        text(kBody, it.label + (it.required ? " *" : ""), box.label, th.text, false, bold, own);
        if (!it.badge.empty()) {
            dl.AddRectFilled(tl(box.badge), br(box.badge), th.sensitive_bg, 4);
            dl.AddRect(tl(box.badge), br(box.badge), th.sensitive_edge, 4);
            text(kSmall, it.badge, Rect{box.badge.x + 8, box.badge.y + 2, box.badge.w - 16, box.badge.h - 4}, th.text);
        }
        if (!it.help.empty()) text(kSmall, it.help, box.help, th.muted, false, false, own);
    }

    void error_text(const Item& it, const ItemBox& box) {
        if (it.error.empty()) return;
        // The bar at the start of the message: left of it, or right of it right to left.
        const float bar_x = rtl ? box.error.x + box.error.w + 7 : box.error.x - 10;
        dl.AddRectFilled(ImVec2(bar_x, box.error.y), ImVec2(bar_x + 3, box.error.y + box.error.h), th.error);
        text(kSmall, it.error, box.error, th.error);
    }

    void chevron(const Rect& r) {
        const float cx = rtl ? r.x + 18 : r.x + r.w - 18, cy = r.y + r.h / 2;
        dl.AddTriangleFilled(ImVec2(cx - 6, cy - 3), ImVec2(cx + 6, cy - 3), ImVec2(cx, cy + 4), th.text);
    }

    void heading(const Item& it) {
        text(label_size(it), it.label, it.rect, th.text, false, true, text_rtl(it) ? 1 : 0);
    }

    void plain(const Item& it) {
        const float size = label_size(it);
        const ImU32 col = it.look == Look::muted ? th.muted : th.text;
        text(size, it.label, it.rect, col, false, it.look == Look::emphasis, text_rtl(it) ? 1 : 0);
    }

    void link(const Item& it, bool first_card) {
        const bool card = it.look == Look::card_title;
        if (card && !first_card)
            dl.AddLine(ImVec2(content_left, it.rect.y - 12), ImVec2(content_right, it.rect.y - 12), th.rule);
        const bool hot = st.hovered == it.id;
        const float size = label_size(it);
        text(size, it.label, it.rect, hot ? th.link_hot : th.link, true, card, text_rtl(it) ? 1 : 0);
        focus_ring(it, it.rect, 2);
    }

    void button(const Item& it) {
        const bool hot = st.hovered == it.id;
        const Rect& r = it.rect;
        const bool lang = it.look == Look::lang_choice;
        const bool filled = lang ? it.pressed : it.look != Look::secondary;
        ImU32 fill = filled ? (hot ? th.accent_dark : th.accent) : (hot ? th.hover_bg : th.background);
        ImU32 fg = filled ? th.on_accent : th.accent;
        if (it.disabled) {
            fill = th.disabled;
            fg = th.on_accent;
        }
        dl.AddRectFilled(tl(r), br(r), fill, 6);
        if (!filled) dl.AddRect(tl(r), br(r), th.accent, 6, 0, 2.0f);
        const float size = t.size(label_size(it));
        const bool bold = !lang;
        const float lh = t.line_height(size);
        const auto lines = wrap_lines(t, size, it.label, lang ? r.w - 20 : r.w - 31, bold);
        const auto runs = line_runs(lines);
        float y = r.y + (r.h - lines.size() * lh) / 2 + (lh - size) / 2;
        for (std::size_t i = 0; i < lines.size(); ++i) {
            const float w = t.measure(lines[i].view(), size, bold);
            draw_text(dl, t, r.x + (r.w - w) / 2, y, size, fg, line_run(lines, runs, i), text_rtl(it), bold);
            y += lh;
        }
        focus_ring(it, r, 6);
    }

    void field_box(const Item& it, const ItemBox& box) {
        label_parts(it, box);
        const Rect& r = it.rect;
        dl.AddRectFilled(tl(r), br(r), th.background, 4);
        if (it.invalid) {
            dl.AddRect(tl(r), br(r), th.error, 4, 0, 2.0f);
        } else {
            dl.AddRect(tl(r), br(r), st.hovered == it.id ? th.text : th.border, 4, 0, 1.5f);
        }
        // A text field's value is the DOM input's to show (#12); a select shows its chosen
        // option's label, a text of the form's, not the visitor's typing.
        if (it.role == Role::select) {
            std::string shown;
            for (const auto& o : it.options)
                if (o.selected) shown = o.label;
            const float inner_x = r.x + 10 + (rtl ? 24 : 0), inner_w = r.w - 44;
            dl.PushClipRect(ImVec2(r.x + 2, r.y + 2), ImVec2(r.x + r.w - 2, r.y + r.h - 2), true);
            const float lh = t.line_height(t.size(kBody));
            text(kBody, shown, Rect{inner_x, r.y + (r.h - lh) / 2, inner_w, lh}, th.text, false, false, text_rtl(it) ? 1 : 0);
            dl.PopClipRect();
        }
        if (it.role != Role::textbox) chevron(r);
        focus_ring(it, r);
        error_text(it, box);
    }

    void listbox(const Item& it, const ItemBox& box) {
        const Rect& r = it.rect;
        dl.AddRectFilled(ImVec2(r.x + 2, r.y + 3), ImVec2(r.x + r.w + 3, r.y + r.h + 4), IM_COL32(0, 0, 0, 40), 4);
        dl.AddRectFilled(tl(r), br(r), th.background);
        dl.AddRect(tl(r), br(r), th.border, 0, 0, 1.5f);
        if (!it.help.empty()) text(kSmall, it.help, box.help, th.muted);
        for (const auto& o : it.options) {
            const bool hot = st.hovered == o.id || o.selected;
            if (hot) dl.AddRectFilled(tl(o.rect), br(o.rect), th.hover_bg);
            if (o.value == "other")
                dl.AddLine(ImVec2(o.rect.x, o.rect.y), ImVec2(o.rect.x + o.rect.w, o.rect.y), th.rule);
            const float lh = t.line_height(t.size(kBody));
            text(kBody, o.label, Rect{o.rect.x + 12, o.rect.y + (o.rect.h - lh) / 2, o.rect.w - 24, lh},
                 hot ? th.accent_dark : th.text, hot);
            if (st.focused == o.id) dl.AddRect(tl(o.rect), br(o.rect), th.focus, 0, 0, th.focus_w);
        }
    }

    void choice(const Item& it, const ItemBox& box) {
        const Rect& r = it.rect;
        if (st.hovered == it.id) dl.AddRectFilled(tl(r), br(r), th.hover_bg, 4);
        const float s = 22, x = rtl ? r.x + r.w - s : r.x, y = r.y + (r.h - s) / 2;
        const ImU32 edge = it.invalid ? th.error : th.text;
        if (it.role == Role::radio) {
            const ImVec2 c(x + s / 2, y + s / 2);
            dl.AddCircleFilled(c, s / 2, th.background, 24);
            dl.AddCircle(c, s / 2 - 1, edge, 24, 2.0f);
            if (it.checked) dl.AddCircleFilled(c, s / 2 - 6, th.accent, 24);
        } else {
            dl.AddRectFilled(ImVec2(x, y), ImVec2(x + s, y + s), it.checked ? th.accent : th.background, 3);
            dl.AddRect(ImVec2(x, y), ImVec2(x + s, y + s), it.checked ? th.accent : edge, 3, 0, 2.0f);
            if (it.checked) {
                const ImVec2 pts[3] = {ImVec2(x + 5, y + 11.5f), ImVec2(x + 9.5f, y + 16), ImVec2(x + 17, y + 6.5f)};
                dl.AddPolyline(pts, 3, th.on_accent, 0, 2.5f);
            }
        }
        label_parts(it, box);
        error_text(it, box);
        focus_ring(it, Rect{x, y, s, s}, it.role == Role::radio ? 11 : 3);
    }

    void group(const Item& it, const ItemBox& box) {
        label_parts(it, box, true);
        error_text(it, box);
        if (it.invalid) {
            const float bar_x = rtl ? it.rect.x + it.rect.w + 5 : it.rect.x - 8;
            dl.AddRectFilled(ImVec2(bar_x, it.rect.y), ImVec2(bar_x + 3, it.rect.y + it.rect.h), th.error);
        }
    }

    void alert(const Item& it, const ItemBox& box) {
        const Rect& r = it.rect;
        dl.AddRectFilled(tl(r), br(r), th.error_bg, 4);
        dl.AddRect(tl(r), br(r), th.error, 4, 0, 2.0f);
        if (rtl)
            dl.AddRectFilled(ImVec2(r.x + r.w - 5, r.y), br(r), th.error, 4);
        else
            dl.AddRectFilled(tl(r), ImVec2(r.x + 5, r.y + r.h), th.error, 4);
        text(kBody, it.label, box.label, th.text, false, true);
        for (const auto& l : it.links) text(kBody, l.label, l.rect, th.error, true);
        focus_ring(it, r);
    }
};

} // namespace

void draw_items(const ViewModel& vm, const Layout& layout, ImDrawList& dl, const TextContext& text,
                const Theme& theme, const DrawState& st) {
    Painter p{dl, text, theme, st, layout.content_left, layout.content_right, vm.dir == "rtl"};
    bool first_card = true;
    for (std::size_t i = 0; i < vm.items.size(); ++i) {
        const Item& it = vm.items[i];
        const ItemBox& box = layout.boxes[i];
        switch (it.role) {
        case Role::heading: p.heading(it); break;
        case Role::text: p.plain(it); break;
        case Role::link:
            p.link(it, first_card);
            if (it.look == Look::card_title) first_card = false;
            break;
        case Role::button: p.button(it); break;
        case Role::textbox:
        case Role::combobox:
        case Role::select:
            if (!it.honeypot) p.field_box(it, box);
            break;
        case Role::listbox: break; // drawn last, over what follows
        case Role::checkbox:
        case Role::radio: p.choice(it, box); break;
        case Role::group: p.group(it, box); break;
        case Role::alert: p.alert(it, box); break;
        }
    }
    for (std::size_t i = 0; i < vm.items.size(); ++i)
        if (vm.items[i].role == Role::listbox) p.listbox(vm.items[i], layout.boxes[i]);
}

} // namespace deltag::widget
