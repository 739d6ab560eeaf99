// The renderer without a browser: the native text engine (stb_truetype over DejaVu Sans) and its
// run atlas at device pixel ratio 1, the draw list's shared data filled as platform_web.cpp fills it, and an App driven to
// each screen of every demo event, with the events as the server sends them.
#pragma once
#include "demo_files.hpp"
#include "fixture.hpp"
#include "render_imgui.hpp"
#include "text_engine_native.hpp"

#include <imgui_internal.h> // ImDrawListSharedData: the widget fills it without an ImGui context

#include "deltag/demo.hpp"
#include "deltag/event.hpp"
#include "deltag/form.hpp"
#include "deltag/rules.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdint>
#include <deque>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

namespace deltag::widget::test {

using deltag::test_files::demo_json_files;
using deltag::test_files::read_file;

// The native text engine over Debian's DejaVu Sans (fonts-dejavu-core), its run atlas in
// memory and the text context the layout and the painter take; get() is built once for the suite.
// Pages in memory for a native run atlas, texture ids 1, 2, ... (the draw list's texture names).
struct MemoryPages {
    int width, height;
    std::deque<std::vector<std::uint8_t>> pixels;
    TextPage operator()() {
        pixels.emplace_back(static_cast<std::size_t>(width) * height);
        return TextPage{width, height, pixels.back().data(), static_cast<unsigned>(pixels.size())};
    }
};

struct RenderKit {
    static constexpr int kPage = 2048;
    NativeTextEngine engine;
    MemoryPages pages{kPage, kPage, {}};
    RunAtlas atlas;
    TextContext text;
    ImDrawListSharedData shared;

    RenderKit() : engine(read_file(DELTAG_FONT_PATH)), atlas(engine, [this] { return pages(); }) {
        REQUIRE_MESSAGE(engine.ok(), "the font " << DELTAG_FONT_PATH << " (Debian's fonts-dejavu-core)");
        text.engine = &engine;
        text.atlas = &atlas;
        text.dpr = 1;
        // As WebWidget in platform_web.cpp (no ImGui context there either).
        init_draw_shared(shared);
        bind_draw_shared(shared, atlas.page());
    }

    static RenderKit& get() {
        static RenderKit kit;
        return kit;
    }

