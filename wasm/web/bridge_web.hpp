// The JS side as C++ calls: every EM_JS of the widget lives in bridge_web.cpp behind these
// functions (prefix deltag_js_ on the JS side). Web build only.
#pragma once
#include "text_engine.hpp"

#include <string>
#include <string_view>

namespace deltag::widget::js {

bool register_canvas(int id); // specialHTMLTargets["#deltag-canvas-<id>"] = page.canvas(id)
// The drawing buffer in device pixels (clears the picture) and the canvas's CSS height.
void set_canvas_size(int id, int width, int height, float css_height);
struct CanvasState {
    int width = 0, height = 0; // the drawing buffer as it is now, device pixels
    int max_side = 0;          // the largest the current WebGL context allows
};
CanvasState canvas_state(int id);
void request_frame(int id);
void set_height(int id, float css_height);
void sync(int id, const std::string& json);
void http(int id, int request_id, const std::string& method, const std::string& url,
          const std::string& headers_json, const std::string& body);
void emit(int id, const std::string& name, const std::string& detail_json);
double now_ms();
std::string random_key();
std::string format_when(std::string_view start_iso, std::string_view end_iso, std::string_view lang);
void download(const std::string& filename, const std::string& mime, const std::string& content);
void wait_for_fonts(); // answers with deltag_on_fonts_ready() once the page's fonts are loaded
// Text runs through the page's Canvas2D (widget `id`'s font family).
float text_measure(int id, std::string_view text, const TextStyle& style);
RunBox text_box(int id, std::string_view text, const TextStyle& style, float dpr);
void text_draw(int id, std::string_view text, const TextStyle& style, float dpr, const RunBox& box, int x, int y);
void wake_after(int id, double ms); // answers with deltag_on_timer(id)

} // namespace deltag::widget::js
