// The benchmark baseline: the smallest ImGui page built with the widget's flags - one window
// with a button on <canvas id="canvas">, redrawn every animation frame as ImGui examples do.
// Web build only; compare its size and frame cost with deltag-widget (./deltag bench widget).
#include "gl_renderer_web.hpp"

#include <emscripten/html5.h>
#include <imgui.h>

namespace {

deltag::widget::GlRenderer renderer;
int clicks = 0;
double css_w = 0, css_h = 0;

EM_BOOL on_mouse(int type, const EmscriptenMouseEvent* e, void*) {
    ImGuiIO& io = ImGui::GetIO();
    io.MousePos = ImVec2(static_cast<float>(e->targetX), static_cast<float>(e->targetY));
    if (type == EMSCRIPTEN_EVENT_MOUSEDOWN) io.MouseDown[0] = true;
    if (type == EMSCRIPTEN_EVENT_MOUSEUP) io.MouseDown[0] = false;
    return EM_FALSE;
}

EM_BOOL frame(double, void*) {
    emscripten_get_element_css_size("#canvas", &css_w, &css_h);
    const double dpr = emscripten_get_device_pixel_ratio();
    const int fb_w = static_cast<int>(css_w * dpr), fb_h = static_cast<int>(css_h * dpr);
    emscripten_set_canvas_element_size("#canvas", fb_w, fb_h);
    ImGuiIO& io = ImGui::GetIO();
    io.DisplaySize = ImVec2(static_cast<float>(css_w), static_cast<float>(css_h));
    io.DisplayFramebufferScale = ImVec2(static_cast<float>(dpr), static_cast<float>(dpr));
    io.DeltaTime = 1.0f / 60.0f;
    ImGui::NewFrame();
    ImGui::Begin("Deltag minimal");
    if (ImGui::Button("Button")) ++clicks;
    ImGui::Text("Clicks: %d", clicks);
    ImGui::End();
    ImGui::Render();
    float bg[3] = {0.95f, 0.95f, 0.95f};
    renderer.render(*ImGui::GetDrawData(), fb_w, fb_h, bg);
    return EM_TRUE;
}

} // namespace

int main() {
    EmscriptenWebGLContextAttributes attrs;
    emscripten_webgl_init_context_attributes(&attrs);
    attrs.majorVersion = 2;
    attrs.alpha = false;
    const EMSCRIPTEN_WEBGL_CONTEXT_HANDLE gl = emscripten_webgl_create_context("#canvas", &attrs);
    if (gl <= 0) return 1;
    emscripten_webgl_make_context_current(gl);
    ImGui::CreateContext();
    ImGui::GetIO().IniFilename = nullptr;
    ImGui::GetIO().Fonts->AddFontDefault();
    renderer.init();
    renderer.upload_font(*ImGui::GetIO().Fonts);
    emscripten_set_mousedown_callback("#canvas", nullptr, EM_FALSE, on_mouse);
    emscripten_set_mouseup_callback("#canvas", nullptr, EM_FALSE, on_mouse);
    emscripten_set_mousemove_callback("#canvas", nullptr, EM_FALSE, on_mouse);
    emscripten_request_animation_frame_loop(frame, nullptr);
    return 0;
}
