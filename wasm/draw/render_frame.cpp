// The draw list's shared data and the frame's draw list, in one place for the web platform and
// the native render tests, so that what the tests lay out is what visitors see. ImGui only.
#include "render_imgui.hpp"

#include <imgui_internal.h> // ImDrawListSharedData

namespace deltag::widget {

void init_draw_shared(ImDrawListSharedData& shared) {
    shared.CurveTessellationTol = 1.25f; // ImGui's default style
    shared.SetCircleTessellationMaxError(0.30f);
    // No AntiAliasedLinesUseTex: its line textures lived in the font atlas, which is gone; thick
    // lines are then antialiased with geometry (a few more vertices for the focus rings).
    shared.InitialFlags = ImDrawListFlags_AntiAliasedLines | ImDrawListFlags_AntiAliasedFill;
}

void bind_draw_shared(ImDrawListSharedData& shared, const TextPage& page) {
    // The middle of the run atlas's white block: linear filtering reads only white there.
    const float half = RunAtlas::kWhite / 2.0f;
    shared.TexUvWhitePixel =
        ImVec2(half / static_cast<float>(page.width), half / static_cast<float>(page.height));
    shared.Font = nullptr; // text is never drawn with ImGui's AddText
    shared.FontSize = 16;
}

void draw_frame(ImDrawList& dl, ImDrawListSharedData& shared, ImTextureID texture, float width,
                float height, const ViewModel& vm, const Layout& layout, const TextContext& text,
                const Theme& theme, const DrawState& st) {
    shared.ClipRectFullscreen = ImVec4(0, 0, width, height);
    dl._ResetForNewFrame();
    dl.PushTextureID(texture);
    dl.PushClipRectFullScreen();
    draw_items(vm, layout, dl, text, theme, st);
    dl.PopClipRect();
    dl.PopTextureID();
    dl._PopUnusedDrawCmd();
}

} // namespace deltag::widget
