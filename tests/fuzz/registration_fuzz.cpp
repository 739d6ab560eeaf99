// Fuzz target: the registration payload parser (parse_registration, parse_strict_json), the
// first code to see a visitor's POST body. Invariants: never throws or crashes; every error has
// a catalog code; an accepted payload survives to_json_text and parses back to the same value.
#include "fuzz_support.hpp"

#include "deltag/registration.hpp"

using namespace deltag;
using deltag::fuzz::check;

namespace {

bool same(const Registration& a, const Registration& b) {
    return a.event == b.event && a.answers == b.answers && a.locale == b.locale &&
           a.consents == b.consents && a.idempotency_key == b.idempotency_key &&
           a.fill_ms == b.fill_ms && a.honeypot == b.honeypot;
}

void check_strict_json(std::string_view text) {
    auto parsed = parse_strict_json(text);
    fuzz::check_codes(parsed.errors, "parse_strict_json's error codes are in the catalogs");
    if (!parsed.ok()) return;
    // The parser only lets valid UTF-8 through, so dumping with the throwing handler must work
    // (the wasm build has no exceptions: a throw there is an abort).
    const std::string dumped = parsed.value.dump();
    auto again = parse_strict_json(dumped);
    check(again.ok() && again.value == parsed.value, "accepted JSON dumps and parses back", dumped);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view body = fuzz::as_text(data, size);
    check_strict_json(body);

    auto r = parse_registration(body);
    fuzz::check_codes(r.errors, "parse_registration's error codes are in the catalogs");
    if (!r.ok()) return 0;
    check(size <= max_payload_bytes, "an accepted payload is within max_payload_bytes");
    check(r.value.idempotency_key.size() >= 16 && r.value.idempotency_key.size() <= 64,
          "an accepted idempotency key has 16..64 characters", r.value.idempotency_key);
    check(r.value.answers.is_object(), "accepted answers are an object");

    const std::string text = to_json_text(r.value);
    auto again = parse_registration(text);
    check(again.ok(), "to_json_text of an accepted payload is accepted", text);
    check(same(r.value, again.value), "to_json_text parses back to the same registration", text);
    check(to_json_text(again.value) == text, "to_json_text is stable", text);
    return 0;
}
