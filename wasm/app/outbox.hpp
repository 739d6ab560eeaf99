// The widget's outbox: sign-ups waiting to be sent, retried with backoff and jitter until a
// final answer. Plain C++ over the core types: no emscripten, no ImGui, no clock or RNG of its own.
#pragma once
#include "deltag/form.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace deltag::widget {

// Unix time in milliseconds, as the page's Date.now() gives it. The outbox never reads a clock.
using Millis = std::int64_t;

// queued: waiting for its next attempt; sending: a request is in flight;
// done: the server accepted it (2xx); failed_final: a final refusal or a local outcome
// (expired before it could be sent). A final state is never left again.
enum class EntryState { queued, sending, done, failed_final };
const char* to_string(EntryState s);

// The last answer, as the App needs it to tell the visitor.
struct OutboxResult {
    int http_status = 0;     // 0: no answer yet, or a network error / timeout
    std::string status;      // 2xx: "confirmed" | "waitlisted" | "received"
    std::string code;        // refusals: "registration.closed", "payload.malformed", the first
                             // 422 error's code; local: "outbox.expired"; retries: "network.*"
    std::string body;        // the server's JSON text (reference, cancel_token, errors, ...)
};

struct OutboxEntry {
    std::string key;         // the Idempotency-Key: the same on every retry (exactly-once)
    std::string event_id;
    std::string payload;     // the registration JSON text (to_json_text), sent as is
    Millis created = 0;
    Millis expires = 0;      // when the event's registration closes
    int attempts = 0;        // requests started
    Millis next_attempt = 0;
    Millis sent_at = 0;      // start of the request in flight
    EntryState state = EntryState::queued;
    OutboxResult last;
    bool persistable = true; // false: holds special-category answers; never leaves memory
    bool final() const { return state == EntryState::done || state == EntryState::failed_final; }
};

struct OutboxPolicy {
    Millis min_delay = 250;          // floor of a retry delay, so a flaky link never spins
    Millis base_delay = 1000;        // cap of the first retry's jitter window, doubled per attempt
    Millis max_delay = 5 * 60 * 1000;
    Millis send_timeout = 45 * 1000; // an answer that never comes counts as a network error
    int max_in_flight = 2;           // gentle on the server's per-address rate limit (kiosk)
};

// What on_answer decided.
enum class AnswerKind { ignored, retry, done, failed_final };

class Outbox {
  public:
    using Random = std::function<std::uint32_t()>; // uniform 32-bit values, for the jitter

    explicit Outbox(Random random, OutboxPolicy policy = {});

    // Queues a sign-up, due at once. Returns false and adds nothing when an entry with this key
    // exists (a second click on submit reuses the submission's key) or the key is malformed
    // (16..64 of [A-Za-z0-9_-], the server's rule).
    bool add(std::string key, std::string event_id, std::string payload, Millis now,
             Millis expires, bool persistable = true);

    // Entries to send now: marks them sending and counts the attempt. At most
    // max_in_flight requests at once. A request silent for send_timeout is retried.
    // Send entry.payload with the header Idempotency-Key: entry.key.
    std::vector<std::string> take_due(Millis now);

    // The server's (or the network's) answer for `key`. 2xx is done; 409 registration.*,
    // 400, 413, 415, 422 and other 4xx are final; 0 (network error), 408, 429, 5xx and a 409
    // that is not about the registration (idempotent request still in progress) are retried
    // with exponential backoff and full jitter, never sooner than Retry-After (the header value
    // if the bridge passes it, else a "retry_after" number in the body).
    AnswerKind on_answer(std::string_view key, int http_status, std::string_view body, Millis now,
                         std::optional<int> retry_after_seconds = std::nullopt);

    // The browser came online: every queued entry is due now.
    void on_online(Millis now);
    // The visitor asked to try again: this entry is due now (if it is waiting).
    void retry_now(std::string_view key, Millis now);

    // Registration closed while an entry waited (offline): it becomes failed_final with
    // "outbox.expired" so the visitor is told, never dropped silently. Only entries that
    // never reached the network; one that was sent may have arrived, so it is kept and sent
    // again when online (the same key returns the stored result, or 409 registration.closed).
    // Returns the keys that changed.
    std::vector<std::string> expire(Millis now);

    // Removes an entry (the App showed its final result, the visitor deleted saved answers).
    bool remove(std::string_view key);
    const OutboxEntry* find(std::string_view key) const;
    const std::vector<OutboxEntry>& entries() const { return entries_; }
    // Entries not yet final for one event.
    int pending(std::string_view event_id) const;
    // When the App should wake up to retry (earliest queued next_attempt, or a send timeout).
    std::optional<Millis> next_wakeup() const;
    // Every event id this outbox has held, so storage can rewrite or remove its keys.
    const std::set<std::string>& event_ids() const { return event_ids_; }

    // Persistence as JSON text: only not-final, persistable, unexpired entries of `event_id`
    // (all events when empty). "sending" is written as queued: its answer is lost with the page.
    std::string serialise(std::string_view event_id, Millis now) const;
    // Adds the entries of serialise()'s text; malformed entries and known keys are skipped.
    // Entries whose registration closed meanwhile come back failed_final "outbox.expired"
    // (if never sent) so the App tells the visitor. Returns the number added.
    int restore(std::string_view text, Millis now);

  private:
    OutboxEntry* find_mut(std::string_view key);
    Millis backoff(int attempts);
    void schedule_retry(OutboxEntry& e, Millis now, std::optional<int> retry_after_seconds);

    Random random_;
    OutboxPolicy policy_;
    std::vector<OutboxEntry> entries_;
    std::set<std::string> event_ids_;
};

// The Idempotency-Key grammar the server enforces: 16..64 of [A-Za-z0-9_-].
bool is_valid_idempotency_key(std::string_view key);

// Whether answers may be stored on the device: false when any answer to a field marked
// sensitive (special-category data, GDPR art. 9) is non-empty. Such sign-ups stay in memory.
bool answers_persistable(const Form& form, const nlohmann::json& answers);

// A draft as it may be stored: the answers without any sensitive field.
nlohmann::json draft_for_storage(const Form& form, const nlohmann::json& answers);

} // namespace deltag::widget
