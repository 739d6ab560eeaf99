// Layout of the item list: a single column that wraps all text, so it reads at 320 CSS px;
// fills each item's rectangle (the DOM overlay puts the real control there), in left-to-right
// terms (a right-to-left list is mirrored afterwards, render_imgui_mirror.cpp). ImGui only.
#include "render_imgui.hpp"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdlib>
#include <cstring>

namespace deltag::widget {

namespace {

struct Cursor {
    float x = 0, width = 0, y = 0;
};

ImU32 rgb(int r, int g, int b) { return IM_COL32(r, g, b, 255); }

float luminance(int r, int g, int b) {
    auto ch = [](int c) {
        const float s = c / 255.0f;
        return s <= 0.03928f ? s / 12.92f : std::pow((s + 0.055f) / 1.055f, 2.4f);
    };
    return 0.2126f * ch(r) + 0.7152f * ch(g) + 0.0722f * ch(b);
}

// Height of wrapped text, and its rectangle at the cursor (`size` already scaled).
Rect text_rect(const TextContext& t, float size, const std::string& text, float x, float y, float width,
               bool bold = false) {
    const auto lines = wrap_lines(t, size, text, width, bold);
    float w = 0;
    for (const auto& l : lines) w = std::max(w, t.measure(l.view(), size, bold));
    return Rect{x, y, std::min(width, w), static_cast<float>(lines.size()) * t.line_height(size)};
}

float bottom(const Rect& r) { return r.y + r.h; }

} // namespace

Theme Theme::make(const std::string& accent_hex, bool touch) {
    Theme t{};
    int r = 0, g = 0x5a, b = 0x9c;
    if (accent_hex.size() == 7 && accent_hex[0] == '#') {
        const long v = std::strtol(accent_hex.c_str() + 1, nullptr, 16);
        r = (v >> 16) & 255, g = (v >> 8) & 255, b = v & 255;
    }
    // The accent is the agency's; keep text on it and the focus ring readable whatever it is.
    const float lum = luminance(r, g, b);
    const bool dark_enough = (1.05f) / (lum + 0.05f) >= 4.5f;
    t.text = rgb(0x1b, 0x1b, 0x1b);
    t.muted = rgb(0x4a, 0x4a, 0x4a);
    t.accent = dark_enough ? rgb(r, g, b) : rgb(0x00, 0x5a, 0x9c);
    t.accent_dark = dark_enough ? rgb(r * 3 / 4, g * 3 / 4, b * 3 / 4) : rgb(0x00, 0x43, 0x75);
    t.on_accent = rgb(255, 255, 255);
    t.error = rgb(0xb0, 0x00, 0x20);
    t.error_bg = rgb(0xfd, 0xec, 0xee);
    t.border = rgb(0x6f, 0x6f, 0x6f);
    t.background = rgb(255, 255, 255);
    t.focus = rgb(0x1b, 0x1b, 0x1b);
    t.hover_bg = rgb(0xee, 0xf3, 0xf8);
    t.selection = IM_COL32(0x00, 0x5a, 0x9c, 70);
    t.sensitive_bg = rgb(0xff, 0xf4, 0xd6);
    t.link = t.accent;
    t.link_hot = t.accent_dark;
    t.disabled = rgb(0x6f, 0x6f, 0x6f);
    t.rule = rgb(0xcc, 0xcc, 0xcc);
    t.sensitive_edge = rgb(0x8a, 0x5a, 0x00);
    t.control_h = touch ? 44 : 40;
    return t;
}

Layout layout_items(ViewModel& vm, float width, const TextContext& t, const Theme& theme) {
    Layout out;
    out.boxes.resize(vm.items.size());
    const float pad = width < 400 ? 12 : 20;
    Cursor c{pad, std::max(120.0f, width - 2 * pad), pad};
    out.content_left = c.x;
    out.content_right = c.x + c.width;
    const float field_w = std::min(c.width, 560.0f);
    // Every text size and text-derived height follows the visitor's text scale (200 %: a
    // full reflow, controls as tall as their text needs).
    const float small = t.size(kSmall), body = t.size(kBody);
    const float control_h = std::max(theme.control_h, t.line_height(body) + 16);
    const float lang_h = std::max(theme.control_h >= 44 ? 44.0f : 32.0f, t.line_height(small) + 12);
    auto label_width = [&](const std::string& s, float size) { return t.measure(s, size); };
    // A sensitivity badge: its text wrapped inside 8 px of padding (it wraps at large text sizes).
    auto badge_rect = [&](const std::string& text, float x, float y, float width) {
        const Rect r = text_rect(t, small, text, x + 8, y + 2, width - 16);
        return Rect{x, y, r.w + 16, r.h + 4};
    };
    // Above a field or a group: its label (with * when required), sensitivity badge and help.
    auto field_heading = [&](const Item& it, ItemBox& box) {
        box.label = text_rect(t, body, it.label + (it.required ? " *" : ""), c.x, c.y, c.width, it.role == Role::group);
        c.y = bottom(box.label) + 4;
        if (!it.badge.empty()) {
            box.badge = badge_rect(it.badge, c.x, c.y, c.width);
            c.y = bottom(box.badge) + 4;
        }
        if (!it.help.empty()) {
            box.help = text_rect(t, small, it.help, c.x, c.y, c.width);
            c.y = bottom(box.help) + 4;
        }
    };
    bool first_card = true;
    int open_group = -1;
    float floating_bottom = 0;

    // The language switch: rows at the top right, in reading order; a row breaks where the
    // next button would not fit (large text on a narrow screen), and a label wider than the
    // column wraps inside its button ("Davvisámegiella (nordsamiska)" at 200 % on a phone).
    std::vector<std::size_t> row;
    float row_w = 0, row_h = 0;
    bool any_lang = false;
    auto place_row = [&] {
        float x = c.x + c.width - row_w;
        for (std::size_t i : row) {
            vm.items[i].rect.x = x;
            vm.items[i].rect.y = c.y;
            vm.items[i].rect.h = row_h;
            x += vm.items[i].rect.w + 6;
        }
        if (!row.empty()) c.y += row_h + 6;
        row.clear();
        row_w = row_h = 0;
    };
    for (std::size_t i = 0; i < vm.items.size(); ++i) {
        Item& it = vm.items[i];
        if (it.look != Look::lang_choice) continue;
        any_lang = true;
        const float w = std::min(c.width, std::max(48.0f, label_width(it.label, small) + 20));
        const float h = std::max(lang_h, text_rect(t, small, it.label, 0, 0, w - 20).h + 12);
        if (!row.empty() && row_w + 6 + w > c.width) place_row();
        row_w += (row.empty() ? 0 : 6) + w;
        row_h = std::max(row_h, h);
        it.rect = {0, 0, w, h};
        row.push_back(i);
    }
    place_row();
    c.y += any_lang ? 4 : lang_h + 10;

    for (std::size_t i = 0; i < vm.items.size(); ++i) {
        Item& it = vm.items[i];
        ItemBox& box = out.boxes[i];
        if (it.look == Look::lang_choice) continue;
        if (open_group >= 0 && it.group != vm.items[open_group].id) {
            open_group = -1; // the group ended with its last child
            c.y += 10;
        }
        const float size = t.size(label_size(it));
        switch (it.role) {
        case Role::heading: {
            c.y += it.level <= 2 ? 4 : 14;
            it.rect = text_rect(t, size, it.label, c.x, c.y, c.width, true);
            c.y = bottom(it.rect) + t.paragraph_gap(size, 6);
            break;
        }
        case Role::text: {
            it.rect = text_rect(t, size, it.label, c.x, c.y, c.width, it.look == Look::emphasis);
            c.y = bottom(it.rect) + t.paragraph_gap(size, it.look == Look::emphasis ? 10 : 6);
            break;
        }
        case Role::link: {
            if (it.look == Look::card_title) {
                c.y += first_card ? 6 : 22;
                first_card = false;
            }
            it.rect = text_rect(t, size, it.label, c.x, c.y, c.width, it.look == Look::card_title);
            if (it.rect.h < 24) it.rect.h = 24; // WCAG 2.2 target size
            c.y = bottom(it.rect) + 6;
            break;
        }
        case Role::button: {
            c.y += 6;
            const float inner = c.width - 32;
            const auto lines = wrap_lines(t, size, it.label, inner, true);
            float w = 0;
            for (const auto& l : lines) w = std::max(w, t.measure(l.view(), size, true));
            const float h = std::max(control_h, lines.size() * t.line_height(size) + 14);
            it.rect = {c.x, c.y, std::max(control_h + 4, w + 32), h};
            c.y = bottom(it.rect) + 8;
            break;
        }
        case Role::textbox:
        case Role::combobox:
        case Role::select: {
            if (it.honeypot) {
                it.rect = {0, 0, 0, 0};
                break;
            }
            c.y += 4;
            field_heading(it, box);
            float w = field_w;
            if (it.input_type == "date") w = std::min(field_w, 220.0f);
            const float h = it.input_type == "textarea" ? 5 * t.line_height(body) + 16 : control_h;
            it.rect = {c.x, c.y, w, h};
            c.y = bottom(it.rect) + 4;
            if (!it.error.empty()) {
                box.error = text_rect(t, small, it.error, c.x + 10, c.y, c.width - 10);
                c.y = bottom(box.error) + 4;
            }
            c.y += 10;
            break;
        }
        case Role::listbox: {
            // Floats right under its combobox's box, over what follows (like a native
            // dropdown): opening and closing it never moves the controls below, so a click
            // that closes it lands where the visitor aimed.
            const Item* combo = i > 0 ? &vm.items[i - 1] : nullptr;
            float y = combo && combo->role == Role::combobox ? combo->rect.y + combo->rect.h : c.y;
            const float row_h = std::max(36.0f, control_h);
            const float top = y;
            if (!it.help.empty()) {
                box.help = text_rect(t, small, it.help, c.x + 10, y + 6, field_w - 20);
                y = bottom(box.help) + 6;
            }
            for (auto& o : it.options) {
                o.rect = {c.x, y, field_w, row_h};
                y += row_h;
            }
            it.rect = {c.x, top, field_w, y - top};
            floating_bottom = std::max(floating_bottom, y);
            break;
        }
        case Role::checkbox:
        case Role::radio: {
            const bool in_group = !it.group.empty();
            const float ind = 22;
            const float row_h = theme.control_h >= 44 ? 44 : 32;
            const Rect label = text_rect(t, body, it.label + (it.required ? " *" : ""), c.x + ind + 12, 0,
                                         c.width - ind - 12);
            const float h = std::max(row_h, label.h + 8);
            it.rect = {c.x, c.y, ind + 12 + label.w + 4, h};
            box.label = {label.x, c.y + (h - label.h) / 2, label.w, label.h};
            c.y = bottom(it.rect) + (in_group ? 2 : 4);
            if (!it.badge.empty()) {
                box.badge = badge_rect(it.badge, label.x, c.y, c.width - ind - 12);
                c.y = bottom(box.badge) + 4;
            }
            if (!it.help.empty()) {
                box.help = text_rect(t, small, it.help, label.x, c.y, c.width - ind - 12);
                c.y = bottom(box.help) + 4;
            }
            if (!it.error.empty()) {
                box.error = text_rect(t, small, it.error, label.x + 10, c.y, c.width - ind - 22);
                c.y = bottom(box.error) + 4;
            }
            if (!in_group) c.y += 10;
            if (open_group >= 0) {
                Rect& g = vm.items[open_group].rect;
                g.h = std::max(g.h, bottom(it.rect) - g.y);
                g.w = std::max(g.w, it.rect.x + it.rect.w - g.x);
            }
            break;
        }
        case Role::group: {
            c.y += 4;
            const float top = c.y;
            field_heading(it, box);
            if (!it.error.empty()) {
                box.error = text_rect(t, small, it.error, c.x + 10, c.y, c.width - 10);
                c.y = bottom(box.error) + 4;
            }
            it.rect = {c.x, top, box.label.w, c.y - top};
            open_group = static_cast<int>(i);
            break;
        }
        case Role::alert: {
            c.y += 6;
            const float top = c.y;
            const float inner_x = c.x + 16, inner_w = c.width - 28;
            box.label = text_rect(t, body, it.label, inner_x, top + 12, inner_w, true);
            float y = bottom(box.label) + 6;
            for (auto& l : it.links) {
                l.rect = text_rect(t, body, l.label, inner_x, y, inner_w);
                if (l.rect.h < 24) l.rect.h = 24;
                y = bottom(l.rect) + 4;
            }
            it.rect = {c.x, top, c.width, y + 8 - top};
            c.y = bottom(it.rect) + 14;
            break;
        }
        }
    }
    out.height = std::max(c.y, floating_bottom + 8) + pad;
    if (vm.dir == "rtl") mirror_layout(vm, out, width);
    return out;
}

} // namespace deltag::widget
