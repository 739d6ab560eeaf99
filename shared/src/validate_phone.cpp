// Telephone numbers: Swedish and Danish national forms, E.164 and the 00 prefix, all
// normalised to E.164 ("+46701234567"). Standard library only.
#include "deltag/text.hpp"
#include "deltag/validate.hpp"

#include <string>

namespace deltag {

namespace {

// Swedish numbers are 7-9 digits after the trunk 0 (08-123 45 67, 070-123 45 67).
bool valid_swedish_subscriber(const std::string& nsn) {
    return nsn.size() >= 7 && nsn.size() <= 9 && nsn[0] != '0';
}

// Danish numbers are always 8 digits, with no trunk prefix.
bool valid_danish_subscriber(const std::string& nsn) {
    return nsn.size() == 8 && nsn[0] != '0';
}

std::optional<std::string> international(std::string digits) {
    if (digits.empty() || digits[0] == '0')
        return std::nullopt;
    if (digits.rfind("46", 0) == 0) {
        std::string nsn = digits.substr(2);
        // "+46 (0)70 ..." is a common way to write it; a Swedish subscriber never starts with 0.
        if (!nsn.empty() && nsn[0] == '0')
            nsn.erase(0, 1);
        if (!valid_swedish_subscriber(nsn))
            return std::nullopt;
        return "+46" + nsn;
    }
    if (digits.rfind("45", 0) == 0) {
        const std::string nsn = digits.substr(2);
        if (!valid_danish_subscriber(nsn))
            return std::nullopt;
        return "+45" + nsn;
    }
    // Other countries: E.164 allows at most 15 digits; fewer than 7 is no real number.
    if (digits.size() < 7 || digits.size() > 15)
        return std::nullopt;
    return "+" + digits;
}

} // namespace

std::optional<std::string> normalise_phone(std::string_view text, std::string_view country) {
    const std::string t = trim(text);
    std::string digits;
    bool plus = false;
    for (std::size_t i = 0; i < t.size();) {
        const auto c = next_code_point(t, i);
        if (!c)
            return std::nullopt;
        if (*c >= '0' && *c <= '9') {
            digits += static_cast<char>(*c);
        } else if (*c == '+' && digits.empty() && !plus) {
            plus = true;
        } else if (*c == ' ' || *c == '-' || *c == '(' || *c == ')' || *c == '.' || *c == '/' ||
                   *c == 0xA0 || *c == 0x202F || *c == 0x2009) {
            // visual grouping only
        } else {
            return std::nullopt;
        }
    }
    if (digits.size() > 17)
        return std::nullopt;
    if (plus)
        return international(digits);
    if (digits.rfind("00", 0) == 0)
        return international(digits.substr(2));
    const bool denmark = country == "dk" || country == "DK";
    const bool sweden = country == "se" || country == "SE";
    if (denmark) {
        if (!valid_danish_subscriber(digits))
            return std::nullopt;
        return "+45" + digits;
    }
    if (sweden) {
        if (digits.size() < 2 || digits[0] != '0')
            return std::nullopt;
        const std::string nsn = digits.substr(1);
        if (!valid_swedish_subscriber(nsn))
            return std::nullopt;
        return "+46" + nsn;
    }
    return std::nullopt;
}

} // namespace deltag
