// The App's state machine: loading, list, event, form, sending, result; input from the DOM
// overlay and answers from the network. Core, std and Host only (runs headless in tests).
#include "app.hpp"
#include "json_util.hpp"

#include "deltag/catalog.hpp"
#include "deltag/ics.hpp"
#include "deltag/json_text.hpp"
#include "deltag/languages.hpp"
#include "deltag/locale_format.hpp"
#include "deltag/organisations.hpp"
#include "deltag/registration.hpp"
#include "deltag/text.hpp"
#include "deltag/validate.hpp"

#include <algorithm>

namespace deltag::widget {

using nlohmann::json;

// "a, b,c" -> {"a", "b", "c"}: the snippet's comma-separated ids, white space around them ignored.
static std::vector<std::string> split_ids(const std::string& text) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t end = text.find(',', start);
        if (end == std::string::npos) end = text.size();
        if (std::string id = trim(std::string_view(text).substr(start, end - start)); !id.empty())
            out.push_back(std::move(id));
        start = end + 1;
    }
    return out;
}

AppConfig parse_app_config(std::string_view json_text) {
    AppConfig c;
    json j = parse_json(json_text);
    if (!j.is_object()) return c;
    if (auto v = string_at(j, "api"); !v.empty()) c.api = v;
    while (!c.api.empty() && c.api.back() == '/') c.api.pop_back();
    c.event = string_at(j, "event");
    c.lang = string_at(j, "lang");
    c.browser_languages = string_at(j, "browser_languages");
    if (auto v = string_at(j, "accent"); !v.empty()) c.accent = v;
    auto t = j.find("touch");
    c.touch = t != j.end() && t->is_boolean() && t->get<bool>();
    auto k = j.find("kiosk");
    c.kiosk = k != j.end() && k->is_boolean() && k->get<bool>();
    c.events = split_ids(string_at(j, "events"));
    for (std::string& lang : split_ids(string_at(j, "langs")))
        if (is_language_tag(lang)) c.langs.push_back(std::move(lang));
    return c;
}

App::App(Host& host, AppConfig config)
    : host_(host), config_(std::move(config)) {
    offered_ = config_.langs.empty() ? std::vector<std::string>{"sv", "da", "en"} : config_.langs;
    for (const std::string& lang : offered_) declare_catalog_language(lang);
    lang_ = has_catalog(config_.lang) ? config_.lang : negotiate_language(config_.browser_languages);
}

std::string App::when_text(std::string_view start_iso, std::string_view end_iso) const {
    std::string text = host_.format_when(start_iso, end_iso, lang_);
    return text.empty() ? format_when_from_catalog(lang_, start_iso, end_iso) : text;
}

void App::init() {
    request_catalog(lang_); // in parallel with the data: the first frame needs both
    if (config_.event.empty()) {
        load_list();
    } else {
        load_event(config_.event);
    }
    outbox_start(); // once: a previous visit's queued sign-ups (with the opt-in)
}

void App::changed() {
    save_draft(); // no-op unless the visitor chose to keep answers on the device
    host_.request_frame();
}

// The event data comes in the language shown only (?lang=, about half the bytes of all three);
// a language switch fetches it again (refetch_in_language).
void App::load_list() {
    const int rid = next_request_++;
    pending_[rid] = {Purpose::list, {}};
    if (events_.empty()) screen_ = Screen::loading; // a list shown stays while its texts reload
    host_.http(rid, "GET", config_.api + "/events?lang=" + lang_, "{}", "");
    changed();
}

void App::load_event(const std::string& id) {
    const int rid = next_request_++;
    pending_[rid] = {Purpose::event, {}};
    current_id_ = id;
    if (!current()) screen_ = Screen::loading;
    host_.http(rid, "GET", config_.api + "/events/" + id + "?lang=" + lang_, "{}", "");
    changed();
}

// After a language switch: the list and the event shown again, in the new language. Until they
// arrive pick() shows the previous language's texts; answers still coming in the previous
// language are dropped, so they cannot land after the new ones.
void App::refetch_in_language() {
    for (auto it = pending_.begin(); it != pending_.end();)
        it = it->second.purpose == Purpose::list || it->second.purpose == Purpose::event ? pending_.erase(it)
                                                                                   : std::next(it);
    if (config_.event.empty()) load_list();
    if (!current_id_.empty()) load_event(current_id_);
}

const EventEntry* App::current() const {
    for (const auto& e : events_)
        if (e.event.id == current_id_) return &e;
    return nullptr;
}

