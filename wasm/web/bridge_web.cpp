// The one bridge between the page and the wasm: every EM_JS (deltag_js_*) and every exported
// function (deltag_*) of the widget, and the Host the App sees in the browser.
// Web build only. The page side is web/embed.js (bridge_protocol.md).
#include "bridge_web.hpp"
#include "deltag/json_text.hpp"
#include "json_util.hpp"
#include "platform_web.hpp"
#include "storage.hpp"

#include <emscripten/emscripten.h>
#include <emscripten/html5.h>

#include <nlohmann/json.hpp>

#include <cstdlib>
#include <map>
#include <memory>
#include <optional>

// [SECTION] JS called from C++ ----------------------------------------------------------------

EM_JS(int, deltag_js_register_canvas, (int id), {
    var page = Module["deltagPage"];
    var el = page && page.canvas(id);
    if (!el) return 0;
    specialHTMLTargets["#deltag-canvas-" + id] = el; // Shadow DOM safe (emscripten#10311)
    return 1;
});

EM_JS(void, deltag_js_set_canvas_size, (int id, int w, int h, double css_h), {
    var page = Module["deltagPage"];
    var el = page && page.canvas(id);
    if (!el) return;
    if (el.width !== w) el.width = w;
    if (el.height !== h) el.height = h;
    el.style.height = css_h + "px";
});

// The drawing buffer's size now, and the largest side the current context's GPU allows
// (WebGL gives a smaller buffer than asked beyond it). Not glGetIntegerv: emscripten's getter
// for it is 0.4 KB of gzip'd glue.
EM_JS(void, deltag_js_canvas_state, (int id, int* out), {
    var page = Module["deltagPage"];
    var el = page && page.canvas(id);
    HEAP32[out >> 2] = el ? el.width : 0;
    HEAP32[(out >> 2) + 1] = el ? el.height : 0;
    HEAP32[(out >> 2) + 2] = Math.min(GLctx.getParameter(0x84E8), GLctx.getParameter(0x0D33)); // MAX_RENDERBUFFER_SIZE, MAX_TEXTURE_SIZE
});

EM_JS(void, deltag_js_request_frame, (int id), { Module["deltagPage"].requestFrame(id); });

EM_JS(void, deltag_js_set_height, (int id, double h), { Module["deltagPage"].setHeight(id, h); });

EM_JS(void, deltag_js_sync, (int id, const char* json), {
    Module["deltagPage"].sync(id, UTF8ToString(json));
});

EM_JS(void, deltag_js_http, (int id, int rid, const char* method, const char* url, const char* headers, const char* body), {
    Module["deltagPage"].http(id, rid, UTF8ToString(method), UTF8ToString(url), UTF8ToString(headers), UTF8ToString(body));
});

EM_JS(void, deltag_js_emit, (int id, const char* name, const char* detail), {
    var d = {};
    try { d = JSON.parse(UTF8ToString(detail)); } catch (e) {}
    Module["deltagPage"].emit(id, UTF8ToString(name), d);
});

EM_JS(double, deltag_js_now, (void), { return Date.now(); });

EM_JS(void, deltag_js_unavailable, (int id, const char* reason), {
    Module["deltagPage"].unavailable(id, UTF8ToString(reason));
});

EM_JS(void, deltag_js_warn, (const char* text), { console.warn(UTF8ToString(text)); });

// 24 characters of [A-Za-z0-9_-] from the browser's CSPRNG (the core takes ids from callers).
EM_JS(void, deltag_js_random_key, (char* out), {
    var abc = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    var bytes = new Uint8Array(24);
    crypto.getRandomValues(bytes);
    for (var i = 0; i < 24; i++) HEAPU8[out + i] = abc.charCodeAt(bytes[i] & 63);
    HEAPU8[out + 24] = 0;
});

// Dates in the visitor's language with the browser's Intl, in the organisers' time zone
// (Swedish and Danish events): "tisdag 3 december 2019 09:15–12:15". The page keeps the
// formatters (embed.js formatWhen), so that it can make them before the first frame.
EM_JS(char*, deltag_js_format_when, (const char* start, const char* end, const char* lang), {
    var text = Module["deltagPage"].formatWhen(UTF8ToString(start), UTF8ToString(end), UTF8ToString(lang));
    var n = lengthBytesUTF8(text) + 1;
    var p = _malloc(n);
    stringToUTF8(text, p, n);
    return p;
});

