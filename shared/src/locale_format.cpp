// Dates, plurals and language names from the catalogs (locale_format.hpp). Only the catalogs'
// texts are read, never the platform's locale: the same output natively, in the wasm and on the
// server. Std and nlohmann/json only.
#include "deltag/locale_format.hpp"
#include "deltag/organisations.hpp"

#include "deltag/catalog.hpp"
#include "deltag/time.hpp"

#include <cstdint>
#include <optional>
#include <vector>

namespace deltag {
namespace {

// The catalog text of key along lang's chain, or empty (message() would return the key).
std::string locale_text(std::string_view lang, const std::string& key) {
    ResolvedMessage r = resolve_message(lang, key);
    return r.lang.empty() ? std::string() : r.text;
}

std::vector<std::string> split_bars(const std::string& text) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    for (std::size_t bar = text.find('|'); bar != std::string::npos; bar = text.find('|', start)) {
        parts.push_back(text.substr(start, bar - start));
        start = bar + 1;
    }
    parts.push_back(text.substr(start));
    return parts;
}

struct Civil {
    long long year;
    int month, day, weekday, hour, minute; // month 1-12, weekday 0 = Monday
};

// Days since 1970-01-01 to a proleptic Gregorian date (H. Hinnant's civil_from_days).
Civil civil_from(std::int64_t local_seconds) {
    std::int64_t days = local_seconds / 86400, rest = local_seconds % 86400;
    if (rest < 0) {
        rest += 86400;
        --days;
    }
    Civil c{};
    c.hour = static_cast<int>(rest / 3600);
    c.minute = static_cast<int>(rest % 3600 / 60);
    c.weekday = static_cast<int>(((days % 7) + 7 + 3) % 7); // 1970-01-01 was a Thursday
    const std::int64_t z = days + 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const std::int64_t doe = z - era * 146097;
    const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const std::int64_t mp = (5 * doy + 2) / 153;
    c.day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
    c.month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
    c.year = yoe + era * 400 + (c.month <= 2 ? 1 : 0);
    return c;
}

std::string two_digits(int n) { return std::string(1, static_cast<char>('0' + n / 10)) + static_cast<char>('0' + n % 10); }

struct LocaleNames {
    std::vector<std::string> months, weekdays;
    std::string date, time;
};

LocaleNames names_of(std::string_view lang) {
    LocaleNames n{split_bars(locale_text(lang, "_locale.months")), split_bars(locale_text(lang, "_locale.weekdays")),
                  locale_text(lang, "_locale.date"), locale_text(lang, "_locale.time")};
    if (n.date.empty()) n.date = "{year}-{month_number}-{day_number}";
    if (n.time.empty()) n.time = "{hour}:{minute}";
    return n;
}

std::string date_text(const LocaleNames& names, const Civil& c) {
    const auto name = [](const std::vector<std::string>& list, int i) {
        return i >= 0 && static_cast<std::size_t>(i) < list.size() ? list[static_cast<std::size_t>(i)] : std::string();
    };
    return fill_placeholders(names.date, {{"weekday", name(names.weekdays, c.weekday)},
                                          {"day", std::to_string(c.day)},
                                          {"month", name(names.months, c.month - 1)},
                                          {"year", std::to_string(c.year)},
                                          {"month_number", two_digits(c.month)},
                                          {"month_n", std::to_string(c.month)},
                                          {"day_number", two_digits(c.day)}});
}

std::string time_text(const LocaleNames& names, const Civil& c) {
    return fill_placeholders(names.time, {{"hour", two_digits(c.hour)}, {"minute", two_digits(c.minute)}});
}

std::optional<Civil> local_civil(std::string_view iso) {
    const std::optional<UnixTime> t = parse_iso8601(iso);
    if (!t) return std::nullopt;
    return civil_from(*t + central_european_offset_minutes(*t) * 60LL);
}

} // namespace

std::string plural_category(std::string_view lang, long long n) {
    const std::string rule = locale_text(lang, "_locale.plural");
    const long long a = n < 0 ? -n : n;
    if (rule == "one-two-other")
        return a == 1 ? "one" : a == 2 ? "two" : "other";
    if (rule == "arabic") {
        const long long r = a % 100;
        return a == 0 ? "zero" : a == 1 ? "one" : a == 2 ? "two" : r >= 3 && r <= 10 ? "few" : r >= 11 ? "many" : "other";
    }
    if (rule == "other")
        return "other";
    return a == 1 ? "one" : "other"; // "one-other", and the rule of a catalog without one
}

std::string message_count(std::string_view lang, std::string_view key, long long n,
                          std::map<std::string, std::string> params) {
    params.emplace("n", std::to_string(n));
    const std::string base(key);
    ResolvedMessage r = resolve_message(lang, base + "." + plural_category(lang, n), params);
    if (r.lang.empty())
        r = resolve_message(lang, base + ".other", params);
    return r.text;
}

std::string format_when_from_catalog(std::string_view lang, std::string_view start_iso, std::string_view end_iso) {
    const std::optional<Civil> start = local_civil(start_iso);
    if (!start) return std::string(start_iso);
    const LocaleNames names = names_of(lang);
    const std::string date = date_text(names, *start), from = time_text(names, *start);
    const std::optional<Civil> end = end_iso.empty() ? std::nullopt : local_civil(end_iso);
    const std::string when = locale_text(lang, "_locale.when");
    const auto at = [&](const std::string& d, const std::string& t) {
        return fill_placeholders(when.empty() ? "{date} {time}" : when, {{"date", d}, {"time", t}});
    };
    if (!end) return at(date, from);
    const bool same_day = end->year == start->year && end->month == start->month && end->day == start->day;
    if (!same_day) return at(date, from) + " – " + at(date_text(names, *end), time_text(names, *end));
    const std::string range = locale_text(lang, "_locale.range");
    return fill_placeholders(range.empty() ? "{date} {start}–{end}" : range,
                             {{"date", date}, {"start", from}, {"end", time_text(names, *end)}});
}

std::string language_choice_label(std::string_view choice, std::string_view page_lang) {
    const std::string tag(choice);
    std::string endonym = locale_text(page_lang, "_locale.endonym." + tag);
    if (endonym.empty()) {
        const ResolvedMessage own = resolve_message(choice, "_locale.endonym");
        if (own.lang == choice) endonym = own.text; // not the fallback language's own name
    }
    if (endonym.empty()) endonym = tag;
    if (choice == page_lang) return endonym;
    // The page language's name of it: "_locale.name.<tag>", else its widget.lang.<tag> when that
    // is not just the endonym again (the catalogs name sv, da and en in themselves there).
    std::string name = locale_text(page_lang, "_locale.name." + tag);
    if (name.empty()) {
        name = locale_text(page_lang, "widget.lang." + tag);
        if (name == endonym) name.clear();
    }
    // "Meänkieli (meänkieli)" and "Romani čhib (kelderash) (romani chib)" say nothing twice.
    if (name.empty() || fold_for_search(endonym).rfind(fold_for_search(name), 0) == 0) return endonym;
    const std::string label = locale_text(page_lang, "_locale.lang_label");
    return fill_placeholders(label.empty() ? "{endonym} ({name})" : label, {{"endonym", endonym}, {"name", name}});
}

} // namespace deltag