const Field* App::field(const std::string& id) const {
    const EventEntry* e = current();
    return e ? e->event.form.find(id) : nullptr;
}

void App::open_event(const std::string& id) {
    if (id != current_id_) {
        answers_ = json::object();
        touched_.clear();
        errors_.clear();
        summary_shown_ = false;
        form_started_ms_ = 0;
        org_query_.clear();
        org_other_.clear();
        org_open_.clear();
        idempotency_key_.clear();
        payload_.clear();
    }
    current_id_ = id;
    screen_ = Screen::event;
    focus_request_ = "h-title";
    load_event(id); // fresh availability; the list's copy shows meanwhile
}

void App::start_form() {
    screen_ = Screen::form;
    request_organisations(); // while the visitor fills in the fields above the picker
    if (form_started_ms_ == 0) form_started_ms_ = host_.now_ms();
    load_draft();
    focus_request_ = "h-form";
    changed();
}

std::optional<Item> App::find_item(const std::string& item_id) const {
    ViewModel vm = view();
    for (auto& it : vm.items) {
        if (it.id == item_id) return it;
        for (const auto& o : it.options) {
            if (o.id == item_id) {
                Item opt = it;
                opt.id = o.id;
                opt.option_value = o.value;
                return opt;
            }
        }
    }
    return std::nullopt;
}

// --- input -----------------------------------------------------------------------------------

void App::on_input(const std::string& item_id, const std::string& value) {
    auto item = find_item(item_id);
    if (!item || item->field_id.empty()) return;
    if (item->honeypot) {
        honeypot_ = value;
        return;
    }
    const std::string& fid = item->field_id;
    const Field* f = field(fid);
    if (!f) return;
    if (f->type == FieldType::organisation) {
        if (item->role == Role::combobox) {
            org_query_[fid] = value;
            org_open_ = fid;
            request_organisations(); // again, if a list could not be loaded before
            org_other_.erase(fid);
            answers_.erase(fid); // typing again undoes an earlier choice
        } else {
            answers_[fid] = json{{"other", value}};
        }
    } else {
        answers_[fid] = value;
    }
    if (touched_.count(fid)) validate_one(fid);
    drop_hidden_errors();
    changed();
}

void App::on_focus(const std::string& item_id) {
    focused_ = item_id;
    if (!org_open_.empty()) {
        const std::string base = "f-" + org_open_;
        const bool inside = item_id.rfind(base, 0) == 0 || item_id.rfind("o-" + org_open_ + "-", 0) == 0;
        if (!inside) {
            const std::string fid = org_open_;
            org_open_.clear();
            touched_.insert(fid);
            validate_one(fid);
        }
    }
    if (auto item = find_item(item_id); item && item->role == Role::combobox &&
                                        !org_query_[item->field_id].empty() &&
                                        !answers_.contains(item->field_id))
        org_open_ = item->field_id;
    changed();
}

void App::on_blur(const std::string& item_id) {
    if (focused_ == item_id) focused_.clear();
    auto item = find_item(item_id);
    if (item && !item->field_id.empty() && !item->honeypot) {
        touched_.insert(item->field_id);
        // An open organisation list is still being used (a click on an option blurs first).
        if (org_open_ != item->field_id) validate_one(item->field_id);
    }
    changed();
}

void App::on_checked(const std::string& item_id, bool checked) {
    if (item_id == "c-keep") return set_keep_on_device(checked);
    auto item = find_item(item_id);
    if (!item || item->field_id.empty()) return;
    const std::string& fid = item->field_id;
    if (item->role == Role::radio) {
        if (checked) answers_[fid] = item->option_value;
    } else if (item->option_value.empty()) {
        answers_[fid] = checked;
    } else {
        json list = answers_.contains(fid) && answers_[fid].is_array() ? answers_[fid] : json::array();
        json next = json::array();
        for (const auto& v : list)
            if (!(v.is_string() && v.get_ref<const std::string&>() == item->option_value)) next.push_back(v);
        if (checked) {
            // Keep the form's option order so the payload is stable.
            json ordered = json::array();
            if (const Field* f = field(fid)) {
                for (const auto& o : f->options) {
                    bool in = o.value == item->option_value;
                    for (const auto& v : next) in = in || (v.is_string() && v.get_ref<const std::string&>() == o.value);
                    if (in) ordered.push_back(o.value);
                }
            }
            next = ordered;
        }
        answers_[fid] = next;
    }
    if (touched_.count(fid) || summary_shown_) validate_one(fid);
    drop_hidden_errors();
    changed();
}