// The .ics as a download through a Blob URL (no server round trip, works offline).
EM_JS(void, deltag_js_download, (const char* name, const char* mime, const char* content), {
    var blob = new Blob([UTF8ToString(content)], {type: UTF8ToString(mime)});
    var url = URL.createObjectURL(blob);
    var a = document.createElement("a");
    a.href = url;
    a.download = UTF8ToString(name);
    a.rel = "noopener";
    document.body.appendChild(a);
    a.click();
    document.body.removeChild(a);
    setTimeout(function() { URL.revokeObjectURL(url); }, 10000);
});

// No font file: the host page's own fonts (page.fonts(): document.fonts.load of each widget's
// family, issue 12). A canvas does not redraw when a web font arrives, so nothing draws before.
EM_JS(void, deltag_js_wait_for_fonts, (void), {
    Module["deltagPage"].fonts().then(function() { _deltag_on_fonts_ready(); });
});

// [SECTION] Text runs: the browser's Canvas2D measures and rasterises them (embed.js, "Text").
// flags: 1 bold, 2 right-to-left. Sizes and spacing in CSS px, dpr device px per CSS px.
EM_JS(double, deltag_js_text_measure, (int id, const char* text, double size, int flags, double letter, double word), {
    return Module["deltagPage"].textMeasure(id, UTF8ToString(text), size, flags, letter, word);
});
EM_JS(void, deltag_js_text_box, (int id, const char* text, double size, int flags, double letter, double word, double dpr, int* out), {
    var b = Module["deltagPage"].textBox(id, UTF8ToString(text), size, flags, letter, word, dpr);
    for (var i = 0; i < 4; i++) HEAP32[(out >> 2) + i] = b[i];
});
// Into the GL texture bound to TEXTURE_2D of the current context (text_engine_web.cpp binds it).
EM_JS(void, deltag_js_text_draw, (int id, const char* text, double size, int flags, double letter, double word, double dpr, int w, int h, int ox, int oy, int x, int y), {
    Module["deltagPage"].textDraw(GLctx, id, UTF8ToString(text), size, flags, letter, word, dpr, w, h, ox, oy, x, y);
});

// One timer per widget for the App's retries and deadlines (Host::wake_after).
EM_JS(void, deltag_js_wake_after, (int id, double ms), {
    var timers = Module["__deltagTimers"] || (Module["__deltagTimers"] = {});
    clearTimeout(timers[id]);
    timers[id] = setTimeout(function() { delete timers[id]; _deltag_on_timer(id); }, Math.max(0, ms));
});

// localStorage, only ever written after the visitor opted in (storage.hpp). Any access may
// throw (storage blocked, sandboxed frame, quota): then the widget keeps everything in memory.
EM_JS(int, deltag_js_store_available, (void), {
    try { var k = "deltag.probe"; localStorage.setItem(k, "1"); localStorage.removeItem(k); return 1; }
    catch (e) { return 0; }
});

EM_JS(char*, deltag_js_store_get, (const char* key), {
    var v = null;
    try { v = localStorage.getItem(UTF8ToString(key)); } catch (e) {}
    if (v === null) return 0;
    var n = lengthBytesUTF8(v) + 1;
    var p = _malloc(n);
    stringToUTF8(v, p, n);
    return p;
});

EM_JS(int, deltag_js_store_set, (const char* key, const char* value), {
    try { localStorage.setItem(UTF8ToString(key), UTF8ToString(value)); return 1; } catch (e) { return 0; }
});

EM_JS(void, deltag_js_store_remove, (const char* key), {
    try { localStorage.removeItem(UTF8ToString(key)); } catch (e) {}
});

// The widget's own keys only ("deltag." prefix), as a JSON array.
EM_JS(char*, deltag_js_store_keys, (void), {
    var keys = [];
    try {
        for (var i = 0; i < localStorage.length; i++) {
            var k = localStorage.key(i);
            if (k && k.indexOf("deltag.") === 0) keys.push(k);
        }
    } catch (e) {}
    var text = JSON.stringify(keys);
    var n = lengthBytesUTF8(text) + 1;
    var p = _malloc(n);
    stringToUTF8(text, p, n);
    return p;
});

