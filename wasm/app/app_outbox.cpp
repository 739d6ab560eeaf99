// The App's offline side (issue #6): every sign-up goes through the outbox (one Idempotency-Key,
// retried with backoff until a final answer), drafts and the outbox on the device only after the
// visitor opts in, and the kiosk's queue. Core, std and Host only (runs headless in tests).
#include "app.hpp"
#include "json_util.hpp"
#include "view_model.hpp"

#include "deltag/catalog.hpp"
#include "deltag/json_text.hpp"
#include "deltag/registration.hpp"
#include "deltag/time.hpp"

namespace deltag::widget {

using nlohmann::json;

namespace {

// Folds a CSPRNG key into 32 bits for the retry jitter (FNV-1a).
std::uint32_t fold(const std::string& s) {
    std::uint32_t h = 2166136261u;
    for (unsigned char c : s) h = (h ^ c) * 16777619u;
    return h;
}


// What App::submit compares to decide whether answers changed: the payload without its key
// and fill time. So the same answers submitted again after a reload reuse the stored key.
std::string payload_basis_of(const std::string& payload) {
    Result<Registration> r = parse_registration(payload);
    if (!r.ok()) return {};
    r.value.idempotency_key.clear();
    r.value.fill_ms.reset();
    return to_json_text(r.value);
}

// "09:42" in Swedish/Danish local time: kiosk rows only need the time of day.
std::string local_clock(std::int64_t ms) {
    const UnixTime t = ms / 1000;
    return format_iso8601(t, central_european_offset_minutes(t)).substr(11, 5);
}

} // namespace

std::uint32_t App::outbox_random() { return fold(host_.random_key()); }

// Reads the opt-in and, with it, what a previous visit left in the outbox.
void App::outbox_start() {
    if (outbox_started_) return;
    outbox_started_ = true;
    KeyValueStore* store = config_.kiosk ? nullptr : host_.device_store();
    if (store) device_ = std::make_unique<DeviceStorage>(*store);
    if (device_ && device_->keep()) {
        const std::int64_t now = host_.now_ms();
        device_->load_outbox(outbox_, config_.event, now);
        for (const OutboxEntry& e : outbox_.entries()) {
            // The visitor's own earlier sign-up: show it as waiting, and its result when it comes.
            if (e.event_id != config_.event || !idempotency_key_.empty()) continue;
            idempotency_key_ = e.key;
            payload_ = e.payload;
            payload_basis_ = payload_basis_of(e.payload);
            status_key_ = e.final() ? "" : "widget.offline.queued";
        }
        for (const OutboxEntry& e : outbox_.entries())
            if (e.final()) outbox_final_pending_.push_back(e.key); // expired while away: tell them
    }
    // Not now: the page tells the App whether it is online right after creating it, and a
    // restored sign-up must not be sent by a page that is offline (on_timer pumps).
    if (!outbox_.entries().empty()) host_.wake_after(0);
}

void App::outbox_submit() {
    const EventEntry* e = current();
    if (!e || payload_.empty() || idempotency_key_.empty()) return;
    const std::int64_t now = host_.now_ms();
    const bool persistable = answers_persistable(e->event.form, answers_);
    // The same submission again ("Try again", the same answers submitted twice) reuses its key
    // and its entry: the outbox never holds two entries for one sign-up.
    const bool added = outbox_.add(idempotency_key_, e->event.id, payload_, now,
                                   e->event.closes_utc * 1000, persistable);
    if (!added && !outbox_.find(idempotency_key_)) return;
    if (!added) outbox_.retry_now(idempotency_key_, now);
    if (config_.kiosk && added) {
        kiosk_rows_.push_back(KioskRow{idempotency_key_, ++kiosk_count_, now, "queued", ""});
        next_person();
    } else if (online_) {
        sending_ = true;
        status_key_ = "widget.status.sending";
        status_assertive_ = false;
        if (screen_ == Screen::result) screen_ = Screen::form; // a retry shows the form as "sending"
    } else {
        show_queued("network");
    }
    outbox_pump();
    outbox_changed();
}

// The sign-up waits in the outbox: the result screen says why and that it will be sent, the
// status region says "saved, will be sent when you are online", and "Try again" stays possible.
void App::show_queued(const std::string& reason) {
    sending_ = false;
    result_code_ = reason;
    show_result(ResultKind::error);
    status_key_ = "widget.offline.queued";
    status_assertive_ = false;
}

// Everything one person typed, and the key their sign-up was sent with: "register another
// person" and the kiosk's next person both start from here.
void App::clear_form() {
    answers_ = json::object();
    touched_.clear();
    errors_.clear();
    summary_shown_ = false;
    org_query_.clear();
    org_other_.clear();
    org_open_.clear();
    honeypot_.clear();
    idempotency_key_.clear();
    payload_.clear();
    payload_basis_.clear();
}

// Kiosk: the form is empty for the next person at once; nothing of the last one stays visible.
void App::next_person() {
    clear_form();
    sending_ = false;
    form_started_ms_ = host_.now_ms();
    screen_ = Screen::form;
    focus_request_ = "h-form";
    status_key_ = "widget.kiosk.next";
    status_assertive_ = false;
}

void App::outbox_pump() {
    const std::int64_t now = host_.now_ms();
    if (!online_) {
        // Registration closed while waiting offline: say so now rather than never.
        for (const std::string& key : outbox_.expire(now)) outbox_final(key);
    } else {
        for (const std::string& key : outbox_.take_due(now)) {
            const OutboxEntry* e = outbox_.find(key);
            const int rid = next_request_++;
            outbox_requests_[rid] = key;
            const json headers = {{"Content-Type", "application/json"}, {"Idempotency-Key", key}};
            host_.http(rid, "POST", config_.api + "/events/" + e->event_id + "/registrations",
                       headers.dump(), e->payload);
            if (config_.kiosk) set_kiosk_row(key, "sending", "");
        }
    }
    for (const std::string& key : outbox_final_pending_) outbox_final(key);
    outbox_final_pending_.clear();
    schedule_wake(now);
}

// One timer for the earliest thing the outbox waits for: a retry (online) or a deadline (offline).
void App::schedule_wake(std::int64_t now) {
    std::optional<std::int64_t> at;
    if (online_) {
        at = outbox_.next_wakeup();
    } else {
        for (const OutboxEntry& e : outbox_.entries())
            if (!e.final() && e.attempts == 0) at = at ? std::min(*at, e.expires) : e.expires;
    }
    if (!at || *at <= now) return; // due now: the next answer pumps again
    if (wake_at_ > now && wake_at_ <= *at) return; // an earlier timer is already set
    wake_at_ = *at;
    host_.wake_after(*at - now);
}

void App::on_timer() {
    wake_at_ = 0;
    outbox_pump();
    outbox_changed();
    changed();
}

bool App::outbox_answer(int request_id, int status, const std::string& body) {
    auto it = outbox_requests_.find(request_id);
    if (it == outbox_requests_.end()) return false;
    const std::string key = it->second;
    outbox_requests_.erase(it);
    const AnswerKind kind = outbox_.on_answer(key, status, body, host_.now_ms());
    if (kind == AnswerKind::retry) {
        if (config_.kiosk) {
            set_kiosk_row(key, "queued", "");
        } else if (key == idempotency_key_) {
            show_queued(status == 0 ? "network" : status == 429 ? "rate_limited" : "server");
        }
    } else if (kind == AnswerKind::done || kind == AnswerKind::failed_final) {
        outbox_final(key);
    }
    outbox_pump();
    outbox_changed();
    return true;
}

// A final answer (or a local expiry): tell the visitor, then forget the entry.
void App::outbox_final(const std::string& key) {
    const OutboxEntry* e = outbox_.find(key);
    if (!e) return;
    const OutboxResult last = e->last;
    if (config_.kiosk) {
        const std::string state = e->state == EntryState::done ? "done" : "failed";
        set_kiosk_row(key, state, e->state == EntryState::done ? last.status : last.code);
        if (last.code == "outbox.expired") {
            status_key_ = "widget.offline.expired";
            status_assertive_ = true;
        }
    } else if (key == idempotency_key_) {
        if (last.code == "outbox.expired") {
            sending_ = false;
            result_code_ = last.code;
            show_result(ResultKind::closed);
            status_key_ = "widget.offline.expired";
            status_assertive_ = true;
        } else {
            handle_submit(last.http_status, last.body);
            // The result is also said in the status region (WCAG 4.1.3), not only by moving
            // focus: after a wait in the outbox the visitor may be anywhere on the page.
            if (screen_ == Screen::result) {
                status_key_ = result_heading_key();
                status_assertive_ = false;
            }
        }
    }
    outbox_.remove(key);
}

std::string App::result_heading_key() const {
    switch (result_) {
    case ResultKind::confirmed: return "widget.result.confirmed";
    case ResultKind::waitlisted: return "widget.result.waitlisted";
    case ResultKind::received: return "widget.result.received";
    case ResultKind::closed: return "widget.result.closed";
    case ResultKind::full: return "widget.result.full";
    case ResultKind::duplicate: return "widget.result.duplicate";
    case ResultKind::not_open_yet: return "widget.result.not_open_yet";
    case ResultKind::cancelled: return "widget.result.cancelled";
    case ResultKind::error: return "widget.result.error";
    }
    return "widget.result.error";
}

// After every outbox change: the device copy (with the opt-in) and the kiosk's list.
void App::outbox_changed() {
    if (device_) device_->save_outbox(outbox_, host_.now_ms());
    if (config_.kiosk) emit_kiosk_rows();
}

void App::set_kiosk_row(const std::string& key, const std::string& state, const std::string& detail) {
    for (KioskRow& r : kiosk_rows_) {
        if (r.key != key) continue;
        r.state = state;
        r.detail = detail;
    }
}

void App::emit_kiosk_rows() {
    json rows = json::array();
    int waiting = 0;
    for (const KioskRow& r : kiosk_rows_) {
        std::string text;
        if (r.state == "queued" || r.state == "sending") {
            ++waiting;
            text = message(lang_, "widget.kiosk.state." + r.state);
        } else if (r.state == "done") {
            text = message(lang_, "widget.result." + (r.detail.empty() ? std::string("confirmed") : r.detail));
        } else {
            text = message(lang_, "widget.kiosk.state.failed",
                           {{"reason", r.detail == "outbox.expired" ? message(lang_, "widget.offline.expired")
                                                                   : message(lang_, r.detail)}});
        }
        rows.push_back({{"id", r.number},
                        {"label", message(lang_, "widget.kiosk.entry",
                                          {{"n", std::to_string(r.number)}, {"time", local_clock(r.created)}})},
                        {"state", r.state},
                        {"text", text}});
    }
    const std::string summary =
        waiting == 0 ? message(lang_, "widget.kiosk.all_sent")
                     : message(lang_, online_ ? "widget.kiosk.waiting" : "widget.kiosk.waiting_offline",
                               {{"n", std::to_string(waiting)}});
    const json detail = {{"title", message(lang_, "widget.kiosk.queue_title")},
                         {"summary", summary},
                         {"entries", std::move(rows)}};
    host_.emit("deltag:outbox", detail.dump(-1, ' ', false, json::error_handler_t::replace));
}

void App::outbox_online(bool online) {
    if (!online) {
        outbox_pump(); // schedules the deadline timer
        return;
    }
    outbox_.on_online(host_.now_ms());
    if (screen_ == Screen::load_error) init(); // the event could not load offline: try again
    outbox_pump();
    outbox_changed();
}

// [SECTION] Storage with consent --------------------------------------------------------------

void App::set_keep_on_device(bool keep) {
    if (!device_) return;
    device_->set_keep(keep);
    if (keep) {
        outbox_changed();
        save_draft();
    }
    status_key_ = keep ? "widget.offline.kept" : "widget.offline.forgotten";
    status_assertive_ = false;
    changed();
}

void App::forget_device() {
    if (!device_) return;
    device_->delete_all();
    saved_draft_.clear();
    status_key_ = "widget.offline.forgotten";
    status_assertive_ = false;
    changed();
}

void App::save_draft() {
    const EventEntry* e = current();
    // Only once this event's stored draft was read (start_form): never overwrite it with the
    // empty answers of a page that has not reached the form yet.
    if (!device_ || !device_->keep() || !e || config_.kiosk || draft_event_ != e->event.id) return;
    const std::string now_text = answers_.dump(-1, ' ', false, json::error_handler_t::replace);
    if (now_text == saved_draft_) return;
    saved_draft_ = now_text;
    device_->save_draft(e->event.id, e->event.form, answers_, e->event.closes_utc * 1000, host_.now_ms());
}

void App::load_draft() {
    const EventEntry* e = current();
    if (!e || draft_event_ == e->event.id) return;
    draft_event_ = e->event.id;
    if (!device_ || !answers_.empty() || config_.kiosk) return;
    if (auto draft = device_->load_draft(e->event.id, host_.now_ms())) {
        answers_ = *draft;
        saved_draft_ = answers_.dump(-1, ' ', false, json::error_handler_t::replace);
    }
}

// The server's clock at the last good answer: what availability shown offline dates from.
void App::note_server_time(const std::string& body) {
    const std::string t = string_at(parse_json(body), "server_time");
    if (!t.empty()) data_as_of_ = t;
}

// [SECTION] What the visitor sees ----------------------------------------------------------------

void ViewBuilder::offline_notice() {
    if (app.online_ || app.data_as_of_.empty()) return;
    add("t-offline", Role::text,
        t("widget.offline.as_of", {{"time", app.when_text(app.data_as_of_, "")}}),
        Look::small);
}

void ViewBuilder::offline_controls() {
    if (!app.device_ || app.config_.kiosk) return;
    Item& keep = add("c-keep", Role::checkbox, t("widget.offline.keep"));
    keep.checked = app.device_->keep();
    keep.has_checked = true;
    keep.help = t("widget.offline.keep_help");
    if (app.device_->keep() || app.device_->has_saved_data())
        button("b-forget", t("widget.offline.forget"), "forget", Look::secondary);
}

} // namespace deltag::widget