    // One frame's vertices, drawn as platform_web.cpp draws it.
    std::vector<ImDrawVert> draw(const ViewModel& vm, const Layout& layout, float width, const Theme& theme,
                                 const DrawState& st) {
        ImDrawList dl(&shared);
        atlas.begin_frame();
        draw_frame(dl, shared, reinterpret_cast<ImTextureID>(static_cast<std::intptr_t>(1)), width, layout.height, vm,
                   layout, text, theme, st);
        return std::vector<ImDrawVert>(dl.VtxBuffer.begin(), dl.VtxBuffer.end());
    }
};

// The suite's text settings for a scope (200 % text, the WCAG 1.4.12 spacing), then back.
struct WithTextSettings {
    TextSettings before;
    explicit WithTextSettings(const TextSettings& s) : before(RenderKit::get().text.settings) {
        RenderKit::get().text.settings = s;
    }
    ~WithTextSettings() { RenderKit::get().text.settings = before; }
};

// Dates as long as the browser's Intl writes them ("fredag 15 september 2023 09:00–10:30"),
// so wrapping sees realistic text.
class RenderHost : public FakeHost {
public:
    std::string format_when(std::string_view start, std::string_view end, std::string_view) override {
        std::string s = "onsdag 14 september " + std::string(start.substr(0, 4)) + " " + std::string(start.substr(11, 5));
        if (end.size() >= 16) s += "–" + std::string(end.substr(11, 5));
        return s;
    }
};

// A demo event as GET /api/v1/events/{id} answers it, dates moved near the test's clock and open
// (the closed reference-group call too: its form and results must lay out as well).
struct DemoEvent {
    Event event;
    nlohmann::json entry; // {"event": ..., "availability": ...}
};

inline const std::vector<DemoEvent>& demo_events() {
    static const std::vector<DemoEvent> events = [] {
        std::vector<Form> forms;
        for (const auto& path : demo_json_files("forms")) {
            auto parsed = parse_form(nlohmann::json::parse(read_file(path), nullptr, false));
            REQUIRE_MESSAGE(parsed.ok(), path.string());
            forms.push_back(std::move(parsed.value));
        }
        std::vector<DemoEvent> out;
        const std::int64_t now = FakeHost{}.now / 1000;
        for (const auto& path : demo_json_files("events")) {
            nlohmann::json source = nlohmann::json::parse(read_file(path), nullptr, false);
            source.erase("demo");
            auto parsed = parse_event(source, forms);
            REQUIRE_MESSAGE(parsed.ok(), path.string());
            Event ev = std::move(parsed.value);
            rebase_for_demo(ev, source, now);
            nlohmann::json entry = {{"event", to_json(ev)}, {"availability", to_json(availability(ev, 0, 0, now))}};
            out.push_back({std::move(ev), std::move(entry)});
        }
        REQUIRE(out.size() >= 5);
        return out;
    }();
    return events;
}

// An App with its host, kept together (the App holds a reference to the host).
struct Driven {
    RenderHost host;
    App app;
    explicit Driven(AppConfig c) : app(host, std::move(c)) {}
    // The id of the latest request of this method whose URL contains `path` (the App may have
    // other requests out at the same time).
    int request(const std::string& method, const std::string& path) const {
        if (const Request* r = host.latest(method, path)) return r->id;
        FAIL("no " << method << " request for " << path);
        return 0;
    }
};

inline AppConfig config_for(const std::string& event, const std::string& lang, bool touch = false) {
    AppConfig c = config(event, lang);
    c.touch = touch;
    return c;
}

inline std::unique_ptr<Driven> at_list(const std::string& lang = "sv") {
    auto d = std::make_unique<Driven>(config_for("", lang));
    d->app.init();
    nlohmann::json list = nlohmann::json::array();
    for (const auto& e : demo_events()) list.push_back(e.entry);
    d->app.on_http(d->request("GET", "/events"), 200, nlohmann::json{{"events", list}}.dump());
    REQUIRE(d->app.screen() == Screen::list);
    return d;
}

inline std::unique_ptr<Driven> at_event(const DemoEvent& e, bool touch = false) {
    auto d = std::make_unique<Driven>(config_for(e.event.id, e.event.default_language, touch));
    d->app.init();
    d->app.on_http(d->request("GET", "/events/" + e.event.id), 200, e.entry.dump());
    REQUIRE(d->app.screen() == Screen::event);
    return d;
}

inline std::unique_ptr<Driven> at_form(const DemoEvent& e, bool touch = false) {
    auto d = at_event(e, touch);
    d->app.on_activate("b-signup");
    REQUIRE(d->app.screen() == Screen::form);
    return d;
}

// Submitted empty: every required field shows its error, and the summary lists them.
inline std::unique_ptr<Driven> at_form_errors(const DemoEvent& e, bool touch = false) {
    auto d = at_form(e, touch);
    d->app.on_activate("b-submit");
    REQUIRE(d->app.screen() == Screen::form);
    REQUIRE(d->app.view().find("s-summary"));
    return d;
}

// What a visitor would answer, from the field's type and constraints.
inline std::string answer_text(const Field& f) {
    switch (f.type) {
    case FieldType::email: return "anna.andersson@example.se";
    case FieldType::phone: return "+46 70 123 45 67";
    case FieldType::number: return std::to_string(static_cast<long long>(f.min.value_or(1)));
    case FieldType::date: return f.min_date.value_or(f.max_date.value_or("2030-06-01"));
    case FieldType::textarea: return "Inga frågor i förväg.";
    default: {
        std::string s = "Anna Andersson";
        while (f.min_length && static_cast<int>(s.size()) < *f.min_length) s += " Andersson";
        if (f.max_length && static_cast<int>(s.size()) > *f.max_length) s.resize(static_cast<std::size_t>(*f.max_length));
        return s;
    }
    }
}

// Answers every visible field the way a visitor would, through the App's input functions; a
// few rounds, because answers can show further fields.
inline void fill_valid(App& app, const Event& ev) {
    for (int round = 0; round < 4; ++round) {
        const ViewModel vm = app.view();
        std::vector<std::string> chosen_groups; // radio groups answered this round
        for (const Item& it : vm.items) {
            if (it.honeypot || it.field_id.empty()) continue;
            const Field* f = ev.form.find(it.field_id);
            if (!f) continue;
            if (it.role == Role::textbox && it.value.empty()) {
                app.on_focus(it.id);
                app.on_input(it.id, answer_text(*f));
                app.on_blur(it.id);
            } else if (it.role == Role::combobox && it.value.empty()) {
                const bool se = f->countries.empty() ||
                                std::find(f->countries.begin(), f->countries.end(), "se") != f->countries.end();
                app.on_focus(it.id);
                app.on_input(it.id, se ? "Göte" : "Aarh");
                const ViewModel typed = app.view();
                const Item* list = typed.find(it.options_id);
                REQUIRE_MESSAGE(list, "suggestions for " << it.id);
                REQUIRE(list->options.size() > 1);
                app.on_choose(it.options_id, list->options.front().value);
            } else if (it.role == Role::select && it.value.empty() && it.options.size() > 1) {
                app.on_choose(it.id, it.options[1].value);
            } else if (it.role == Role::radio && !it.checked) {
                bool any = std::find(chosen_groups.begin(), chosen_groups.end(), it.group) != chosen_groups.end();
                for (const Item& o : vm.items) any = any || (o.group == it.group && o.checked);
                if (!any) {
                    app.on_checked(it.id, true);
                    chosen_groups.push_back(it.group);
                }
            } else if (it.role == Role::checkbox && !it.checked && !it.group.empty()) {
                int checked = 0, before = 0;
                for (const Item& o : vm.items) {
                    if (o.group != it.group) continue;
                    checked += o.checked;
                    before += (&o < &it);
                }
                const int need = std::max(f->required ? 1 : 0, f->min_selected.value_or(0));
                if (checked < need && before < need) app.on_checked(it.id, true);
            } else if (it.role == Role::checkbox && !it.checked && it.group.empty() && it.required) {
                app.on_checked(it.id, true);
            }
        }
    }
}

// The form filled and sent, and the server's answer ("confirmed" or "waitlisted") shown.
inline std::unique_ptr<Driven> at_result(const DemoEvent& e, const std::string& status) {
    auto d = at_form(e);
    fill_valid(d->app, e.event);
    d->app.on_activate("b-submit");
    const ViewModel vm = d->app.view();
    if (const Item* summary = vm.find("s-summary")) {
        std::string why;
        for (const auto& l : summary->links) why += l.target + " ";
        FAIL("the generic answers do not satisfy " << e.event.id << ": " << why);
    }
    const int post = d->request("POST", "/registrations");
    nlohmann::json answer = {{"status", status}, {"reference", "DLT-7K2Q-9F"}, {"cancel_token", "tok"}};
    if (status == "waitlisted") answer["waitlist_position"] = 3;
    d->app.on_http(post, 201, answer.dump());
    REQUIRE(d->app.screen() == Screen::result);
    return d;
}

} // namespace deltag::widget::test
