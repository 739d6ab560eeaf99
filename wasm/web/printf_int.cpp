// See printf_int.hpp. Written for size: one pass, no locale, no floating point.
#include "printf_int.hpp"

#include <cstdint>
#include <cstdlib>
#include <cstring>

namespace deltag::widget {

namespace {

struct Sink {
    char* out;
    std::size_t size, length = 0; // length: what the whole result would take
    void put(char c) {
        if (length + 1 < size)
            out[length] = c;
        ++length;
    }
    void repeat(char c, int n) {
        for (; n > 0; --n)
            put(c);
    }
};

} // namespace

int format_printf(char* out, std::size_t size, const char* format, va_list args) {
    Sink sink{out, size};
    for (const char* f = format; *f; ++f) {
        if (*f != '%') {
            sink.put(*f);
            continue;
        }
        ++f;
        bool left = false, zero = false, plus = false, space = false;
        for (;; ++f) {
            if (*f == '-')
                left = true;
            else if (*f == '0')
                zero = true;
            else if (*f == '+')
                plus = true;
            else if (*f == ' ')
                space = true;
            else
                break;
        }
        int width = 0, precision = -1;
        if (*f == '*') {
            width = va_arg(args, int);
            if (width < 0) {
                left = true;
                width = -width;
            }
            ++f;
        }
        for (; *f >= '0' && *f <= '9'; ++f)
            width = width * 10 + (*f - '0');
        if (*f == '.') {
            ++f;
            precision = 0;
            if (*f == '*') {
                precision = va_arg(args, int);
                ++f;
            }
            for (; *f >= '0' && *f <= '9'; ++f)
                precision = precision * 10 + (*f - '0');
        }
        int longs = 0, shorts = 0; // l / ll (z j t count as one or two l), h / hh
        for (;; ++f) {
            if (*f == 'l')
                ++longs;
            else if (*f == 'h')
                ++shorts;
            else if (*f == 'z' || *f == 't')
                longs = 1;
            else if (*f == 'j')
                longs = 2;
            else
                break;
        }
        char digits[24];
        int n = 0;
        const char* text = digits;
        char sign = 0;
        int lead_zeros = 0; // from the precision of an integer conversion
        switch (*f) {
        case '%':
            sink.put('%');
            continue;
        case 'c':
            digits[n++] = static_cast<char>(va_arg(args, int));
            break;
        case 's': {
            text = va_arg(args, const char*);
            if (!text)
                text = "(null)";
            const std::size_t len = std::strlen(text);
            n = static_cast<int>(precision >= 0 && static_cast<std::size_t>(precision) < len
                                     ? static_cast<std::size_t>(precision)
                                     : len);
            break;
        }
        case 'd':
        case 'i':
        case 'u':
        case 'x':
        case 'X': {
            const bool is_signed = *f == 'd' || *f == 'i';
            std::uint64_t v;
            if (is_signed) {
                long long s = longs == 2   ? va_arg(args, long long)
                              : longs == 1 ? va_arg(args, long)
                                           : va_arg(args, int);
                if (shorts) // the argument arrived as an int: narrow it as printf does
                    s = shorts == 1 ? static_cast<short>(s) : static_cast<signed char>(s);
                sign = s < 0 ? '-' : plus ? '+' : space ? ' ' : 0;
                v = s < 0 ? 0 - static_cast<std::uint64_t>(s) : static_cast<std::uint64_t>(s);
            } else {
                v = longs == 2   ? va_arg(args, unsigned long long)
                    : longs == 1 ? va_arg(args, unsigned long)
                                 : va_arg(args, unsigned);
                if (shorts)
                    v = shorts == 1 ? static_cast<unsigned short>(v)
                                    : static_cast<unsigned char>(v);
            }
            const unsigned base = *f == 'x' || *f == 'X' ? 16 : 10;
            const char* alphabet = *f == 'X' ? "0123456789ABCDEF" : "0123456789abcdef";
            char reversed[24];
            int r = 0;
            for (; v; v /= base)
                reversed[r++] = alphabet[v % base];
            if (precision >= 0)
                zero = false; // a precision turns the 0 flag off
            lead_zeros = (precision < 0 ? 1 : precision) - r;
            while (r > 0)
                digits[n++] = reversed[--r];
            break;
        }
        default:
            std::abort(); // floating point or unknown: see printf_int.hpp
        }
        if (lead_zeros < 0)
            lead_zeros = 0;
        const int body = n + lead_zeros + (sign ? 1 : 0);
        if (!left && !zero)
            sink.repeat(' ', width - body);
        if (sign)
            sink.put(sign);
        if (!left && zero)
            sink.repeat('0', width - body);
        sink.repeat('0', lead_zeros);
        for (int k = 0; k < n; ++k)
            sink.put(text[k]);
        if (left)
            sink.repeat(' ', width - body);
    }
    if (size > 0)
        out[sink.length < size ? sink.length : size - 1] = '\0';
    return static_cast<int>(sink.length);
}

} // namespace deltag::widget
