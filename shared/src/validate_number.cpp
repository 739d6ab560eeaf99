// Internal: decimal numbers as visitors type them ("42,5", "-3.25") and as messages show
// bounds ("200", "99.5"). Independent of the C locale's decimal separator when parsing.
#include "validate_value.hpp"

#include <cmath>
#include <cstdint>
#include <cstdio>

namespace deltag::detail {

// "-12,5" / "3.25" / "+7": digits with one optional decimal point or comma.
std::optional<double> parse_decimal(const std::string& s, std::string& normal) {
    std::size_t i = 0;
    bool negative = false;
    if (i < s.size() && (s[i] == '-' || s[i] == '+'))
        negative = s[i++] == '-';
    std::int64_t mantissa = 0;
    int digits = 0, decimals = 0, int_digits = 0;
    bool point = false;
    normal = negative ? "-" : "";
    for (; i < s.size(); ++i) {
        const char c = s[i];
        if (c >= '0' && c <= '9') {
            if (++digits > 15)
                return std::nullopt; // beyond what a double holds exactly
            mantissa = mantissa * 10 + (c - '0');
            (point ? decimals : int_digits)++;
            normal += c;
        } else if ((c == '.' || c == ',') && !point && int_digits > 0) {
            point = true;
            normal += '.';
        } else {
            return std::nullopt;
        }
    }
    if (int_digits == 0 || (point && decimals == 0))
        return std::nullopt;
    const double v = static_cast<double>(mantissa) / std::pow(10.0, decimals);
    return negative ? -v : v;
}

std::string format_number(double d) {
    char buf[40];
    if (std::floor(d) == d && std::fabs(d) < 1e15)
        std::snprintf(buf, sizeof buf, "%lld", static_cast<long long>(d));
    else
        std::snprintf(buf, sizeof buf, "%.15g", d);
    return buf;
}

} // namespace deltag::detail
