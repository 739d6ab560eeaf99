// Tests of json_number.hpp: the same double and the same end as the C library's strtod, and the
// same text as its printf("%.*g") (glibc natively, musl in the wasm run; both exact), for
// hand-picked hard cases and for fixed-seed samples around every magnitude.
#include "deltag/json_number.hpp"

#include <doctest/doctest.h>

#include <cinttypes>
#include <cmath>
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

namespace {

void check_like_printf(double d, int precision) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*g", precision, d);
    INFO("precision ", precision, ", bits ", bits_of(d));
    CHECK(format_general(d, precision) == std::string(buf));
}

} // namespace

TEST_CASE("%g text of a double is exactly what printf writes") {
    SUBCASE("hand-picked") {
        const double cases[] = {0.0,
                                -0.0,
                                1.0,
                                -1.0,
                                0.1,
                                0.5,
                                1.5,
                                2.5,
                                99.5,
                                100.0,
                                1e15,
                                1e16,
                                123456789012345.0,
                                1234567890123456.0,
                                0.0001,
                                0.00001,
                                1e-5,
                                9.9999999999999995e-5,
                                999999999999999.5,
                                9.5,
                                0.3,
                                1.0 / 3.0,
                                5e-324,
                                2.2250738585072014e-308,
                                1.7976931348623157e308,
                                1e300,
                                -1e-300,
                                0.1 + 0.2,
                                1e21,
                                123.456,
                                1e100 / 3.0};
        for (double d : cases)
            for (int precision = 1; precision <= 17; ++precision)
                check_like_printf(d, precision);
        CHECK(format_general(1.0 / 0.0, 15) == "inf");
        CHECK(format_general(-1.0 / 0.0, 15) == "-inf");
    }
    SUBCASE("ties at the last digit round to even, as on the exact binary value") {
        for (double d : {0.125, 0.375, 2.5, 3.5, 1.25, 1e23, 4.35, 0.15, 1.005})
            for (int precision = 1; precision <= 4; ++precision)
                check_like_printf(d, precision);
    }
    SUBCASE("a fixed-seed sample of doubles at every precision") {
        std::mt19937_64 rng(7);
        for (int i = 0; i < 4000; ++i) {
            double d;
            const std::uint64_t b = rng();
            std::memcpy(&d, &b, sizeof d);
            if (d != d || d - d != 0)
                continue;
            check_like_printf(d, 1 + static_cast<int>(rng() % 17));
        }
        for (int i = 0; i < 2000; ++i) { // numbers people type: a few digits, small exponents
            const double d = static_cast<double>(rng() % 2000000) / std::pow(10.0, rng() % 9);
            check_like_printf(i % 2 ? d : -d, 15);
        }
    }
}