namespace deltag::widget::js {

bool register_canvas(int id) { return deltag_js_register_canvas(id) != 0; }
void set_canvas_size(int id, int w, int h, float css_h) { deltag_js_set_canvas_size(id, w, h, css_h); }
CanvasState canvas_state(int id) {
    int v[3] = {0, 0, 0};
    deltag_js_canvas_state(id, v);
    return {v[0], v[1], v[2]};
}
void request_frame(int id) { deltag_js_request_frame(id); }
void set_height(int id, float h) { deltag_js_set_height(id, h); }
void sync(int id, const std::string& json) { deltag_js_sync(id, json.c_str()); }
void http(int id, int rid, const std::string& method, const std::string& url, const std::string& headers,
          const std::string& body) {
    deltag_js_http(id, rid, method.c_str(), url.c_str(), headers.c_str(), body.c_str());
}
void emit(int id, const std::string& name, const std::string& detail) {
    deltag_js_emit(id, name.c_str(), detail.c_str());
}
double now_ms() { return deltag_js_now(); }
std::string random_key() {
    char buf[25];
    deltag_js_random_key(buf);
    return std::string(buf, 24);
}
std::string format_when(std::string_view start, std::string_view end, std::string_view lang) {
    const std::string s(start), e(end), l(lang);
    char* p = deltag_js_format_when(s.c_str(), e.c_str(), l.c_str());
    std::string out = p ? p : "";
    std::free(p);
    return out;
}
void download(const std::string& name, const std::string& mime, const std::string& content) {
    deltag_js_download(name.c_str(), mime.c_str(), content.c_str());
}
void wait_for_fonts() { deltag_js_wait_for_fonts(); }

namespace {
int text_flags(const TextStyle& s) { return (s.bold ? 1 : 0) | (s.rtl ? 2 : 0); }
} // namespace

float text_measure(int id, std::string_view text, const TextStyle& s) {
    return static_cast<float>(deltag_js_text_measure(id, std::string(text).c_str(), s.size, text_flags(s),
                                                     s.letter_spacing, s.word_spacing));
}
RunBox text_box(int id, std::string_view text, const TextStyle& s, float dpr) {
    int v[4] = {};
    deltag_js_text_box(id, std::string(text).c_str(), s.size, text_flags(s), s.letter_spacing, s.word_spacing, dpr, v);
    return RunBox{v[0], v[1], static_cast<float>(v[2]), static_cast<float>(v[3])};
}
void text_draw(int id, std::string_view text, const TextStyle& s, float dpr, const RunBox& b, int x, int y) {
    deltag_js_text_draw(id, std::string(text).c_str(), s.size, text_flags(s), s.letter_spacing, s.word_spacing, dpr,
                        b.width, b.height, static_cast<int>(b.origin_x), static_cast<int>(b.origin_y), x, y);
}
void wake_after(int id, double ms) { deltag_js_wake_after(id, ms); }

} // namespace deltag::widget::js

// [SECTION] The Host of a widget in the page ---------------------------------------------------

