// The item list as the JSON the page's overlay reads (bridge_protocol.md): only keys that
// carry information are written, to keep the per-frame message small. nlohmann/json only.
#include "items.hpp"

#include <nlohmann/json.hpp>

#include <cmath>

namespace deltag::widget {

using nlohmann::json;

const char* to_string(Role r) {
    switch (r) {
    case Role::heading: return "heading";
    case Role::text: return "text";
    case Role::button: return "button";
    case Role::link: return "link";
    case Role::textbox: return "textbox";
    case Role::checkbox: return "checkbox";
    case Role::radio: return "radio";
    case Role::group: return "group";
    case Role::combobox: return "combobox";
    case Role::listbox: return "listbox";
    case Role::select: return "select";
    case Role::alert: return "alert";
    }
    return "text";
}

namespace {

json rect_json(const Rect& r) {
    // Whole CSS pixels are enough for positioning and keep the JSON stable between frames.
    auto px = [](float v) { return static_cast<int>(std::lround(v)); };
    return json{{"x", px(r.x)}, {"y", px(r.y)}, {"w", px(r.w)}, {"h", px(r.h)}};
}

void put(json& j, const char* key, const std::string& v) {
    if (!v.empty()) j[key] = v;
}

void put(json& j, const char* key, bool v) {
    if (v) j[key] = true;
}

json item_json(const Item& it) {
    json j = {{"id", it.id}, {"role", to_string(it.role)}, {"label", it.label}};
    put(j, "value", it.value);
    put(j, "input_type", it.input_type);
    put(j, "inputmode", it.inputmode);
    put(j, "autocomplete", it.autocomplete);
    put(j, "help", it.help);
    put(j, "error", it.error);
    put(j, "badge", it.badge);
    put(j, "group", it.group);
    put(j, "name", it.name);
    put(j, "options_id", it.options_id);
    put(j, "lang", it.lang);
    put(j, "dir", it.dir);
    if (it.level > 0) j["level"] = it.level;
    if (it.max_length > 0) j["max_length"] = it.max_length;
    put(j, "required", it.required);
    put(j, "invalid", it.invalid);
    put(j, "sensitive", it.sensitive);
    put(j, "disabled", it.disabled);
    put(j, "busy", it.busy);
    put(j, "honeypot", it.honeypot);
    if (it.role == Role::combobox) j["expanded"] = it.expanded;
    if (it.has_checked) j[it.role == Role::button ? "pressed" : "checked"] = it.role == Role::button ? it.pressed : it.checked;
    if (!it.options.empty()) {
        json opts = json::array();
        for (const auto& o : it.options) {
            json oj = {{"id", o.id}, {"value", o.value}, {"label", o.label}, {"selected", o.selected}};
            if (it.role == Role::listbox) oj["rect"] = rect_json(o.rect);
            opts.push_back(std::move(oj));
        }
        j["options"] = std::move(opts);
    }
    if (!it.links.empty()) {
        json links = json::array();
        for (const auto& l : it.links)
            links.push_back({{"target", l.target}, {"label", l.label}, {"rect", rect_json(l.rect)}});
        j["links"] = std::move(links);
    }
    j["rect"] = rect_json(it.rect);
    return j;
}

} // namespace

std::string to_json_text(const ViewModel& vm) {
    json items = json::array();
    for (const auto& it : vm.items) items.push_back(item_json(it));
    json j = {{"lang", vm.lang}, {"dir", vm.dir}, {"items", std::move(items)}};
    j["status"] = {{"text", vm.status.text}, {"politeness", vm.status.politeness}};
    j["focus"] = vm.focus.empty() ? json(nullptr) : json(vm.focus);
    // Visitor text may hold lone surrogates from JS (invalid UTF-8): replace, never abort.
    return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

} // namespace deltag::widget
