// One widget in the page: its App, its WebGL2 context on its own canvas, its text engine (the
// browser's Canvas2D) and run atlas, frames on demand. Web build only.
#pragma once
#include "app.hpp"
#include "canvas_buffer.hpp"
#include "gl_renderer_web.hpp"
#include "render_imgui.hpp"
#include "run_atlas.hpp"
#include "text_engine_web.hpp"
#include "theme_settings.hpp"

#include <imgui_internal.h>

#include <memory>
#include <string>
#include <vector>

namespace deltag::widget {

// The page's fonts are loaded (document.fonts.load of each widget's family): no frame before.
void set_fonts_ready();
bool fonts_ready();
// The visitor's text settings, the same for every widget of the page.
void set_text_settings(const TextSettings& settings);

class WebWidget {
public:
    WebWidget(int id, Host& host, const std::string& config_json);
    ~WebWidget();
    WebWidget(const WebWidget&) = delete;
    WebWidget& operator=(const WebWidget&) = delete;

    bool ok() const { return gl_ != 0; }
    App& app() { return *app_; }
    void resize(float css_width, float dpr);
    void frame(double time_ms);
    void context_lost() { lost_ = true; }
    void context_restored();
    // The visitor's colour settings changed (or were read for the first time): redraw in them.
    void set_theme(const ThemeSettings& settings);

private:
    void make_text_page(); // the run atlas, with its first page
    void draw(const ViewModel& vm, const Layout& layout, float picture_height, float scale);

    int id_;
    std::unique_ptr<App> app_;
    Theme base_theme_, theme_; // the agency's accent and touch size; recoloured by the settings
    int gl_ = 0; // EMSCRIPTEN_WEBGL_CONTEXT_HANDLE
    bool lost_ = false;
    // The widget draws with ImGui's draw lists only, without an ImGui context: no NewFrame/Render,
    // so none of ImGui's window, navigation, settings and widget code (which never sees our
    // input anyway) is linked in, nor its font atlas and stb_truetype: the browser draws text.
    std::unique_ptr<ImDrawListSharedData> draw_shared_;
    std::unique_ptr<ImDrawList> draw_list_;
    GlRenderer renderer_;
    WebTextEngine text_engine_;
    std::unique_ptr<RunAtlas> runs_;
    TextContext text_;
    float css_width_ = 0, dpr_ = 1;
    CanvasBuffer buffer_; // the drawing buffer, device pixels
    int max_buffer_side_ = 0;
    float height_ = 0;
    std::string last_sync_;
    int trailing_ = 0;
};

} // namespace deltag::widget