void App::on_choose(const std::string& item_id, const std::string& value) {
    auto item = find_item(item_id);
    if (!item || item->field_id.empty()) return;
    const std::string& fid = item->field_id;
    const Field* f = field(fid);
    if (!f) return;
    if (f->type == FieldType::organisation) {
        org_open_.clear();
        if (value == "other") {
            org_other_.insert(fid);
            org_query_[fid].clear();
            answers_[fid] = json{{"other", ""}};
            focus_request_ = "f-" + fid + "-other";
        } else {
            const auto colon = value.find(':');
            const Municipality* m = colon == std::string::npos
                                        ? nullptr
                                        : find_municipality(value.substr(0, colon), value.substr(colon + 1));
            if (!m) return;
            org_other_.erase(fid);
            org_query_[fid] = m->name;
            answers_[fid] = json{{"country", m->country}, {"code", m->code}};
            touched_.insert(fid);
            validate_one(fid);
            focus_request_ = "f-" + fid;
        }
    } else {
        answers_[fid] = value;
        if (touched_.count(fid) || summary_shown_) validate_one(fid);
    }
    drop_hidden_errors();
    changed();
}

// The WAI-ARIA combobox pattern: Escape closes the open organisation list and keeps the typed
// text; a second Escape clears typing that chose nothing. Focus stays in the input either way.
void App::on_key(const std::string& item_id, const std::string& key) {
    if (key != "Escape") return;
    auto item = find_item(item_id);
    if (!item || item->role != Role::combobox) return;
    const std::string& fid = item->field_id;
    if (org_open_ == fid) {
        org_open_.clear();
    } else if (!answers_.contains(fid) && !org_query_[fid].empty()) {
        org_query_[fid].clear();
    } else {
        return;
    }
    changed();
}

void App::on_hover(const std::string& item_id) {
    if (hovered_ == item_id) return;
    hovered_ = item_id;
    changed();
}

void App::on_activate(const std::string& item_id) {
    auto item = find_item(item_id);
    if (!item || item->disabled) return;
    if (!item->action.empty()) do_action(item->action);
}

void App::on_online(bool online) {
    const bool back = online && !online_;
    online_ = online;
    // A submit that failed for want of a network goes again, with the same key.
    if (back && screen_ == Screen::result && result_ == ResultKind::error && !payload_.empty()) send_current();
    outbox_online(online);
    changed();
}

void App::do_action(const std::string& action) {
    const auto colon = action.find(':');
    const std::string verb = action.substr(0, colon);
    const std::string arg = colon == std::string::npos ? std::string() : action.substr(colon + 1);
    if (verb == "lang") {
        choose_language(arg); // app_reference.cpp: switches once the catalog is here
    } else if (verb == "open") {
        from_list_ = true;
        open_event(arg);
    } else if (verb == "list") {
        screen_ = Screen::list;
        focus_request_ = "h-list";
        if (events_.empty()) load_list();
    } else if (verb == "event") {
        screen_ = Screen::event;
        focus_request_ = "h-title";
    } else if (verb == "signup" || verb == "form") {
        start_form();
    } else if (verb == "submit") {
        submit();
    } else if (verb == "retry") {
        send_current();
    } else if (verb == "reload") {
        init();
    } else if (verb == "ics") {
        download_ics(arg);
    } else if (verb == "cancel") {
        cancel_registration();
    } else if (verb == "forget") {
        forget_device();
    } else if (verb == "again") {
        // A new registration (e.g. a colleague): same event, empty form, new key.
        clear_form();
        form_started_ms_ = 0;
        start_form();
    }
    changed();
}

// --- validation ------------------------------------------------------------------------------

void App::validate_one(const std::string& field_id) {
    const EventEntry* e = current();
    const Field* f = field(field_id);
    if (!e || !f) return;
    errors_.erase(field_id);
    if (!is_visible(e->event.form, *f, answers_)) return;
    Errors errs = validate_field(e->event.form, *f, answers_, lang_);
    if (!errs.empty()) errors_[field_id] = errs.front();
}

void App::drop_hidden_errors() {
    const EventEntry* e = current();
    if (!e) return;
    for (auto it = errors_.begin(); it != errors_.end();) {
        const Field* f = e->event.form.find(it->first);
        if (f && !is_visible(e->event.form, *f, answers_)) {
            it = errors_.erase(it);
        } else {
            ++it;
        }
    }
}

} // namespace deltag::widget
