// E-mail addresses: a practical RFC 5321 subset (dot-atom local part, a domain of labels
// with a TLD of two or more letters), UTF-8 local parts and IDN domains (RFC 6531) allowed.
// Standard library only.
#include "deltag/text.hpp"
#include "deltag/validate.hpp"

#include <string>

namespace deltag {

namespace {

bool is_atext(char32_t c) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return true;
    for (char s : std::string_view("!#$%&'*+/=?^_`{|}~-"))
        if (c == static_cast<char32_t>(s))
            return true;
    // Non-ASCII letters (SMTPUTF8), but never controls, C1 or white space.
    return c >= 0xA0 && !is_unicode_space(c) && c != 0x2028 && c != 0x2029 && c != 0xFEFF;
}

bool valid_local_part(std::string_view local) {
    if (local.empty() || local.size() > 64 || local.front() == '.' || local.back() == '.')
        return false;
    char32_t previous = 0;
    for (std::size_t i = 0; i < local.size();) {
        const auto c = next_code_point(local, i);
        if (!c)
            return false;
        if (*c == '.') {
            if (previous == '.')
                return false;
        } else if (!is_atext(*c)) {
            return false;
        }
        previous = *c;
    }
    return true;
}

// Lower-cases ASCII and the Latin-1 capitals (Å, Ä, Ö, Æ, Ø, ...): domain names are
// case-insensitive, and these cover the Nordic IDN domains we meet.
char32_t lower(char32_t c) {
    if (c >= 'A' && c <= 'Z')
        return c + 32;
    if (c >= 0xC0 && c <= 0xDE && c != 0xD7)
        return c + 32;
    return c;
}

std::optional<std::string> normalise_domain(std::string_view domain) {
    if (domain.empty() || domain.size() > 253)
        return std::nullopt;
    std::string out;
    std::vector<std::string> labels(1);
    bool last_label_digits_only = true; // a top-level domain is never all digits
    for (std::size_t i = 0; i < domain.size();) {
        const auto c = next_code_point(domain, i);
        if (!c)
            return std::nullopt;
        if (*c == '.') {
            labels.emplace_back();
            last_label_digits_only = true;
            out += '.';
            continue;
        }
        const char32_t l = lower(*c);
        const bool letter_digit = (l >= 'a' && l <= 'z') || (l >= '0' && l <= '9');
        if (!letter_digit && l != '-' && !(l >= 0xC0 && is_atext(l)))
            return std::nullopt;
        if (!(l >= '0' && l <= '9'))
            last_label_digits_only = false;
        append_utf8(labels.back(), l);
        append_utf8(out, l);
    }
    if (labels.size() < 2)
        return std::nullopt;
    for (const auto& label : labels) {
        if (label.empty() || code_points(label) > 63 || label.front() == '-' || label.back() == '-')
            return std::nullopt;
    }
    const std::string& tld = labels.back();
    if (code_points(tld) < 2 || last_label_digits_only)
        return std::nullopt;
    return out;
}

} // namespace

std::optional<std::string> normalise_email(std::string_view text) {
    const std::string email = trim(text);
    if (email.size() > 254 || !is_valid_utf8(email))
        return std::nullopt;
    const std::size_t at = email.rfind('@');
    if (at == std::string::npos)
        return std::nullopt;
    const std::string_view local = std::string_view(email).substr(0, at);
    if (!valid_local_part(local))
        return std::nullopt; // also rejects a second '@'
    const auto domain = normalise_domain(std::string_view(email).substr(at + 1));
    if (!domain)
        return std::nullopt;
    return std::string(local) + "@" + *domain;
}

} // namespace deltag
