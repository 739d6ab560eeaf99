// Correctly rounded decimal to double without long double: a fast path for up to 19 digits
// and a power of ten up to 22 (one IEEE operation on exact operands), otherwise exact big-integer
// division. See deltag/json_number.hpp.
#include "deltag/json_number.hpp"

#include <cstdint>
#include <cstring>
#include <string>

namespace deltag {

namespace {

// 800 kept digits decide the rounding of any double (767 are needed); later ones only say
// whether something non-zero follows.
constexpr int kMaxDigits = 800;

// An unsigned integer of up to 128 x 32 bits, enough for 10^1130 shifted by 64 bits.
struct Big {
    static constexpr int kLimbs = 128;
    std::uint32_t limb[kLimbs] = {};
    int size = 0; // limbs in use, the top one non-zero

    void mul_add(std::uint32_t m, std::uint32_t add) {
        std::uint64_t carry = add;
        for (int i = 0; i < size; ++i) {
            carry += static_cast<std::uint64_t>(limb[i]) * m;
            limb[i] = static_cast<std::uint32_t>(carry);
            carry >>= 32;
        }
        if (carry && size < kLimbs)
            limb[size++] = static_cast<std::uint32_t>(carry);
    }
    void mul_pow10(int k) {
        for (; k >= 9; k -= 9)
            mul_add(1000000000u, 0);
        static const std::uint32_t pow10[9] = {1,      10,      100,      1000,     10000,
                                               100000, 1000000, 10000000, 100000000};
        mul_add(pow10[k], 0);
    }
    void shift_left(int bits) {
        const int words = bits / 32, rest = bits % 32;
        if (size == 0)
            return;
        int top = size + words + 1;
        if (top > kLimbs)
            top = kLimbs;
        for (int i = top - 1; i >= 0; --i) {
            const int src = i - words;
            std::uint64_t v =
                src >= 0 && src < size ? static_cast<std::uint64_t>(limb[src]) << rest : 0;
            if (rest && src - 1 >= 0 && src - 1 < size)
                v |= limb[src - 1] >> (32 - rest);
            limb[i] = static_cast<std::uint32_t>(v);
        }
        size = top;
        trim();
    }
    void subtract(const Big& b) { // *this >= b
        std::int64_t borrow = 0;
        for (int i = 0; i < size; ++i) {
            std::int64_t v =
                static_cast<std::int64_t>(limb[i]) - (i < b.size ? b.limb[i] : 0) - borrow;
            borrow = v < 0;
            limb[i] = static_cast<std::uint32_t>(v + (borrow << 32));
        }
        trim();
    }
    int bits() const {
        if (size == 0)
            return 0;
        int n = 32 * (size - 1);
        for (std::uint32_t top = limb[size - 1]; top; top >>= 1)
            ++n;
        return n;
    }
    void trim() {
        while (size > 0 && limb[size - 1] == 0)
            --size;
    }
};

int compare(const Big& a, const Big& b) {
    if (a.size != b.size)
        return a.size < b.size ? -1 : 1;
    for (int i = a.size - 1; i >= 0; --i)
        if (a.limb[i] != b.limb[i])
            return a.limb[i] < b.limb[i] ? -1 : 1;
    return 0;
}

// floor(rem / d) when it fits in top_bit + 1 bits; rem keeps the remainder (long division).
std::uint64_t divide(Big& rem, const Big& d, int top_bit) {
    std::uint64_t q = 0;
    for (int i = top_bit; i >= 0; --i) {
        Big t = d;
        t.shift_left(i);
        if (compare(rem, t) >= 0) {
            rem.subtract(t);
            q |= std::uint64_t{1} << i;
        }
    }
    return q;
}

double from_bits(bool negative, std::uint64_t bits) {
    bits |= static_cast<std::uint64_t>(negative) << 63;
    double d;
    std::memcpy(&d, &bits, sizeof d);
    return d;
}

constexpr std::uint64_t kInfBits = 0x7FF0000000000000u;

// digits (no leading zeros) x 10^exp10, plus something below the last digit when `sticky`.
double nearest(bool negative, const char* digits, int count, int exp10, bool sticky) {
    if (count == 0)
        return from_bits(negative, 0);
    if (count + exp10 > 310) // >= 10^309
        return from_bits(negative, kInfBits);
    if (count + exp10 < -324) // < 10^-325, below half the smallest subnormal
        return from_bits(negative, 0);

    if (count <= 19 && exp10 >= -22 && exp10 <= 22) {
        std::uint64_t w = 0;
        for (int i = 0; i < count; ++i)
            w = w * 10 + static_cast<std::uint64_t>(digits[i] - '0');
        if (w <= (std::uint64_t{1} << 53)) {
            static const double pow10[23] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                             1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                             1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
            const double v = exp10 < 0 ? static_cast<double>(w) / pow10[-exp10]
                                       : static_cast<double>(w) * pow10[exp10];
            return negative ? -v : v;
        }
    }

    // value = num / den exactly; find q = floor(value / 2^e2) with 53 bits (fewer for a
    // subnormal), round on the remainder.
    Big num, den;
    for (int i = 0; i < count; ++i)
        num.mul_add(10, static_cast<std::uint32_t>(digits[i] - '0'));
    den.size = 1;
    den.limb[0] = 1;
    if (exp10 >= 0)
        num.mul_pow10(exp10);
    else
        den.mul_pow10(-exp10);
    int e2 = num.bits() - den.bits() - 53; // value / 2^e2 in [2^52, 2^54)
    if (e2 < -1074)
        e2 = -1074;
    for (;;) {
        Big rem = num, d = den;
        if (e2 >= 0)
            d.shift_left(e2);
        else
            rem.shift_left(-e2);
        std::uint64_t q = divide(rem, d, 54);
        if (q >= (std::uint64_t{1} << 53)) {
            ++e2; // one bit too many
            continue;
        }
        rem.shift_left(1);
        const int half = compare(rem, d);
        if (half > 0 || (half == 0 && (sticky || (q & 1))))
            ++q;
        if (q == (std::uint64_t{1} << 53)) {
            q >>= 1;
            ++e2;
        }
        if (e2 > 971) // (2^53 - 1) x 2^971 is the largest double
            return from_bits(negative, kInfBits);
        if (q < (std::uint64_t{1} << 52)) // subnormal: e2 is -1074
            return from_bits(negative, q);
        return from_bits(negative, (static_cast<std::uint64_t>(e2 + 1075) << 52) |
                                       (q - (std::uint64_t{1} << 52)));
    }
}

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

} // namespace

double parse_decimal_number(const char* text, char** end) {
    const char* p = text;
    const bool negative = *p == '-';
    if (*p == '-' || *p == '+')
        ++p;
    char digits[kMaxDigits];
    int count = 0, exp10 = 0, seen = 0;
    bool sticky = false, point = false;
    for (;; ++p) {
        if (*p == '.' && !point) {
            point = true;
            continue;
        }
        if (!is_digit(*p))
            break;
        ++seen;
        if (point)
            --exp10;
        if (count == 0 && *p == '0')
            continue; // a leading zero
        if (count < kMaxDigits) {
            digits[count++] = *p;
        } else {
            ++exp10; // a dropped digit still counts for the magnitude
            sticky = sticky || *p != '0';
        }
    }
    if (seen == 0) {
        if (end)
            *end = const_cast<char*>(text);
        return 0;
    }
    if (*p == 'e' || *p == 'E') {
        const char* q = p + 1;
        const bool minus = *q == '-';
        if (*q == '-' || *q == '+')
            ++q;
        if (is_digit(*q)) {
            int e = 0;
            for (; is_digit(*q); ++q)
                if (e < 100000) // far beyond any double; keeps the sum below int overflow
                    e = e * 10 + (*q - '0');
            exp10 += minus ? -e : e;
            p = q;
        }
    }
    if (end)
        *end = const_cast<char*>(p);
    return nearest(negative, digits, count, exp10, sticky);
}

// %.*g: P significant digits of the exact binary value, ties to even, then the shorter of
// fixed and exponent notation as C's printf chooses it, trailing zeros dropped.
std::string format_general(double value, int precision) {
    const int p = precision < 1 ? 1 : precision > 17 ? 17 : precision;
    std::uint64_t bits;
    std::memcpy(&bits, &value, sizeof bits);
    std::string out = bits >> 63 ? "-" : "";
    const int biased = static_cast<int>(bits >> 52 & 0x7FF);
    std::uint64_t m = bits & ((std::uint64_t{1} << 52) - 1);
    if (biased == 0x7FF)
        return out + (m ? "nan" : "inf");
    if (biased == 0 && m == 0)
        return out + "0";
    int e2 = biased == 0 ? -1074 : biased - 1075;
    if (biased != 0)
        m |= std::uint64_t{1} << 52;

    std::uint64_t limit = 1; // 10^p
    for (int i = 0; i < p; ++i)
        limit *= 10;
    // exp10: the decimal exponent of the first digit; estimated from the bit length, corrected.
    int bit_length = 0;
    for (std::uint64_t t = m; t; t >>= 1)
        ++bit_length;
    int exp10 = static_cast<int>((bit_length + e2 - 1) * 0.30102999566398120);
    std::uint64_t digits = 0;
    for (int attempt = 0; attempt < 4; ++attempt) {
        // digits = round(|value| x 10^(p - 1 - exp10)) = num / den
        Big num, den;
        num.size = 2;
        num.limb[0] = static_cast<std::uint32_t>(m);
        num.limb[1] = static_cast<std::uint32_t>(m >> 32);
        num.trim();
        den.size = 1;
        den.limb[0] = 1;
        if (e2 >= 0)
            num.shift_left(e2);
        else
            den.shift_left(-e2);
        const int scale = p - 1 - exp10;
        if (scale >= 0)
            num.mul_pow10(scale);
        else
            den.mul_pow10(-scale);
        std::uint64_t q = divide(num, den, 63);
        if (q >= limit) {
            ++exp10;
            continue;
        }
        if (q < limit / 10) {
            --exp10;
            continue;
        }
        num.shift_left(1);
        const int half = compare(num, den);
        if (half > 0 || (half == 0 && (q & 1)))
            ++q;
        if (q == limit) { // 9.99.. rounded up to 10.0..
            q /= 10;
            ++exp10;
        }
        digits = q;
        break;
    }
    std::string d = std::to_string(digits); // exactly p digits
    while (d.size() > 1 && d.back() == '0')
        d.pop_back();
    if (exp10 < -4 || exp10 >= p) {
        out += d[0];
        if (d.size() > 1)
            out += "." + d.substr(1);
        const int x = exp10 < 0 ? -exp10 : exp10;
        out += exp10 < 0 ? "e-" : "e+";
        if (x < 10)
            out += '0';
        return out + std::to_string(x);
    }
    if (exp10 < 0)
        return out + "0." + std::string(static_cast<std::size_t>(-exp10 - 1), '0') + d;
    const std::size_t int_digits = static_cast<std::size_t>(exp10) + 1;
    if (d.size() <= int_digits)
        return out + d + std::string(int_digits - d.size(), '0');
    return out + d.substr(0, int_digits) + "." + d.substr(int_digits);
}

} // namespace deltag
