// The outbox and consent-gated storage, with a fake clock, a fake random source and a fake
// transport (answers are fed in by hand): exactly-once keys, retries, expiry, persistence.
#include "outbox.hpp"
#include "storage.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace deltag;
using namespace deltag::widget;
using nlohmann::json;

namespace {

constexpr Millis t0 = 1'780'000'000'000; // a fixed "now" in Unix milliseconds
constexpr Millis closes = t0 + 24 * 3600 * 1000;
const std::string key_a = "key-aaaaaaaaaaaaaaaa";
const std::string key_b = "key-bbbbbbbbbbbbbbbb";
const std::string key_c = "key-cccccccccccccccc";

// Returns the same value every time: jitter becomes predictable.
Outbox::Random fixed_random(std::uint32_t value) {
    return [value] { return value; };
}

Outbox make_outbox(std::uint32_t random_value = 0, OutboxPolicy policy = {}) {
    return Outbox(fixed_random(random_value), policy);
}

Form sensitive_form() {
    Form form;
    form.id = "reference-group";
    Field name;
    name.id = "name";
    Field criteria;
    criteria.id = "criteria";
    criteria.type = FieldType::checkbox_group;
    criteria.sensitive = true;
    Field story;
    story.id = "story";
    story.type = FieldType::textarea;
    story.sensitive = true;
    form.fields = {name, criteria, story};
    return form;
}

} // namespace

