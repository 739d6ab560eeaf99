// Draws ImGui's draw data with WebGL2 (GLES 3.0): one shader, one buffer pair, plain
// glBufferData uploads (the orphaning path of imgui_impl_opengl3 1.86 was reverted upstream
// for corruption, imgui#4468/#4832). One instance per WebGL context. ImGui + GLES3 only.
#pragma once
#include <imgui.h>

#include <vector>

namespace deltag::widget {

class GlRenderer {
public:
    bool init();                 // in the current WebGL2 context
    void upload_font(ImFontAtlas& atlas); // the minimal page's font texture; sets TexID
    // A page of the widget's run atlas: an R8 texture, zero but for a white block of `white`
    // pixels at its top left; kept until delete_text_pages or shutdown.
    unsigned create_text_page(int width, int height, int white);
    void delete_text_pages();
    void render(const ImDrawData& data, int fb_width, int fb_height, float clear_rgb[3]);
    void shutdown();

private:
    unsigned program_ = 0, vao_ = 0, vbo_ = 0, ebo_ = 0, font_tex_ = 0;
    std::vector<unsigned> text_pages_;
};

} // namespace deltag::widget
