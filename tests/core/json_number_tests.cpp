// Tests of json_number.hpp: the same double and the same end as the C library's strtod (glibc
// natively, musl in the wasm run; both round exactly) for hand-picked hard cases and for a
// fixed-seed sample of numbers around every magnitude.
#include "deltag/json_number.hpp"

#include <doctest/doctest.h>

#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>

using namespace deltag;

namespace {

std::uint64_t bits_of(double d) {
    std::uint64_t b;
    std::memcpy(&b, &d, sizeof b);
    return b;
}

// Same bits and same end as strtod.
void check_like_strtod(const std::string& text) {
    char* ours_end = nullptr;
    char* libc_end = nullptr;
    const double ours = parse_decimal_number(text.c_str(), &ours_end);
    const double libc = std::strtod(text.c_str(), &libc_end);
    INFO("text: ", text);
    CHECK(bits_of(ours) == bits_of(libc));
    CHECK(ours_end - text.c_str() == libc_end - text.c_str());
}

} // namespace

TEST_CASE("decimal numbers round to the nearest double exactly as strtod does") {
    SUBCASE("hand-picked") {
        const char* cases[] = {
            "0",
            "-0",
            "0.0",
            "-0.0e5",
            "1",
            "-1",
            "42",
            "3.25",
            "-12.5",
            "0.1",
            "0.2",
            "0.3",
            "99.5",
            "1e22",
            "1e23",
            "9007199254740992",
            "9007199254740993",
            "9007199254740995",
            "9007199254740993.0000000000001",
            "18446744073709551615",
            "18446744073709551616",
            "123456789012345678901234567890",
            "2.2250738585072011e-308",
            "2.2250738585072014e-308",
            "4.9406564584124654e-324",
            "2.4703282292062327e-324",
            "2.4703282292062328e-324",
            "1.7976931348623157e308",
            "1.7976931348623158e308",
            "1.7976931348623159e308",
            "1e308",
            "1e309",
            "-1e400",
            "1e-400",
            "1e-324",
            "0e999999999",
            "1e999999999999",
            "1E+2",
            "1e-2",
            "7.",
            ".5",
            "-.5",
            "+3",
            "1e",
            "1e+",
            "2.5e-",
            "12abc",
            "1.2.3",
            "0.000000000000000000000000000000000001234",
            "1000000000000000000000000000000e-30",
            "8."
            "98846567431157953864652595394512366808988489471153286367150405788663379027504815663542"
            "38661203768010560056939935696678829394884407208311246423715319737062188883946712432742"
            "6381511098006230470597265414760425028844190753411712314747e307",
        };
        for (const char* c : cases)
            check_like_strtod(c);
    }
    SUBCASE("no number: nothing read, end at the start") {
        char* end = nullptr;
        const char* text = "x1";
        CHECK(parse_decimal_number(text, &end) == 0);
        CHECK(end == text);
        CHECK(parse_decimal_number("-.e5", &end) == 0);
    }
    SUBCASE("more digits than the 800 kept: the rest still count") {
        const std::string ones(900, '1');
        check_like_strtod(ones);
        check_like_strtod(ones + "e-900");
        check_like_strtod("0." + ones);
        check_like_strtod("9007199254740993" + std::string(900, '0'));
        check_like_strtod("9007199254740993" + std::string(900, '0') + "1e-916");
        check_like_strtod("0." + std::string(1000, '0') + "1e1000");
        // The exact halfway point between 2^53 and 2^53 + 2 with a non-zero digit 1000 places on.
        check_like_strtod("9007199254740993." + std::string(1000, '0') + "1");
    }
    SUBCASE("a fixed-seed sample of doubles printed at every precision") {
        std::mt19937_64 rng(20261122);
        char buf[64];
        for (int i = 0; i < 4000; ++i) {
            double d;
            const std::uint64_t b = rng() & 0x7FFFFFFFFFFFFFFFu;
            std::memcpy(&d, &b, sizeof d);
            if (d != d || d - d != 0)
                continue; // nan, inf
            const int precision = static_cast<int>(rng() % 20);
            std::snprintf(buf, sizeof buf, rng() % 2 ? "%.*e" : "%.*g", precision, d);
            check_like_strtod(buf);
        }
    }
    SUBCASE("a fixed-seed sample of digit strings with every exponent") {
        std::mt19937_64 rng(5);
        for (int i = 0; i < 3000; ++i) {
            std::string text = rng() % 4 == 0 ? "-" : "";
            const int digits = 1 + static_cast<int>(rng() % 40);
            for (int k = 0; k < digits; ++k)
                text += static_cast<char>('0' + rng() % 10);
            if (rng() % 2)
                text.insert(text.size() - static_cast<std::size_t>(rng() % digits), ".");
            text += "e" + std::to_string(static_cast<int>(rng() % 700) - 360);
            check_like_strtod(text);
        }
    }
}