namespace deltag::widget {
namespace {

std::string take_js_string(char* p) {
    std::string out = p ? p : "";
    std::free(p);
    return out;
}

class LocalStore final : public KeyValueStore {
public:
    std::optional<std::string> get(std::string_view key) const override {
        char* p = deltag_js_store_get(std::string(key).c_str());
        if (!p) return std::nullopt;
        return take_js_string(p);
    }
    bool set(std::string_view key, std::string_view value) override {
        return deltag_js_store_set(std::string(key).c_str(), std::string(value).c_str()) != 0;
    }
    void remove(std::string_view key) override { deltag_js_store_remove(std::string(key).c_str()); }
    std::vector<std::string> keys() const override {
        const nlohmann::json j = parse_json(take_js_string(deltag_js_store_keys()));
        std::vector<std::string> out;
        if (j.is_array())
            for (const auto& k : j)
                if (k.is_string()) out.push_back(k.get<std::string>());
        return out;
    }
};

class WebHost final : public Host {
public:
    explicit WebHost(int id) : id_(id) {}
    std::int64_t now_ms() override { return static_cast<std::int64_t>(js::now_ms()); }
    std::string random_key() override { return js::random_key(); }
    void http(int rid, const std::string& method, const std::string& url, const std::string& headers,
              const std::string& body) override {
        js::http(id_, rid, method, url, headers, body);
    }
    std::string format_when(std::string_view s, std::string_view e, std::string_view lang) override {
        return js::format_when(s, e, lang);
    }
    void request_frame() override { js::request_frame(id_); }
    void emit(const std::string& name, const std::string& detail) override { js::emit(id_, name, detail); }
    void download(const std::string& name, const std::string& mime, const std::string& content) override {
        js::download(name, mime, content);
    }
    KeyValueStore* device_store() override {
        static const bool available = deltag_js_store_available() != 0;
        static LocalStore store;
        return available ? &store : nullptr;
    }
    void wake_after(std::int64_t ms) override { js::wake_after(id_, static_cast<double>(ms)); }
    void warn(const std::string& message) override { deltag_js_warn(message.c_str()); }
    void unavailable(const std::string& reason) override { deltag_js_unavailable(id_, reason.c_str()); }

private:
    int id_;
};

struct Slot {
    std::unique_ptr<WebHost> host;
    std::unique_ptr<WebWidget> widget;
};

std::map<int, Slot>& widgets() {
    static std::map<int, Slot> w;
    return w;
}

bool fonts_requested = false;

App* app_of(int id) {
    auto it = widgets().find(id);
    return it == widgets().end() || !it->second.widget ? nullptr : &it->second.widget->app();
}

const char* str(const char* s) { return s ? s : ""; }

// {"forced":bool,"contrast":bool,"dark":bool,"colors":{"Canvas":"#rrggbb",...}} from embed.js's
// themeSettings(). Forced colours count only with every system colour readable: a palette
// half made of zeros (black) would be worse than the widget's own.
ThemeSettings parse_theme_settings(const char* json) {
    const nlohmann::json j = parse_json(str(json));
    ThemeSettings s;
    if (!j.is_object()) return s;
    auto flag = [&](const char* key) { return j.contains(key) && j[key].is_boolean() && j[key].get<bool>(); };
    s.more_contrast = flag("contrast");
    s.dark = flag("dark");
    if (!flag("forced") || !j.contains("colors")) return s;
    const nlohmann::json& c = j["colors"];
    SystemColors& sc = s.system;
    const std::pair<const char*, ImU32*> names[] = {
        {"Canvas", &sc.canvas},           {"CanvasText", &sc.canvas_text}, {"LinkText", &sc.link_text},
        {"GrayText", &sc.gray_text},      {"Highlight", &sc.highlight},    {"HighlightText", &sc.highlight_text},
        {"ButtonFace", &sc.button_face},  {"ButtonText", &sc.button_text}};
    for (const auto& [name, out] : names)
        if (!parse_hex_color(string_at(c, name), *out)) return s;
    s.forced = true;
    return s;
}

EM_BOOL on_context_lost(int, const void*, void* user) {
    static_cast<WebWidget*>(user)->context_lost();
    return EM_TRUE;
}
EM_BOOL on_context_restored(int, const void*, void* user) {
    static_cast<WebWidget*>(user)->context_restored();
    return EM_TRUE;
}

} // namespace
} // namespace deltag::widget

// [SECTION] Exported functions (page -> wasm) ----------------------------------------------------

using namespace deltag::widget;

