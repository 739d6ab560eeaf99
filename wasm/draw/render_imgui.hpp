// The ImGui renderer of the item list: lays the items out for a width (filling in their
// rectangles, in CSS pixels) and draws them into an ImDrawList. ImGui draws; it never owns
// input or text entry (the DOM overlay does). ImGui + items.hpp only.
#pragma once
#include "items.hpp"
#include "text_draw.hpp"

#include <imgui.h>

#include <string>
#include <vector>

namespace deltag::widget {

// The text sizes in CSS px before the visitor's text scale (TextContext::size), and the size of
// an item's own label: layout and drawing take them from here.
constexpr float kSmall = 14, kBody = 16, kH3 = 19, kH2 = 24;
inline float label_size(const Item& it) {
    if (it.role == Role::heading) return it.level <= 2 ? kH2 : kH3;
    if (it.look == Look::card_title) return kH3; // the list's event titles (links)
    if (it.look == Look::small || it.look == Look::lang_choice) return kSmall;
    return kBody;
}

// The draw list's shared data as the widget draws with it, without an ImGui context: constants
// once, then the run atlas page's white pixel (ImGui's shapes sample it; no font atlas).
void init_draw_shared(ImDrawListSharedData& shared);
void bind_draw_shared(ImDrawListSharedData& shared, const TextPage& page);

struct Theme {
    ImU32 text, muted, accent, accent_dark, on_accent, error, error_bg, border, background,
        focus, hover_bg, selection, sensitive_bg;
    // Links apart from the accent (forced colours draw them in LinkText, buttons in ButtonText),
    // a disabled button's fill, the rules between cards and list choices (theme_settings.hpp).
    ImU32 link, link_hot, disabled, rule, sensitive_edge;
    float focus_w = 3;         // the focus ring's width: 4 with prefers-contrast: more
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

Layout layout_items(ViewModel& vm, float width, const TextContext& text, const Theme& theme);
// x' = width - x - w for every rectangle of the items and of the layout's boxes
// (render_imgui_mirror.cpp). Empty rectangles (a honeypot's) stay where they are.
void mirror_layout(ViewModel& vm, Layout& layout, float width);

// What the DOM tells the drawing: which item has focus, which is under the pointer. The text
// fields' caret, selection and value are the DOM input's own (#12), never drawn here.
struct DrawState {
    std::string focused, hovered;
};

void draw_items(const ViewModel& vm, const Layout& layout, ImDrawList& dl, const TextContext& text,
                const Theme& theme, const DrawState& st);
// One frame into `dl` (sharing `shared`, whose full-screen clip becomes width x height CSS px):
// the items drawn with the run atlas's texture, as the web platform and the render tests draw them.
void draw_frame(ImDrawList& dl, ImDrawListSharedData& shared, ImTextureID texture, float width, float height,
                const ViewModel& vm, const Layout& layout, const TextContext& text, const Theme& theme,
                const DrawState& st);


} // namespace deltag::widget
