// Tests of printf_int.hpp: the same text and return value as the C library's vsnprintf for
// the integer, character and string conversions, including truncation.
#include "printf_int.hpp"

#include <doctest/doctest.h>

#include <cstdarg>
#include <cstdio>
#include <string>

using deltag::widget::format_printf;

namespace {

struct Both {
    std::string ours, libc;
    int ours_n, libc_n;
};

Both both(std::size_t size, const char* format, ...) {
    char a[256], b[256];
    va_list args, copy;
    va_start(args, format);
    va_copy(copy, args);
    const int n1 = format_printf(a, size, format, args);
    const int n2 = std::vsnprintf(b, size, format, copy);
    va_end(copy);
    va_end(args);
    return {size ? std::string(a) : "", size ? std::string(b) : "", n1, n2};
}

#define CHECK_LIKE_LIBC(size, ...)                                                                 \
    do {                                                                                           \
        const Both r = both(size, __VA_ARGS__);                                                    \
        INFO("format: ", #__VA_ARGS__);                                                            \
        CHECK(r.ours == r.libc);                                                                   \
        CHECK(r.ours_n == r.libc_n);                                                               \
    } while (false)

} // namespace

TEST_CASE("integer printf writes what vsnprintf writes") {
    SUBCASE("what nlohmann/json formats") {
        CHECK_LIKE_LIBC(7, "\\u%04x", 0x1f);
        CHECK_LIKE_LIBC(13, "\\u%04x\\u%04x", 0xd83d, 0xde00);
        CHECK_LIKE_LIBC(9, "<U+%.4X>", static_cast<unsigned char>(7));
        CHECK_LIKE_LIBC(9, "<U+%.4X>", static_cast<unsigned char>(0x7f));
    }
    SUBCASE("what the core's ISO 8601 times format (deltag/time.hpp)") {
        CHECK_LIKE_LIBC(48, "%04lld-%02u-%02uT%02d:%02d:%02dZ", 2026LL, 12u, 3u, 9, 5, 0);
        CHECK_LIKE_LIBC(48, "%04lld-%02u-%02uT%02d:%02d:%02d%c%02d:%02d", 987LL, 1u, 31u, 23, 59, 59, '-',
                        5, 30);
        CHECK_LIKE_LIBC(48, "%04lld-%02u-%02uT%02d:%02d:%02dZ", -45LL, 2u, 28u, 0, 0, 1);
    }
    SUBCASE("flags, widths, precisions and lengths") {
        CHECK_LIKE_LIBC(64, "%d|%i|%u|%x|%X", -42, 17, 4000000000u, 0xbeefu, 0xbeefu);
        CHECK_LIKE_LIBC(64, "[%5d][%-5d][%05d][%+d][% d][%.3d][%8.3d][%-8.3x]", 42, 42, -42, 7, 7,
                        5, -5, 255);
        CHECK_LIKE_LIBC(64, "%lld %llu %ld %lu %zu", -9223372036854775807LL - 1,
                        18446744073709551615ULL, -5L, 5UL, static_cast<std::size_t>(123));
        CHECK_LIKE_LIBC(64, "%hhd %hhu %hd %hu", 300, 300, 70000, 70000);
        CHECK_LIKE_LIBC(64, "%.0d|%.0x|%d|%x", 0, 0, 0, 0);
        CHECK_LIKE_LIBC(64, "%*d|%-*d|%.*d", 6, 12, 6, 12, 4, 12);
        CHECK_LIKE_LIBC(64, "%c%c %s|%.3s|%8s|%-8s|", 'o', 'k', "text", "abcdef", "ab", "ab");
        CHECK_LIKE_LIBC(64, "100%% sure");
    }
    SUBCASE("a short buffer truncates and still returns the full length") {
        CHECK_LIKE_LIBC(5, "%d-%s", 123456, "abc");
        CHECK_LIKE_LIBC(1, "%d", 42);
        CHECK_LIKE_LIBC(0, "%d", 42);
    }
}
