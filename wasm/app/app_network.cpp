// The App's network side: answers to GET /events and /events/{id}, the registration POST
// (through the outbox, with an Idempotency-Key), cancelling, and the result screens.
#include "app.hpp"
#include "json_util.hpp"

#include "deltag/ics.hpp"
#include "deltag/json_text.hpp"
#include "deltag/registration.hpp"
#include "deltag/small_sort.hpp"
#include "deltag/validate.hpp"

#include <algorithm>

namespace deltag::widget {

using nlohmann::json;

namespace {


Availability availability_from(const json& j) {
    Availability a;
    if (!j.is_object()) return a;
    auto num = [&](const char* k) -> std::optional<int> {
        auto it = j.find(k);
        if (it == j.end() || !it->is_number_integer()) return std::nullopt;
        return static_cast<int>(it->get<std::int64_t>());
    };
    a.capacity = num("capacity");
    a.confirmed = num("confirmed").value_or(0);
    a.waitlisted = num("waitlisted").value_or(0);
    a.seats_left = num("seats_left");
    const std::string s = string_at(j, "state");
    a.state = s == "full" ? State::full : s == "closed" ? State::closed
            : s == "not_open_yet" ? State::not_open_yet : State::open;
    auto w = j.find("waitlist_open");
    a.waitlist_open = w != j.end() && w->is_boolean() && w->get<bool>();
    return a;
}

std::optional<EventEntry> entry_from(const json& j) {
    if (!j.is_object()) return std::nullopt;
    auto ev = j.find("event");
    if (ev == j.end()) return std::nullopt;
    Result<Event> parsed = parse_event(*ev);
    if (!parsed.ok()) return std::nullopt;
    EventEntry entry{std::move(parsed.value), {}};
    if (auto av = j.find("availability"); av != j.end()) entry.availability = availability_from(*av);
    return entry;
}

} // namespace

void App::on_http(int request_id, int status, const std::string& body) {
    if (outbox_answer(request_id, status, body)) return changed(); // a sign-up (app_outbox.cpp)
    auto it = pending_.find(request_id);
    if (it == pending_.end()) return; // an answer nobody waits for any more
    const Purpose purpose = it->second.purpose;
    const std::string subject = std::move(it->second.subject);
    pending_.erase(it);
    if (status == 200 && (purpose == Purpose::list || purpose == Purpose::event)) note_server_time(body);
    switch (purpose) {
    case Purpose::catalog: handle_catalog(subject, status, body); break;
    case Purpose::organisations: handle_organisations(subject, status, body); break;
    case Purpose::list: handle_list(status, body); break;
    case Purpose::event: handle_event(status, body); break;
    case Purpose::submit: handle_submit(status, body); break;
    case Purpose::cancel: handle_cancel(status, body); break;
    }
    changed();
}

void App::handle_list(int status, const std::string& body) {
    json j = parse_json(body);
    auto list = j.is_object() ? j.find("events") : j.end();
    if (status != 200 || !j.is_object() || list == j.end() || !list->is_array()) {
        if (screen_ == Screen::loading) screen_ = Screen::load_error;
        return;
    }
    events_.clear();
    for (const auto& e : *list)
        if (auto entry = entry_from(e)) events_.push_back(std::move(*entry));
    keep_host_events();
    // Visitors come to sign up: events that still take sign-ups first, closed ones last, each
    // group in the server's order (first session first).
    // (stable_sort_small: a std::stable_partition instantiation costs ~1 KB of gzip'd wasm.)
    stable_sort_small(events_.begin(), events_.end(), [](const EventEntry& a, const EventEntry& b) {
        return a.availability.state != State::closed && b.availability.state == State::closed;
    });
    if (screen_ == Screen::loading || screen_ == Screen::load_error) screen_ = Screen::list;
}

// The snippet's data-events: the list keeps only those events (in its own order below). The
// whole list is still fetched: one cacheable URL for every page and for offline use, and only
// the App can tell which ids the server does not know; each of those is named once.
void App::keep_host_events() {
    if (config_.events.empty()) return;
    const auto& wanted = config_.events;
    events_.erase(std::remove_if(events_.begin(), events_.end(),
                                 [&](const EventEntry& e) {
                                     return std::find(wanted.begin(), wanted.end(), e.event.id) == wanted.end();
                                 }),
                  events_.end());
    for (const auto& id : wanted) {
        const bool known = std::any_of(events_.begin(), events_.end(),
                                       [&](const EventEntry& e) { return e.event.id == id; });
        if (!known && unknown_reported_.insert(id).second)
            host_.warn("deltag: data-events names an event the server does not know: " + id);
    }
}

void App::handle_event(int status, const std::string& body) {
    json j = parse_json(body);
    std::optional<EventEntry> entry = status == 200 ? entry_from(j) : std::nullopt;
    if (!entry) {
        if (screen_ == Screen::loading) screen_ = Screen::load_error;
        return;
    }
    bool replaced = false;
    for (auto& e : events_) {
        if (e.event.id == entry->event.id) {
            e = std::move(*entry);
            replaced = true;
            break;
        }
    }
    if (!replaced) events_.push_back(std::move(*entry));
    if (screen_ == Screen::loading || screen_ == Screen::load_error) {
        screen_ = Screen::event;
    }
    // The picker's lists come when the form opens (start_form), not for a visitor who only
    // reads the event: 2-3 KB on the wire a first visit need not pay (issue 13).
    if (screen_ == Screen::form) request_organisations();
}

void App::submit() {
    const EventEntry* e = current();
    if (!e || sending_) return;
    const Form& form = e->event.form;
    json visible = json::object();
    for (const auto& f : form.fields)
        if (answers_.contains(f.id) && is_visible(form, f, answers_)) visible[f.id] = answers_[f.id];
    Validation v = validate(form, visible, lang_);
    errors_.clear();
    for (const auto& f : form.fields) touched_.insert(f.id); // from now on, fixes show at once
    for (const auto& err : v.errors)
        if (!errors_.count(err.field)) errors_[err.field] = err;
    if (!v.ok()) {
        summary_shown_ = true;
        focus_request_ = "s-summary";
        changed();
        return;
    }
    summary_shown_ = false;

    Registration r;
    r.event = e->event.id;
    r.answers = visible;
    r.locale = lang_;
    for (const auto& f : form.fields) {
        auto a = visible.find(f.id);
        if (f.type == FieldType::consent && a != visible.end() && a->is_boolean() && a->get<bool>())
            r.consents[f.id] = f.consent_version;
    }
    r.honeypot = honeypot_;
    // Same answers as the last attempt: same key, so the server can answer a retry from its
    // record instead of registering twice. Changed answers: a new registration, a new key.
    const std::string basis = to_json_text(r);
    if (basis != payload_basis_ || idempotency_key_.empty()) {
        idempotency_key_ = host_.random_key();
        payload_basis_ = basis;
        r.idempotency_key = idempotency_key_;
        r.fill_ms = host_.now_ms() - form_started_ms_;
        payload_ = to_json_text(r);
    }
    send_current();
}

void App::send_current() {
    const EventEntry* e = current();
    if (!e || payload_.empty() || sending_) return;
    // Every sign-up goes through the outbox: one Idempotency-Key, retried until a final answer.
    outbox_submit();
    changed();
}

void App::handle_submit(int status, const std::string& body) {
    sending_ = false;
    status_key_.clear();
    json j = parse_json(body);
    if (!j.is_object()) j = json::object();
    if (status == 200 || status == 201) {
        const std::string s = string_at(j, "status");
        reference_ = string_at(j, "reference");
        cancel_token_ = string_at(j, "cancel_token");
        auto pos = j.find("waitlist_position");
        waitlist_position_ = pos != j.end() && pos->is_number_integer() ? pos->get<int>() : 0;
        const ResultKind kind = s == "waitlisted" ? ResultKind::waitlisted
                              : s == "received"   ? ResultKind::received
                                                  : ResultKind::confirmed;
        show_result(kind);
        json detail = {{"event", current_id_}, {"status", s.empty() ? "confirmed" : s}, {"reference", reference_}};
        host_.emit("deltag:registered", detail.dump());
        payload_.clear();
        payload_basis_.clear();
        idempotency_key_.clear();
        return;
    }
    if (status == 422) {
        errors_.clear();
        auto list = j.find("errors");
        if (list != j.end() && list->is_array()) {
            for (const auto& e : *list) {
                if (!e.is_object()) continue;
                Error err{string_at(e, "field"), string_at(e, "code"), {}};
                if (auto p = e.find("params"); p != e.end() && p->is_object())
                    for (auto it = p->begin(); it != p->end(); ++it)
                        if (it->is_string()) err.params[it.key()] = it->get<std::string>();
                if (!errors_.count(err.field)) errors_[err.field] = err;
            }
        }
        if (errors_.empty()) errors_[""] = Error{"", "payload.malformed", {}};
        // The server holds another payload under this key (a sign-up that went through with
        // other answers): the next send is a new sign-up, with a new key, which the server's
        // duplicate rules then judge. The same key again would be refused forever.
        if (errors_.count("idempotency_key")) {
            idempotency_key_.clear();
            payload_basis_.clear();
        }
        summary_shown_ = true;
        screen_ = Screen::form;
        focus_request_ = "s-summary";
        return;
    }
    if (status == 409) {
        const std::string code = string_at(j, "code");
        result_code_ = code;
        show_result(code == "registration.full"           ? ResultKind::full
                    : code == "registration.duplicate"    ? ResultKind::duplicate
                    : code == "registration.not_open_yet" ? ResultKind::not_open_yet
                                                          : ResultKind::closed);
        return;
    }
    // 0 (offline, timeout), 429, 5xx and anything else: keep the payload, offer a retry.
    result_code_ = status == 0 ? "network" : status == 429 ? "rate_limited" : "server";
    show_result(ResultKind::error);
}

void App::show_result(ResultKind kind) {
    screen_ = Screen::result;
    result_ = kind;
    focus_request_ = "h-result";
}

void App::cancel_registration() {
    if (reference_.empty() || cancel_token_.empty()) return;
    const int rid = next_request_++;
    pending_[rid] = {Purpose::cancel, {}};
    json body = {{"token", cancel_token_}};
    host_.http(rid, "POST", config_.api + "/registrations/" + reference_ + "/cancel",
               json{{"Content-Type", "application/json"}}.dump(), body.dump());
    status_key_ = "widget.status.cancelling";
    status_assertive_ = false;
}

void App::handle_cancel(int status, const std::string&) {
    status_key_.clear();
    if (status == 200 || status == 204) {
        show_result(ResultKind::cancelled);
        return;
    }
    status_key_ = "widget.status.cancel_failed";
    status_assertive_ = true;
}

void App::download_ics(const std::string& session_id) {
    const EventEntry* e = current();
    if (!e) return;
    for (const auto& s : e->event.sessions) {
        if (s.id != session_id) continue;
        const std::string uid = (reference_.empty() ? e->event.id : reference_) + "-" + s.id + "@deltag";
        const std::string ics = make_ics(e->event, s, lang_, uid, now_s());
        host_.download(e->event.id + (e->event.sessions.size() > 1 ? "-" + s.id : "") + ".ics",
                       "text/calendar", ics);
        return;
    }
}

} // namespace deltag::widget
