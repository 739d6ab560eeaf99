// The outbox's rules: which answers are final, when to retry, what may be persisted.
// Standard library, nlohmann/json and core headers only; never throws on stored or server text.
#include "outbox.hpp"
#include "deltag/json_text.hpp"
#include "deltag/small_sort.hpp"

#include <algorithm>
#include <utility>

namespace deltag::widget {

using nlohmann::json;

namespace {

json parse_quiet(std::string_view text) {
    return parse_json(text);
}

std::string string_member(const json& j, const char* name) {
    if (!j.is_object()) return {};
    auto it = j.find(name);
    if (it == j.end() || !it->is_string()) return {};
    return it->get_ref<const std::string&>();
}

std::optional<std::int64_t> int_member(const json& j, const char* name) {
    auto it = j.find(name);
    if (it == j.end() || !it->is_number_integer()) return std::nullopt;
    return it->get<std::int64_t>();
}

bool is_retryable(int status, const json& body) {
    if (status == 0 || status == 408 || status == 429 || status >= 500) return true;
    // The server answers 409 for refusals of the sign-up itself ("registration.closed", ...)
    // and, per the Idempotency-Key draft, for a retry while the first request is in progress.
    if (status == 409) return string_member(body, "code").rfind("registration.", 0) != 0;
    return false;
}

// The code that names a final refusal: the body's "code", or the first 422 error's code.
std::string refusal_code(int status, const json& body) {
    std::string code = string_member(body, "code");
    if (!code.empty()) return code;
    if (body.is_object()) {
        auto errors = body.find("errors");
        if (errors != body.end() && errors->is_array() && !errors->empty()) {
            code = string_member(errors->front(), "code");
            if (!code.empty()) return code;
        }
    }
    return "http." + std::to_string(status);
}

std::string retry_code(int status) {
    if (status == 0) return "network.unreachable";
    if (status == 408) return "network.timeout";
    if (status == 429) return "network.rate_limited";
    return "network.server_error";
}

bool answer_is_empty(const json& v) {
    if (v.is_null()) return true;
    if (v.is_string()) return v.get_ref<const std::string&>().empty();
    if (v.is_boolean()) return !v.get<bool>();
    if (v.is_array() || v.is_object()) return v.empty();
    return false;
}

} // namespace

const char* to_string(EntryState s) {
    switch (s) {
    case EntryState::queued: return "queued";
    case EntryState::sending: return "sending";
    case EntryState::done: return "done";
    case EntryState::failed_final: return "failed_final";
    }
    return "queued";
}

bool is_valid_idempotency_key(std::string_view key) {
    if (key.size() < 16 || key.size() > 64) return false;
    return std::all_of(key.begin(), key.end(), [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
               c == '_' || c == '-';
    });
}

bool answers_persistable(const Form& form, const json& answers) {
    if (!answers.is_object()) return true;
    for (const Field& f : form.fields) {
        if (!f.sensitive) continue;
        auto it = answers.find(f.id);
        if (it != answers.end() && !answer_is_empty(*it)) return false;
    }
    return true;
}

json draft_for_storage(const Form& form, const json& answers) {
    json out = json::object();
    if (!answers.is_object()) return out;
    for (auto it = answers.begin(); it != answers.end(); ++it) {
        const Field* field = nullptr;
        for (const Field& f : form.fields)
            if (f.id == it.key()) field = &f;
        // Unknown keys are dropped too: only what the form asks for is ever stored.
        if (field && !field->sensitive) out[it.key()] = it.value();
    }
    return out;
}

Outbox::Outbox(Random random, OutboxPolicy policy)
    : random_(std::move(random)), policy_(policy) {}

bool Outbox::add(std::string key, std::string event_id, std::string payload, Millis now,
                 Millis expires, bool persistable) {
    if (!is_valid_idempotency_key(key) || find(key)) return false;
    OutboxEntry e;
    e.key = std::move(key);
    e.event_id = std::move(event_id);
    e.payload = std::move(payload);
    e.created = now;
    e.expires = expires;
    e.next_attempt = now;
    e.persistable = persistable;
    event_ids_.insert(e.event_id);
    entries_.push_back(std::move(e));
    return true;
}

std::vector<std::string> Outbox::take_due(Millis now) {
    int in_flight = 0;
    for (OutboxEntry& e : entries_) {
        if (e.state != EntryState::sending) continue;
        if (now - e.sent_at >= policy_.send_timeout) {
            e.last = OutboxResult{0, "", "network.timeout", ""};
            schedule_retry(e, now, std::nullopt);
        } else {
            ++in_flight;
        }
    }
    // Oldest first, so a kiosk sends sign-ups in the order people made them.
    std::vector<OutboxEntry*> due;
    for (OutboxEntry& e : entries_)
        if (e.state == EntryState::queued && e.next_attempt <= now) due.push_back(&e);
    stable_sort_small(due.begin(), due.end(), [](const OutboxEntry* a, const OutboxEntry* b) {
        return a->created < b->created;
    });
    std::vector<std::string> keys;
    for (OutboxEntry* e : due) {
        if (in_flight >= policy_.max_in_flight) break;
        e->state = EntryState::sending;
        e->sent_at = now;
        ++e->attempts;
        ++in_flight;
        keys.push_back(e->key);
    }
    return keys;
}

AnswerKind Outbox::on_answer(std::string_view key, int http_status, std::string_view body,
                             Millis now, std::optional<int> retry_after_seconds) {
    OutboxEntry* e = find_mut(key);
    if (!e || e->final()) return AnswerKind::ignored;
    const json parsed = parse_quiet(body);
    if (is_retryable(http_status, parsed)) {
        // A late failure for an attempt we already gave up on changes nothing.
        if (e->state != EntryState::sending) return AnswerKind::ignored;
        if (!retry_after_seconds) {
            if (auto from_body = int_member(parsed.is_object() ? parsed : json::object(),
                                            "retry_after"))
                retry_after_seconds = static_cast<int>(std::clamp<std::int64_t>(*from_body, 0, 86400));
        }
        e->last = OutboxResult{http_status, "", retry_code(http_status), std::string(body)};
        if (http_status == 409) e->last.code = string_member(parsed, "code");
        schedule_retry(*e, now, retry_after_seconds);
        return AnswerKind::retry;
    }
    // Final answers count even when they arrive after a local timeout requeued the entry.
    e->last.http_status = http_status;
    e->last.body = std::string(body);
    if (http_status >= 200 && http_status < 300) {
        e->state = EntryState::done;
        e->last.status = string_member(parsed, "status");
        e->last.code.clear();
        return AnswerKind::done;
    }
    e->state = EntryState::failed_final;
    e->last.status.clear();
    e->last.code = refusal_code(http_status, parsed);
    return AnswerKind::failed_final;
}

void Outbox::on_online(Millis now) {
    for (OutboxEntry& e : entries_)
        if (e.state == EntryState::queued) e.next_attempt = std::min(e.next_attempt, now);
}

void Outbox::retry_now(std::string_view key, Millis now) {
    OutboxEntry* e = find_mut(key);
    if (e && e->state == EntryState::queued) e->next_attempt = std::min(e->next_attempt, now);
}

std::vector<std::string> Outbox::expire(Millis now) {
    std::vector<std::string> changed;
    for (OutboxEntry& e : entries_) {
        if (e.state != EntryState::queued || e.attempts > 0 || now < e.expires) continue;
        e.state = EntryState::failed_final;
        e.last = OutboxResult{0, "", "outbox.expired", ""};
        changed.push_back(e.key);
    }
    return changed;
}

bool Outbox::remove(std::string_view key) {
    auto it = std::find_if(entries_.begin(), entries_.end(),
                           [&](const OutboxEntry& e) { return e.key == key; });
    if (it == entries_.end()) return false;
    entries_.erase(it);
    return true;
}

const OutboxEntry* Outbox::find(std::string_view key) const {
    for (const OutboxEntry& e : entries_)
        if (e.key == key) return &e;
    return nullptr;
}

OutboxEntry* Outbox::find_mut(std::string_view key) {
    for (OutboxEntry& e : entries_)
        if (e.key == key) return &e;
    return nullptr;
}

int Outbox::pending(std::string_view event_id) const {
    return static_cast<int>(std::count_if(entries_.begin(), entries_.end(), [&](const auto& e) {
        return e.event_id == event_id && !e.final();
    }));
}

std::optional<Millis> Outbox::next_wakeup() const {
    std::optional<Millis> next;
    auto consider = [&](Millis t) { next = next ? std::min(*next, t) : t; };
    for (const OutboxEntry& e : entries_) {
        if (e.state == EntryState::queued) consider(e.next_attempt);
        if (e.state == EntryState::sending) consider(e.sent_at + policy_.send_timeout);
    }
    return next;
}

Millis Outbox::backoff(int attempts) {
    // Full jitter (a uniform delay below an exponentially growing cap) spreads the retries of
    // many visitors who all come back online at the same moment.
    Millis cap = policy_.base_delay;
    for (int i = 1; i < attempts && cap < policy_.max_delay; ++i) cap *= 2;
    cap = std::min(cap, policy_.max_delay);
    const Millis window = std::max<Millis>(cap - policy_.min_delay, 0);
    const Millis jitter = window > 0 ? static_cast<Millis>(random_() % (window + 1)) : 0;
    return policy_.min_delay + jitter;
}

void Outbox::schedule_retry(OutboxEntry& e, Millis now, std::optional<int> retry_after_seconds) {
    Millis delay = backoff(e.attempts);
    if (retry_after_seconds) delay = std::max<Millis>(delay, Millis{*retry_after_seconds} * 1000);
    e.state = EntryState::queued;
    e.next_attempt = now + delay;
}

std::string Outbox::serialise(std::string_view event_id, Millis now) const {
    json list = json::array();
    for (const OutboxEntry& e : entries_) {
        if (e.final() || !e.persistable || now >= e.expires) continue;
        if (!event_id.empty() && e.event_id != event_id) continue;
        list.push_back({{"key", e.key},
                        {"event", e.event_id},
                        {"payload", e.payload},
                        {"created", e.created},
                        {"expires", e.expires},
                        {"attempts", e.attempts}});
    }
    json doc = {{"v", 1}, {"entries", std::move(list)}};
    return doc.dump(-1, ' ', false, json::error_handler_t::replace);
}

int Outbox::restore(std::string_view text, Millis now) {
    const json doc = parse_quiet(text);
    if (!doc.is_object() || int_member(doc, "v") != std::optional<std::int64_t>{1}) return 0;
    auto list = doc.find("entries");
    if (list == doc.end() || !list->is_array()) return 0;
    int added = 0;
    for (const json& item : *list) {
        if (!item.is_object()) continue;
        const std::string key = string_member(item, "key");
        const std::string event = string_member(item, "event");
        const std::string payload = string_member(item, "payload");
        const auto created = int_member(item, "created");
        const auto expires = int_member(item, "expires");
        const auto attempts = int_member(item, "attempts");
        if (event.empty() || payload.empty() || !created || !expires || !attempts) continue;
        if (!add(key, event, payload, now, *expires)) continue;
        OutboxEntry& e = entries_.back();
        e.created = *created;
        e.attempts = static_cast<int>(std::clamp<std::int64_t>(*attempts, 0, 1000000));
        ++added;
    }
    // Registration closed while the page was away: tell the visitor instead of dropping it.
    expire(now);
    return added;
}

} // namespace deltag::widget

