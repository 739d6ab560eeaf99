// The right-to-left pass of the layout (#12): the list is laid out left to right, then every
// rectangle is mirrored in the canvas's width, so start and end swap for labels, fields, marks,
// buttons, the language switch and the error summary alike. Glyphs are never mirrored (a
// flipped projection would mirror them too, imgui#1344): drawing aligns text to the end of its
// box and puts the asymmetric marks (check box, chevron, error bars) on the mirrored side.
// ImGui-free: items.hpp and the Layout only.
#include "render_imgui.hpp"

namespace deltag::widget {

namespace {

void mirror(Rect& r, float width) {
    if (r.w == 0 && r.h == 0) return; // not laid out (a honeypot, an absent part)
    r.x = width - r.x - r.w;
}

} // namespace

void mirror_layout(ViewModel& vm, Layout& layout, float width) {
    for (Item& it : vm.items) {
        mirror(it.rect, width);
        for (ItemOption& o : it.options) mirror(o.rect, width);
        for (ItemLink& l : it.links) mirror(l.rect, width);
    }
    for (ItemBox& b : layout.boxes)
        for (Rect* r : {&b.label, &b.badge, &b.help, &b.error, &b.extra}) mirror(*r, width);
    const float left = layout.content_left;
    layout.content_left = width - layout.content_right;
    layout.content_right = width - left;
}

} // namespace deltag::widget