extern "C" {

// 1 when the widget runs, 0 when its canvas or WebGL2 context is missing.
EMSCRIPTEN_KEEPALIVE int deltag_create(int id, const char* config_json) {
    widgets().erase(id);
    Slot slot;
    slot.host = std::make_unique<WebHost>(id);
    slot.widget = std::make_unique<WebWidget>(id, *slot.host, str(config_json));
    const bool ok = slot.widget->ok();
    if (ok) {
        const std::string sel = "#deltag-canvas-" + std::to_string(id);
        emscripten_set_webglcontextlost_callback(sel.c_str(), slot.widget.get(), EM_FALSE, on_context_lost);
        emscripten_set_webglcontextrestored_callback(sel.c_str(), slot.widget.get(), EM_FALSE, on_context_restored);
    }
    widgets()[id] = std::move(slot);
    if (!fonts_requested) {
        fonts_requested = true;
        js::wait_for_fonts();
    }
    return ok ? 1 : 0;
}

EMSCRIPTEN_KEEPALIVE void deltag_destroy(int id) { widgets().erase(id); }

EMSCRIPTEN_KEEPALIVE void deltag_on_fonts_ready() {
    set_fonts_ready();
    for (auto& [id, slot] : widgets()) js::request_frame(id);
}

// The visitor's text settings (embed.js: root font size / 16 and the WCAG 1.4.12 probe), for
// every widget of the page; spacing in em, 0 when the visitor's stylesheet sets none.
EMSCRIPTEN_KEEPALIVE void deltag_text_settings(double scale, double line_height, double letter, double word,
                                               double paragraph) {
    TextSettings s;
    s.scale = scale > 0.5 && scale < 8 ? static_cast<float>(scale) : 1;
    s.line_height = static_cast<float>(line_height);
    s.letter_spacing = static_cast<float>(letter);
    s.word_spacing = static_cast<float>(word);
    s.paragraph_spacing = static_cast<float>(paragraph);
    set_text_settings(s);
    for (auto& [id, slot] : widgets()) js::request_frame(id);
}

EMSCRIPTEN_KEEPALIVE void deltag_resize(int id, double css_width, double dpr) {
    auto it = widgets().find(id);
    if (it != widgets().end()) it->second.widget->resize(static_cast<float>(css_width), static_cast<float>(dpr));
}

EMSCRIPTEN_KEEPALIVE void deltag_frame(int id, double time_ms) {
    auto it = widgets().find(id);
    if (it != widgets().end()) it->second.widget->frame(time_ms);
}

EMSCRIPTEN_KEEPALIVE void deltag_on_input(int id, const char* item, const char* value) {
    if (App* a = app_of(id)) a->on_input(str(item), str(value));
}
EMSCRIPTEN_KEEPALIVE void deltag_on_focus(int id, const char* item) {
    if (App* a = app_of(id)) a->on_focus(str(item));
}
EMSCRIPTEN_KEEPALIVE void deltag_on_blur(int id, const char* item) {
    if (App* a = app_of(id)) a->on_blur(str(item));
}
EMSCRIPTEN_KEEPALIVE void deltag_on_activate(int id, const char* item) {
    if (App* a = app_of(id)) a->on_activate(str(item));
}
EMSCRIPTEN_KEEPALIVE void deltag_on_checked(int id, const char* item, int checked) {
    if (App* a = app_of(id)) a->on_checked(str(item), checked != 0);
}
EMSCRIPTEN_KEEPALIVE void deltag_on_choose(int id, const char* item, const char* value) {
    if (App* a = app_of(id)) a->on_choose(str(item), str(value));
}
EMSCRIPTEN_KEEPALIVE void deltag_on_key(int id, const char* item, const char* key) {
    if (App* a = app_of(id)) a->on_key(str(item), str(key));
}
EMSCRIPTEN_KEEPALIVE void deltag_on_hover(int id, const char* item) {
    if (App* a = app_of(id)) a->on_hover(str(item));
}
EMSCRIPTEN_KEEPALIVE void deltag_on_http(int id, int request_id, int status, const char* body) {
    if (App* a = app_of(id)) a->on_http(request_id, status, str(body));
}
EMSCRIPTEN_KEEPALIVE void deltag_on_online(int id, int online) {
    if (App* a = app_of(id)) a->on_online(online != 0);
}
EMSCRIPTEN_KEEPALIVE void deltag_set_theme(int id, const char* settings_json) {
    auto it = widgets().find(id);
    if (it != widgets().end()) it->second.widget->set_theme(parse_theme_settings(settings_json));
}
EMSCRIPTEN_KEEPALIVE void deltag_on_timer(int id) {
    if (App* a = app_of(id)) a->on_timer();
}

} // extern "C"
