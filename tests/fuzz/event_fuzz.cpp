// Fuzz target: loading event and form files (parse_strict_json, parse_event with the demo
// forms to resolve "form": "<id>", parse_form, and the demo's date rebasing). Invariants:
// every error has a catalog code; an accepted event or form survives to_json and parses back
// to the same JSON; rebasing an accepted event keeps its times in order.
#include "fuzz_support.hpp"

#include "deltag/demo.hpp"
#include "deltag/registration.hpp"

using namespace deltag;
using deltag::fuzz::check;

namespace {

void check_form(const nlohmann::json& j) {
    auto form = parse_form(j);
    fuzz::check_codes(form.errors, "parse_form's error codes are in the catalogs");
    if (!form.ok()) return;
    const nlohmann::json out = to_json(form.value);
    auto again = parse_form(out);
    check(again.ok(), "to_json of an accepted form is accepted", out.dump());
    check(to_json(again.value) == out, "a form survives to_json and parse_form", out.dump());
}

void check_times_in_order(const Event& e, const char* invariant) {
    if (e.opens_utc) check(*e.opens_utc <= e.closes_utc, invariant, "opens after it closes");
    for (const auto& s : e.sessions) check(s.start_utc <= s.end_utc, invariant, "a session ends before it starts");
}

// A round trip alone would pass a to_json that drops a member (the copy then loses it too):
// the plain members the file gave must come out unchanged.
void check_members_kept(const nlohmann::json& in, const nlohmann::json& out) {
    for (const char* key : {"id", "capacity", "opens_at", "closes_at", "mode", "waitlist",
                            "max_per_organisation", "delete_after_days", "default_language"}) {
        auto given = in.find(key);
        if (given == in.end() || given->is_null()) continue;
        auto written = out.find(key);
        check(written != out.end() && *written == *given, "to_json keeps the event's members", key);
    }
    auto contact = in.find("contact");
    if (contact == in.end() || !contact->is_object()) return;
    for (const auto& item : contact->items())
        check(out["contact"].value(item.key(), nlohmann::json()) == item.value(), "to_json keeps the contact",
              item.key());
}

void check_event(const nlohmann::json& j) {
    auto event = parse_event(j, fuzz::known_forms());
    fuzz::check_codes(event.errors, "parse_event's error codes are in the catalogs");
    if (!event.ok()) return;
    check_times_in_order(event.value, "an accepted event's times are in order");
    const nlohmann::json out = to_json(event.value);
    check_members_kept(j, out);
    // to_json embeds the resolved form, so the copy must parse without the forms list.
    auto again = parse_event(out);
    check(again.ok(), "to_json of an accepted event is accepted", out.dump());
    check(to_json(again.value) == out, "an event survives to_json and parse_event", out.dump());

    // The demo server rebases every event at start; fixed "now" values keep runs reproducible.
    for (const UnixTime now : {UnixTime{1780000000}, UnixTime{1792000000}}) {
        Event rebased = event.value;
        rebase_for_demo(rebased, j, now);
        check_times_in_order(rebased, "a rebased event's times are in order");
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    auto parsed = parse_strict_json(fuzz::as_text(data, size));
    fuzz::check_codes(parsed.errors, "parse_strict_json's error codes are in the catalogs");
    if (!parsed.ok()) return 0;
    check_form(parsed.value);
    check_event(parsed.value);
    return 0;
}