TEST_SUITE("outbox") {

TEST_CASE("a new sign-up is due at once and is sent with its own key") {
    Outbox box = make_outbox();
    REQUIRE(box.add(key_a, "webinar", "{\"event\":\"webinar\"}", t0, closes));
    const auto due = box.take_due(t0);
    REQUIRE(due.size() == 1);
    CHECK(due[0] == key_a);
    const OutboxEntry* e = box.find(key_a);
    REQUIRE(e);
    CHECK(e->state == EntryState::sending);
    CHECK(e->attempts == 1);
    CHECK(e->payload == "{\"event\":\"webinar\"}");
}

TEST_CASE("a second submit with the same key adds nothing (double click)") {
    Outbox box = make_outbox();
    CHECK(box.add(key_a, "webinar", "{}", t0, closes));
    CHECK_FALSE(box.add(key_a, "webinar", "{}", t0 + 5, closes));
    CHECK(box.entries().size() == 1);
    CHECK(box.take_due(t0 + 5).size() == 1);
    CHECK(box.take_due(t0 + 6).empty()); // in flight: not sent twice
}

TEST_CASE("a malformed idempotency key is refused") {
    Outbox box = make_outbox();
    for (const char* key : {"", "short", "has space in it 123", "ümlaut-aaaaaaaaaaaaa",
                            "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"}) {
        CAPTURE(key);
        CHECK_FALSE(box.add(key, "webinar", "{}", t0, closes));
    }
    CHECK(box.entries().empty());
    CHECK(is_valid_idempotency_key("abcdefghijklmnop"));
    CHECK(is_valid_idempotency_key(std::string(64, 'Z')));
}

TEST_CASE("answers are classified as final or retried") {
    struct Case {
        int status;
        const char* body;
        AnswerKind kind;
        EntryState state;
        const char* code;
    };
    const std::vector<Case> cases = {
        {201, R"({"status":"confirmed","reference":"R1"})", AnswerKind::done, EntryState::done, ""},
        {201, R"({"status":"waitlisted","waitlist_position":3})", AnswerKind::done, EntryState::done, ""},
        {200, "not json", AnswerKind::done, EntryState::done, ""},
        {409, R"({"code":"registration.closed"})", AnswerKind::failed_final, EntryState::failed_final, "registration.closed"},
        {409, R"({"code":"registration.full"})", AnswerKind::failed_final, EntryState::failed_final, "registration.full"},
        {409, R"({"code":"registration.duplicate"})", AnswerKind::failed_final, EntryState::failed_final, "registration.duplicate"},
        {422, R"({"errors":[{"field":"email","code":"email.invalid","params":{}}]})", AnswerKind::failed_final, EntryState::failed_final, "email.invalid"},
        {400, R"({"code":"payload.malformed"})", AnswerKind::failed_final, EntryState::failed_final, "payload.malformed"},
        {413, "", AnswerKind::failed_final, EntryState::failed_final, "http.413"},
        {415, R"({"code":"payload.content_type"})", AnswerKind::failed_final, EntryState::failed_final, "payload.content_type"},
        {404, R"({"code":"event.not_found"})", AnswerKind::failed_final, EntryState::failed_final, "event.not_found"},
        {0, "", AnswerKind::retry, EntryState::queued, "network.unreachable"},
        {408, "", AnswerKind::retry, EntryState::queued, "network.timeout"},
        {429, R"({"code":"rate.limited"})", AnswerKind::retry, EntryState::queued, "network.rate_limited"},
        {500, "", AnswerKind::retry, EntryState::queued, "network.server_error"},
        {503, "<html>", AnswerKind::retry, EntryState::queued, "network.server_error"},
        {409, R"({"code":"idempotency.in_progress"})", AnswerKind::retry, EntryState::queued, "idempotency.in_progress"},
    };
    for (const Case& c : cases) {
        CAPTURE(c.status);
        CAPTURE(c.body);
        Outbox box = make_outbox();
        REQUIRE(box.add(key_a, "webinar", "{}", t0, closes));
        REQUIRE(box.take_due(t0).size() == 1);
        CHECK(box.on_answer(key_a, c.status, c.body, t0 + 100) == c.kind);
        const OutboxEntry* e = box.find(key_a);
        REQUIRE(e);
        CHECK(e->state == c.state);
        CHECK(e->last.code == c.code);
        CHECK(e->last.http_status == c.status);
        CHECK(e->last.body == c.body);
    }
}

TEST_CASE("a confirmed answer keeps the status the visitor is told") {
    Outbox box = make_outbox();
    REQUIRE(box.add(key_a, "webinar", "{}", t0, closes));
    box.take_due(t0);
    box.on_answer(key_a, 201, R"({"status":"waitlisted","waitlist_position":3})", t0 + 1);
    CHECK(box.find(key_a)->last.status == "waitlisted");
    CHECK(box.pending("webinar") == 0);
}

TEST_CASE("retries back off exponentially with full jitter") {
    // The largest random value puts each retry at the top of its jitter window.
    OutboxPolicy policy;
    policy.min_delay = 250;
    policy.base_delay = 1000;
    policy.max_delay = 8000;
    Outbox box = make_outbox(0xFFFFFFFFu, policy);
    REQUIRE(box.add(key_a, "webinar", "{}", t0, closes));
    Millis now = t0;
    std::vector<Millis> delays;
    for (int i = 0; i < 6; ++i) {
        REQUIRE(box.take_due(now).size() == 1);
        REQUIRE(box.on_answer(key_a, 0, "", now) == AnswerKind::retry);
        const Millis next = box.find(key_a)->next_attempt;
        delays.push_back(next - now);
        CHECK(box.take_due(next - 1).empty()); // never early
        now = next;
    }
    // window = cap - min_delay + 1 values; 0xFFFFFFFF % window lands somewhere inside it,
    // so check the bounds rather than one value.
    const std::vector<Millis> caps = {1000, 2000, 4000, 8000, 8000, 8000};
    for (std::size_t i = 0; i < delays.size(); ++i) {
        CAPTURE(i);
        CHECK(delays[i] >= policy.min_delay);
        CHECK(delays[i] <= caps[i]);
    }
}

TEST_CASE("the jitter is drawn from the random source") {
    OutboxPolicy policy;
    policy.min_delay = 100;
    policy.base_delay = 1100;
    Outbox low = make_outbox(0, policy);
    Outbox high = make_outbox(1000, policy); // 1000 % 1001 = 1000: the top of the first window
    for (Outbox* box : {&low, &high}) {
        REQUIRE(box->add(key_a, "webinar", "{}", t0, closes));
        box->take_due(t0);
        box->on_answer(key_a, 503, "", t0);
    }
    CHECK(low.find(key_a)->next_attempt == t0 + 100);
    CHECK(high.find(key_a)->next_attempt == t0 + 1100);
}

TEST_CASE("Retry-After is honoured, from the header or the body") {
    SUBCASE("header value passed by the bridge") {
        Outbox box = make_outbox();
        REQUIRE(box.add(key_a, "webinar", "{}", t0, closes));
        box.take_due(t0);
        box.on_answer(key_a, 429, "", t0, 30);
        CHECK(box.find(key_a)->next_attempt == t0 + 30'000);
    }
    SUBCASE("retry_after in the JSON body") {
        Outbox box = make_outbox();
        REQUIRE(box.add(key_a, "webinar", "{}", t0, closes));
        box.take_due(t0);
        box.on_answer(key_a, 429, R"({"code":"rate.limited","retry_after":12})", t0);
        CHECK(box.find(key_a)->next_attempt == t0 + 12'000);
    }
}

TEST_CASE("coming online makes every queued entry due at once, with the same key") {
    Outbox box = make_outbox(0xFFFFFFFFu);
    REQUIRE(box.add(key_a, "webinar", "{}", t0, closes));
    box.take_due(t0);
    box.on_answer(key_a, 0, "", t0);
    box.on_answer(key_a, 0, "", t0); // a duplicate failure report changes nothing
    CHECK(box.take_due(t0 + 10).empty());
    box.on_online(t0 + 10);
    const auto due = box.take_due(t0 + 10);
    REQUIRE(due.size() == 1);
    CHECK(due[0] == key_a);
    CHECK(box.find(key_a)->attempts == 2);
}

TEST_CASE("at most max_in_flight requests run at once, oldest first") {
    OutboxPolicy policy;
    policy.max_in_flight = 2;
    Outbox box = make_outbox(0, policy);
    REQUIRE(box.add(key_c, "webinar", "{}", t0 + 2, closes));
    REQUIRE(box.add(key_a, "webinar", "{}", t0, closes));
    REQUIRE(box.add(key_b, "webinar", "{}", t0 + 1, closes));
    const auto first = box.take_due(t0 + 3);
    CHECK(first == std::vector<std::string>{key_a, key_b});
    CHECK(box.take_due(t0 + 4).empty());
    box.on_answer(key_a, 201, R"({"status":"confirmed"})", t0 + 5);
    CHECK(box.take_due(t0 + 6) == std::vector<std::string>{key_c});
}

TEST_CASE("a request that never answers is retried after the send timeout") {
    OutboxPolicy policy;
    policy.send_timeout = 10'000;
    Outbox box = make_outbox(0, policy);
    REQUIRE(box.add(key_a, "webinar", "{}", t0, closes));
    box.take_due(t0);
    CHECK(box.next_wakeup() == t0 + 10'000);
    CHECK(box.take_due(t0 + 9'999).empty());
    box.take_due(t0 + 10'000); // the timeout requeues it with backoff
    CHECK(box.find(key_a)->last.code == "network.timeout");
    box.on_online(t0 + 10'001);
    CHECK(box.take_due(t0 + 10'001) == std::vector<std::string>{key_a});
    // The first request's late answer is still the truth for this key.
    CHECK(box.on_answer(key_a, 201, R"({"status":"confirmed"})", t0 + 10'002) == AnswerKind::done);
}

TEST_CASE("a final answer is never overwritten") {
    Outbox box = make_outbox();
    REQUIRE(box.add(key_a, "webinar", "{}", t0, closes));
    box.take_due(t0);
    box.on_answer(key_a, 201, R"({"status":"confirmed"})", t0);
    CHECK(box.on_answer(key_a, 500, "", t0) == AnswerKind::ignored);
    CHECK(box.on_answer(key_a, 409, R"({"code":"registration.closed"})", t0) == AnswerKind::ignored);
    CHECK(box.find(key_a)->state == EntryState::done);
    CHECK(box.on_answer("unknown-key-xxxxxxx", 201, "{}", t0) == AnswerKind::ignored);
}

TEST_CASE("registration closing while offline tells the visitor instead of dropping the sign-up") {
    Outbox box = make_outbox();
    REQUIRE(box.add(key_a, "webinar", "{}", t0, closes));
    CHECK(box.expire(closes - 1).empty());
    CHECK(box.expire(closes) == std::vector<std::string>{key_a});
    const OutboxEntry* e = box.find(key_a);
    REQUIRE(e);
    CHECK(e->state == EntryState::failed_final);
    CHECK(e->last.code == "outbox.expired");
    CHECK(box.take_due(closes + 1).empty());
}

TEST_CASE("a sign-up that was sent is not expired locally: the server knows whether it arrived") {
    Outbox box = make_outbox();
    REQUIRE(box.add(key_a, "webinar", "{}", t0, closes));
    box.take_due(t0);
    box.on_answer(key_a, 0, "", t0);
    CHECK(box.expire(closes + 1).empty());
    box.on_online(closes + 2);
    CHECK(box.take_due(closes + 2) == std::vector<std::string>{key_a});
    CHECK(box.on_answer(key_a, 409, R"({"code":"registration.closed"})", closes + 3) ==
          AnswerKind::failed_final);
    CHECK(box.find(key_a)->last.code == "registration.closed");
}

TEST_CASE("next_wakeup names the earliest retry") {
    Outbox box = make_outbox();
    CHECK_FALSE(box.next_wakeup().has_value());
    REQUIRE(box.add(key_a, "webinar", "{}", t0, closes));
    CHECK(box.next_wakeup() == t0);
}

TEST_CASE("serialise keeps only unsent, persistable, open entries and restore brings them back") {
    Outbox box = make_outbox();
    REQUIRE(box.add(key_a, "webinar", R"({"event":"webinar","answers":{"name":"Å"}})", t0, closes));
    REQUIRE(box.add(key_b, "webinar", "{}", t0, closes, /*persistable=*/false));
    REQUIRE(box.add(key_c, "other", "{}", t0, closes));
    box.take_due(t0); // a and c in flight
    box.on_answer(key_c, 201, R"({"status":"confirmed"})", t0);

    const std::string text = box.serialise("", t0 + 1);
    Outbox again = make_outbox();
    CHECK(again.restore(text, t0 + 2) == 1);
    const OutboxEntry* e = again.find(key_a);
    REQUIRE(e);
    CHECK(e->state == EntryState::queued); // was sending: its answer died with the page
    CHECK(e->event_id == "webinar");
    CHECK(e->payload == R"({"event":"webinar","answers":{"name":"Å"}})");
    CHECK(e->created == t0);
    CHECK(e->expires == closes);
    CHECK(e->attempts == 1);
    CHECK(again.find(key_b) == nullptr);
    CHECK(again.find(key_c) == nullptr);
    CHECK(again.restore(text, t0 + 3) == 0); // known keys are not added twice
}

TEST_CASE("serialise filters by event and leaves out entries past their closing time") {
    Outbox box = make_outbox();
    REQUIRE(box.add(key_a, "webinar", "{}", t0, closes));
    REQUIRE(box.add(key_b, "other", "{}", t0, closes));
    CHECK(json::parse(box.serialise("webinar", t0))["entries"].size() == 1);
    CHECK(json::parse(box.serialise("", t0))["entries"].size() == 2);
    CHECK(json::parse(box.serialise("", closes))["entries"].empty());
}

TEST_CASE("restoring after registration closed gives an expired entry, not silence") {
    Outbox box = make_outbox();
    REQUIRE(box.add(key_a, "webinar", "{}", t0, closes));
    const std::string text = box.serialise("", t0);
    Outbox later = make_outbox();
    CHECK(later.restore(text, closes + 1) == 1);
    REQUIRE(later.find(key_a));
    CHECK(later.find(key_a)->state == EntryState::failed_final);
    CHECK(later.find(key_a)->last.code == "outbox.expired");
}

TEST_CASE("damaged stored text restores nothing and never throws") {
    const std::vector<std::string> texts = {
        "", "null", "[]", "{", R"({"v":2,"entries":[]})", R"({"v":1,"entries":{}})",
        R"({"v":1,"entries":[1,"x",null]})",
        R"({"v":1,"entries":[{"key":"bad","event":"e","payload":"{}","created":1,"expires":2,"attempts":0}]})",
        R"({"v":1,"entries":[{"key":"key-aaaaaaaaaaaaaaaa","event":"e","payload":"{}","created":"1","expires":2,"attempts":0}]})",
        R"({"v":1,"entries":[{"key":"key-aaaaaaaaaaaaaaaa","event":7,"payload":"{}","created":1,"expires":2,"attempts":0}]})",
    };
    for (const std::string& text : texts) {
        CAPTURE(text);
        Outbox box = make_outbox();
        CHECK(box.restore(text, t0) == 0);
        CHECK(box.entries().empty());
    }
}

} // TEST_SUITE outbox

TEST_SUITE("sensitive answers") {

TEST_CASE("answers to a sensitive field keep the sign-up off the device") {
    const Form form = sensitive_form();
    struct Case {
        const char* answers;
        bool persistable;
    };
    const std::vector<Case> cases = {
        {R"({"name":"Anna"})", true},
        {R"({"name":"Anna","criteria":[]})", true},
        {R"({"name":"Anna","story":""})", true},
        {R"({"name":"Anna","criteria":["antiziganism"]})", false},
        {R"({"name":"Anna","story":"what happened"})", false},
        {"[]", true},
    };
    for (const Case& c : cases) {
        CAPTURE(c.answers);
        CHECK(answers_persistable(form, json::parse(c.answers)) == c.persistable);
    }
}

TEST_CASE("a stored draft has no sensitive answers and no unknown fields") {
    const json answers = json::parse(
        R"({"name":"Anna","criteria":["antisemitism"],"story":"text","injected":"x"})");
    CHECK(draft_for_storage(sensitive_form(), answers) == json::parse(R"({"name":"Anna"})"));
}

} // TEST_SUITE sensitive answers

TEST_SUITE("device storage") {

TEST_CASE("without the opt-in nothing is ever written") {
    MemoryStore store;
    DeviceStorage storage(store);
    CHECK_FALSE(storage.keep());
    Outbox box = make_outbox();
    REQUIRE(box.add(key_a, "webinar", "{}", t0, closes));
    storage.save_outbox(box, t0);
    storage.save_draft("webinar", sensitive_form(), json::parse(R"({"name":"Anna"})"), closes, t0);
    CHECK(store.writes == 0);
    CHECK(store.keys().empty());
    CHECK_FALSE(storage.load_draft("webinar", t0).has_value());
}

TEST_CASE("with the opt-in the outbox and the draft survive a reload") {
    MemoryStore store;
    {
        DeviceStorage storage(store);
        storage.set_keep(true);
        Outbox box = make_outbox();
        REQUIRE(box.add(key_a, "webinar", "{}", t0, closes));
        storage.save_outbox(box, t0);
        storage.save_draft("webinar", sensitive_form(),
                           json::parse(R"({"name":"Anna","story":"private"})"), closes, t0);
    }
    DeviceStorage reloaded(store); // a new page: the opt-in was remembered
    CHECK(reloaded.keep());
    Outbox box = make_outbox();
    CHECK(reloaded.load_outbox(box, "webinar", t0 + 1) == 1);
    REQUIRE(box.find(key_a));
    CHECK(reloaded.load_draft("webinar", t0 + 1) == json::parse(R"({"name":"Anna"})"));
    for (const std::string& key : store.keys()) {
        CAPTURE(key);
        CHECK(store.get(key)->find("private") == std::string::npos);
    }
}

TEST_CASE("an entry that got its final answer is removed from the device") {
    MemoryStore store;
    DeviceStorage storage(store);
    storage.set_keep(true);
    Outbox box = make_outbox();
    REQUIRE(box.add(key_a, "webinar", "{}", t0, closes));
    storage.save_outbox(box, t0);
    CHECK(store.get("deltag.outbox.webinar").has_value());
    box.take_due(t0);
    box.on_answer(key_a, 201, R"({"status":"confirmed"})", t0);
    storage.save_outbox(box, t0);
    CHECK_FALSE(store.get("deltag.outbox.webinar").has_value());
}

TEST_CASE("loading one event's outbox leaves other events' entries alone") {
    MemoryStore store;
    DeviceStorage storage(store);
    storage.set_keep(true);
    Outbox box = make_outbox();
    REQUIRE(box.add(key_a, "webinar", "{}", t0, closes));
    REQUIRE(box.add(key_b, "other", "{}", t0, closes));
    storage.save_outbox(box, t0);
    Outbox one = make_outbox();
    CHECK(storage.load_outbox(one, "other", t0) == 1);
    CHECK(one.find(key_b));
    Outbox all = make_outbox();
    CHECK(storage.load_outbox(all, "", t0) == 2);
}

TEST_CASE("deleting saved answers removes every key and the opt-in") {
    MemoryStore store;
    store.set("unrelated.page.key", "kept"); // the host page's own data is not ours to delete
    DeviceStorage storage(store);
    storage.set_keep(true);
    storage.save_draft("webinar", sensitive_form(), json::parse(R"({"name":"Anna"})"), closes, t0);
    CHECK(storage.has_saved_data());
    SUBCASE("with the delete button") { storage.delete_all(); }
    SUBCASE("by unticking the option") { storage.set_keep(false); }
    CHECK_FALSE(storage.keep());
    CHECK_FALSE(storage.has_saved_data());
    CHECK(store.keys() == std::vector<std::string>{"unrelated.page.key"});
    CHECK_FALSE(DeviceStorage(store).keep());
}

TEST_CASE("a draft expires when registration closes") {
    MemoryStore store;
    DeviceStorage storage(store);
    storage.set_keep(true);
    storage.save_draft("webinar", sensitive_form(), json::parse(R"({"name":"Anna"})"), closes, t0);
    CHECK(storage.load_draft("webinar", closes - 1).has_value());
    CHECK_FALSE(storage.load_draft("webinar", closes).has_value());
    CHECK_FALSE(store.get("deltag.draft.webinar").has_value()); // and is gone from the device
}

TEST_CASE("a damaged draft is removed, never trusted") {
    MemoryStore store;
    DeviceStorage storage(store);
    storage.set_keep(true);
    for (const char* text : {"{", "[]", R"({"expires":"x","answers":{}})", R"({"expires":1})"}) {
        CAPTURE(text);
        store.set("deltag.draft.webinar", text);
        CHECK_FALSE(storage.load_draft("webinar", t0).has_value());
        CHECK_FALSE(store.get("deltag.draft.webinar").has_value());
    }
}

} // TEST_SUITE device storage
