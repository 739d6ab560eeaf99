// WebGL2 context per canvas, the run atlas's texture page, and the frame: view model -> layout ->
// height -> draw -> sync the DOM overlay. Web build only:
// no emscripten main loop, no GLFW, no listeners (the page sends input through the bridge).
#include "platform_web.hpp"

#include "bridge_web.hpp"
#include "canvas_buffer.hpp"
#include "deltag/json_number.hpp"
#include "printf_int.hpp"

#include <emscripten/html5.h>
#include <emscripten/html5_webgl.h>

#include <cmath>
#include <cstdarg>

namespace deltag::widget {

namespace {

bool& fonts_loaded() {
    static bool loaded = false;
    return loaded;
}

TextSettings& page_text_settings() {
    static TextSettings settings;
    return settings;
}

// The run atlas's pages: 2048 x 2048 (WebGL2's guaranteed texture size), 4 MB of GPU memory
// each; one holds a form's runs at DPR 1 with room for what typing adds (RunAtlas evicts), a long
// form at 200 % text or DPR 2 takes more (RunAtlas adds pages, at most 8).
constexpr int kTextPage = 2048;

} // namespace

void set_fonts_ready() { fonts_loaded() = true; }
bool fonts_ready() { return fonts_loaded(); }
void set_text_settings(const TextSettings& settings) { page_text_settings() = settings; }

WebWidget::WebWidget(int id, Host& host, const std::string& config_json) : id_(id), text_engine_(id) {
    AppConfig config = parse_app_config(config_json);
    base_theme_ = theme_ = Theme::make(config.accent, config.touch);
    app_ = std::make_unique<App>(host, config);

    if (!js::register_canvas(id_)) return;
    // embed.js makes this canvas's context early with the same attributes (GL_ATTRIBUTES):
    // change both together.
    EmscriptenWebGLContextAttributes attrs;
    emscripten_webgl_init_context_attributes(&attrs);
    attrs.alpha = false;   // an opaque card: text antialiasing stays exact
    attrs.depth = false;
    attrs.stencil = false;
    attrs.antialias = false; // ImGui antialiases its own shapes
    attrs.majorVersion = 2;
    attrs.minorVersion = 0;
    const std::string selector = "#deltag-canvas-" + std::to_string(id_);
    gl_ = emscripten_webgl_create_context(selector.c_str(), &attrs);
    if (gl_ <= 0) {
        gl_ = 0;
        return;
    }
    emscripten_webgl_make_context_current(gl_);
    renderer_.init();
    // The loader may have sized the drawing buffer already (embed.js warmUp): start from it.
    const js::CanvasState canvas = js::canvas_state(id_);
    buffer_ = {canvas.width, canvas.height};
    max_buffer_side_ = canvas.max_side;

    // No ImGui context: the draw list needs none, and without CreateContext none of ImGui's
    // settings handlers, ini parsing (sscanf) or IO setup is linked in.
    draw_shared_ = std::make_unique<ImDrawListSharedData>();
    init_draw_shared(*draw_shared_);
    draw_list_ = std::make_unique<ImDrawList>(draw_shared_.get());
    make_text_page();
    app_->init();
}

WebWidget::~WebWidget() {
    if (gl_) {
        emscripten_webgl_make_context_current(gl_);
        renderer_.shutdown();
        emscripten_webgl_destroy_context(gl_);
    }
    draw_list_.reset();
}

void WebWidget::resize(float css_width, float dpr) {
    css_width_ = std::max(0.0f, css_width);
    dpr_ = dpr > 0.25f && dpr < 8 ? dpr : 1;
    js::request_frame(id_);
}

void WebWidget::context_restored() {
    lost_ = false;
    emscripten_webgl_make_context_current(gl_);
    renderer_.init();
    make_text_page(); // the texture went with the context
    buffer_ = {};
    js::request_frame(id_);
}

void WebWidget::set_theme(const ThemeSettings& settings) {
    theme_ = apply_settings(base_theme_, settings);
    js::request_frame(id_);
}

void WebWidget::make_text_page() {
    renderer_.delete_text_pages();
    runs_ = std::make_unique<RunAtlas>(text_engine_, [this] {
        return TextPage{kTextPage, kTextPage, nullptr, renderer_.create_text_page(kTextPage, kTextPage, RunAtlas::kWhite)};
    });
    text_.engine = &text_engine_;
    text_.atlas = runs_.get();
    bind_draw_shared(*draw_shared_, runs_->page());
}

void WebWidget::draw(const ViewModel& vm, const Layout& layout, float picture_height, float scale) {
    ImDrawList& dl = *draw_list_;
    const DrawState st{app_->focused(), app_->hovered()};
    const auto texture = reinterpret_cast<ImTextureID>(static_cast<intptr_t>(runs_->page().texture));
    // Runs are rasterised at the buffer's own scale: one bitmap pixel per screen pixel.
    text_.dpr = scale;
    runs_->begin_frame();
    draw_frame(dl, *draw_shared_, texture, css_width_, picture_height, vm, layout, text_, theme_, st);
    // The page filled up with this frame's runs and started over: draw the frame again.
    if (runs_->take_redraw()) {
        runs_->begin_frame();
        draw_frame(dl, *draw_shared_, texture, css_width_, picture_height, vm, layout, text_, theme_, st);
    }
}

void WebWidget::frame(double) {
    // Nothing before the font and the texts of the language shown are here (the page keeps its
    // placeholder until the first sync): never a frame of message keys.
    if (!gl_ || lost_ || !fonts_ready() || !app_->drawable() || css_width_ < 1) return;
    emscripten_webgl_make_context_current(gl_);

    ViewModel vm = app_->view();
    app_->take_focus_request();
    text_.settings = page_text_settings();
    Layout layout = layout_items(vm, css_width_, text_, theme_);
    const float height = std::ceil(layout.height);
    if (height != height_) {
        height_ = height;
        js::set_height(id_, height_);
    }
    const float scale = buffer_scale(dpr_, css_width_, height_, max_buffer_side_);
    const CanvasBuffer buffer = fit_canvas_buffer(buffer_, static_cast<int>(std::lround(css_width_ * scale)),
                                                  static_cast<int>(std::lround(height_ * scale)));
    if (buffer.width != buffer_.width || buffer.height != buffer_.height) {
        buffer_ = buffer;
        js::set_canvas_size(id_, buffer_.width, buffer_.height, buffer_.height / scale);
    }
    // The picture fills the buffer at one device pixel per pixel, content at the top; what lies
    // below the content is clipped by the page.
    const float picture_height = buffer_.height / scale;

    draw(vm, layout, picture_height, scale);
    ImDrawList& dl = *draw_list_;

    ImDrawList* lists[1] = {&dl};
    ImDrawData data;
    data.Valid = true;
    data.CmdLists = lists;
    data.CmdListsCount = 1;
    data.TotalVtxCount = dl.VtxBuffer.Size;
    data.TotalIdxCount = dl.IdxBuffer.Size;
    data.DisplayPos = ImVec2(0, 0);
    data.DisplaySize = ImVec2(css_width_, picture_height);
    data.FramebufferScale = ImVec2(scale, scale);
    // The buffer below the content is cleared to the theme's background too (forced colours).
    float background[3] = {(theme_.background & 255) / 255.0f, ((theme_.background >> 8) & 255) / 255.0f,
                           ((theme_.background >> 16) & 255) / 255.0f};
    renderer_.render(data, buffer_.width, buffer_.height, background);

    std::string json = to_json_text(vm);
    if (json != last_sync_) {
        js::sync(id_, json);
        last_sync_ = std::move(json);
        trailing_ = 2; // a couple of frames after a change, in case the page moved the overlay
    } else if (trailing_ > 0) {
        --trailing_;
    }
    if (trailing_ > 0) js::request_frame(id_);
}

} // namespace deltag::widget

// nlohmann's lexer reads JSON numbers with a fraction or an exponent with strtod, and musl's
// strtod computes in long double (software 128-bit floats in wasm: 5.7 KB of the gzip'd
// widget). The link wraps it (wasm-ld --wrap=strtod) with the core's exactly rounding decimal
// reader, which the core suite checks against the C library's strtod natively and in wasm.
extern "C" double __wrap_strtod(const char* text, char** end) {
    return deltag::parse_decimal_number(text, end);
}

// With the core formatting its own floating-point numbers, snprintf's callers format integers
// only (nlohmann's escapes "\\u%04x", "<U+%.4X>"; the core's ISO 8601 times); musl's
// printf_core (floating point, wide characters, positional arguments) was 4.6 KB of the gzip'd
// widget, 2.6 KB net of what replaces it. The
// link wraps snprintf (wasm-ld --wrap=snprintf) with the integer-only formatter, which the
// widget suite checks against the C library's vsnprintf.
extern "C" int __wrap_snprintf(char* out, std::size_t size, const char* format, ...) {
    va_list args;
    va_start(args, format);
    const int n = deltag::widget::format_printf(out, size, format, args);
    va_end(args);
    return n;
}
