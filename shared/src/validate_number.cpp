// Internal: decimal numbers as visitors type them ("42,5", "-3.25") and as messages show
// bounds ("200", "99.5"). Independent of the C locale's decimal separator when parsing.
#include "validate_value.hpp"

#include "deltag/json_number.hpp"

#include <cmath>
#include <cstdint>
#include <string>

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

// As printf's "%lld" or "%.15g", without printf (deltag/json_number.hpp says why).
std::string format_number(double d) {
    if (std::floor(d) == d && std::fabs(d) < 1e15)
        return std::to_string(static_cast<long long>(d));
    return format_general(d, 15);
}

} // namespace deltag::detail
