// Demo rebasing: moves an announced event by whole weeks so the demo always has open (or,
// on request, recently closed) events, keeping the Swedish/Danish weekday and wall-clock
// time across summer time. Pure: the caller passes `now`.
#include "deltag/demo.hpp"

namespace deltag {

namespace {

constexpr UnixTime day = 86400, week = 7 * day;

UnixTime floor_div(UnixTime a, UnixTime b) {
    return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

// The instant at which Swedish/Danish clocks show `local` (seconds since the epoch as if
// local time were UTC). In the spring gap the winter offset is used (the hour that does
// not exist moves forward); in the autumn overlap the first (summer) instant is taken.
UnixTime from_local(UnixTime local) {
    const UnixTime summer = local - 120 * 60;
    if (central_european_offset_minutes(summer) == 120)
        return summer;
    return local - 60 * 60;
}

UnixTime to_local(UnixTime t) {
    return t + central_european_offset_minutes(t) * 60;
}

struct Shifter {
    UnixTime weeks;
    UnixTime operator()(UnixTime t) const { return from_local(to_local(t) + weeks * week); }
    void apply(std::string& text, UnixTime& utc) const {
        utc = (*this)(utc);
        text = format_iso8601(utc, central_european_offset_minutes(utc));
    }
};

std::string demo_state(const nlohmann::json& source) {
    if (!source.is_object())
        return {};
    const auto demo = source.find("demo");
    if (demo == source.end() || !demo->is_object())
        return {};
    const auto state = demo->find("state");
    if (state == demo->end() || !state->is_string())
        return {};
    return state->get_ref<const std::string&>();
}

} // namespace

void rebase_for_demo(Event& event, const nlohmann::json& source, UnixTime now) {
    const bool closed = demo_state(source) == "closed";
    // Target: an open event closes in [now + 2 weeks, now + 3 weeks); a closed one closed
    // in [now - 2 weeks, now - 1 week). A summer-time change can move the result by an
    // hour, so the whole-week count is corrected afterwards.
    const UnixTime target = closed ? now - 2 * week : now + 2 * week;
    UnixTime weeks = floor_div(target - event.closes_utc + week - 1, week);
    while (Shifter{weeks}(event.closes_utc) < target)
        ++weeks;
    while (Shifter{weeks - 1}(event.closes_utc) >= target)
        --weeks;

    const Shifter shift{weeks};
    for (Session& s : event.sessions) {
        shift.apply(s.start, s.start_utc);
        shift.apply(s.end, s.end_utc);
    }
    if (event.opens_utc) {
        UnixTime opens = *event.opens_utc;
        shift.apply(event.opens_at, opens);
        event.opens_utc = opens;
    }
    shift.apply(event.closes_at, event.closes_utc);
}

} // namespace deltag
