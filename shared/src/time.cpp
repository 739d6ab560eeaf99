// ISO 8601 instants with a UTC offset, calendar dates, and the EU summer-time rule for
// Swedish/Danish local time. Pure arithmetic: never reads the clock or the C locale.
#include "deltag/time.hpp"

#include <cstdio>

namespace deltag {
namespace {

// Howard Hinnant's days_from_civil / civil_from_days (proleptic Gregorian).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
    y -= m <= 2;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

struct Civil {
    std::int64_t y;
    unsigned m, d;
};

Civil civil_from_days(std::int64_t z) {
    z += 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    return {static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2), m, d};
}

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
    return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

bool is_leap(std::int64_t y) {
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

unsigned days_in_month(std::int64_t y, unsigned m) {
    static const unsigned days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

// Reads exactly `n` ASCII digits at s[pos]; advances pos.
std::optional<int> digits(std::string_view s, std::size_t& pos, std::size_t n) {
    if (pos + n > s.size())
        return std::nullopt;
    int v = 0;
    for (std::size_t k = 0; k < n; ++k) {
        const char c = s[pos + k];
        if (c < '0' || c > '9')
            return std::nullopt;
        v = v * 10 + (c - '0');
    }
    pos += n;
    return v;
}

bool expect(std::string_view s, std::size_t& pos, char c) {
    if (pos >= s.size() || s[pos] != c)
        return false;
    ++pos;
    return true;
}

// "YYYY-MM-DD" at s[pos] -> days since the epoch, checked against the real calendar.
std::optional<std::int64_t> date_at(std::string_view s, std::size_t& pos) {
    const auto y = digits(s, pos, 4);
    if (!y || !expect(s, pos, '-'))
        return std::nullopt;
    const auto m = digits(s, pos, 2);
    if (!m || !expect(s, pos, '-'))
        return std::nullopt;
    const auto d = digits(s, pos, 2);
    if (!d || *y < 1 || *m < 1 || *m > 12 || *d < 1 ||
        static_cast<unsigned>(*d) > days_in_month(*y, static_cast<unsigned>(*m)))
        return std::nullopt;
    return days_from_civil(*y, static_cast<unsigned>(*m), static_cast<unsigned>(*d));
}

struct Parsed {
    UnixTime utc;
    int offset_minutes;
};

// Accepts "YYYY-MM-DDTHH:MM[:SS[.fff]](Z|+HH:MM|-HH:MM)"; fractions are dropped
// (instants here are whole seconds). A time without an offset is ambiguous: rejected.
std::optional<Parsed> parse(std::string_view s) {
    std::size_t pos = 0;
    const auto days = date_at(s, pos);
    if (!days || !expect(s, pos, 'T'))
        return std::nullopt;
    const auto hh = digits(s, pos, 2);
    if (!hh || !expect(s, pos, ':'))
        return std::nullopt;
    const auto mm = digits(s, pos, 2);
    if (!mm)
        return std::nullopt;
    int ss = 0;
    if (pos < s.size() && s[pos] == ':') {
        ++pos;
        const auto sec = digits(s, pos, 2);
        if (!sec)
            return std::nullopt;
        ss = *sec;
        if (pos < s.size() && s[pos] == '.') {
            ++pos;
            const std::size_t start = pos;
            while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9')
                ++pos;
            if (pos == start)
                return std::nullopt;
        }
    }
    if (*hh > 23 || *mm > 59 || ss > 59)
        return std::nullopt;
    int offset = 0;
    if (pos < s.size() && s[pos] == 'Z') {
        ++pos;
    } else if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) {
        const int sign = s[pos] == '-' ? -1 : 1;
        ++pos;
        const auto oh = digits(s, pos, 2);
        if (!oh || !expect(s, pos, ':'))
            return std::nullopt;
        const auto om = digits(s, pos, 2);
        if (!om || *oh > 18 || *om > 59)
            return std::nullopt;
        offset = sign * (*oh * 60 + *om);
    } else {
        return std::nullopt;
    }
    if (pos != s.size())
        return std::nullopt;
    const UnixTime local = *days * 86400 + *hh * 3600 + *mm * 60 + ss;
    return Parsed{local - offset * 60, offset};
}

// Unix seconds of the last Sunday of `month` in `year` at 01:00 UTC.
UnixTime last_sunday_0100_utc(std::int64_t year, unsigned month) {
    const std::int64_t last = days_from_civil(year, month, days_in_month(year, month));
    const std::int64_t weekday = ((last % 7) + 7 + 4) % 7; // 1970-01-01 was a Thursday (4)
    return (last - weekday) * 86400 + 3600;
}

} // namespace

std::optional<UnixTime> parse_iso8601(std::string_view text) {
    const auto p = parse(text);
    if (!p)
        return std::nullopt;
    return p->utc;
}

std::optional<int> iso8601_offset_minutes(std::string_view text) {
    const auto p = parse(text);
    if (!p)
        return std::nullopt;
    return p->offset_minutes;
}

std::string format_iso8601(UnixTime t, int offset_minutes) {
    const UnixTime local = t + static_cast<UnixTime>(offset_minutes) * 60;
    const std::int64_t days = floor_div(local, 86400);
    const std::int64_t secs = local - days * 86400;
    const Civil c = civil_from_days(days);
    char buf[48];
    const int off = offset_minutes < 0 ? -offset_minutes : offset_minutes;
    if (offset_minutes == 0) {
        std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02d:%02d:%02dZ",
                      static_cast<long long>(c.y), c.m, c.d, static_cast<int>(secs / 3600),
                      static_cast<int>(secs / 60 % 60), static_cast<int>(secs % 60));
    } else {
        std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02d:%02d:%02d%c%02d:%02d",
                      static_cast<long long>(c.y), c.m, c.d, static_cast<int>(secs / 3600),
                      static_cast<int>(secs / 60 % 60), static_cast<int>(secs % 60),
                      offset_minutes < 0 ? '-' : '+', off / 60, off % 60);
    }
    return buf;
}

std::optional<std::int64_t> parse_date(std::string_view text) {
    std::size_t pos = 0;
    const auto days = date_at(text, pos);
    if (!days || pos != text.size())
        return std::nullopt;
    return days;
}

int central_european_offset_minutes(UnixTime t) {
    const std::int64_t year = civil_from_days(floor_div(t, 86400)).y;
    const bool summer = t >= last_sunday_0100_utc(year, 3) && t < last_sunday_0100_utc(year, 10);
    return summer ? 120 : 60;
}

} // namespace deltag
