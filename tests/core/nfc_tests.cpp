// Tests of nfc.hpp: text is compared and stored as NFC (issue 12), Yiddish points included.
#include "deltag/nfc.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace deltag;

TEST_CASE("NFC composes what has a composite and orders marks canonically") {
    struct Case {
        const char* in;
        const char* out;
    };
    const Case cases[] = {
        {"a\u0308", "\u00E4"},                       // ä
        {"A\u030A", "\u00C5"},                       // Å (and U+212B ANGSTROM below)
        {"\u212B", "\u00C5"},                        // singleton decomposition
        {"Nguye\u0302\u0303n", "Nguy\u1EC5n"},       // two marks onto one letter
        {"Nguy\u1EC5n Th\u1ECB", "Nguy\u1EC5n Th\u1ECB"},
        {"q\u0307\u0323", "q\u0323\u0307"},          // no composite: canonical order only
        {"\u1E0B\u0323", "\u1E0D\u0307"},            // ḋ + dot below = ḍ + dot above
        {"\u1100\u1161\u11A8", "\uAC01"},            // Hangul L V T
        {"\u0627\u0653", "\u0622"},                  // Arabic alef with madda
        {"\u0915\u093C", "\u0915\u093C"},            // composition exclusion stays apart
        {"\u041E\u043B\u0435\u043D\u0430", "\u041E\u043B\u0435\u043D\u0430"},
        {"\u0438\u0306", "\u0439"},                  // Cyrillic й
        {"", ""},
        {"Ŋuolja", "Ŋuolja"},
    };
    for (const Case& c : cases) {
        CAPTURE(c.in);
        CHECK(to_nfc(c.in) == c.out);
    }
}

TEST_CASE("Yiddish: presentation forms decompose, points keep their order, ײ stays one letter") {
    CHECK(to_nfc("\uFB2E") == "\u05D0\u05B7");              // אַ
    CHECK(to_nfc("\uFB1F") == "\u05F2\u05B7");              // ײַ
    CHECK(to_nfc("\u05D9\u05B4\u05D3\u05D9\u05E9") == "\u05D9\u05B4\u05D3\u05D9\u05E9"); // יִדיש
    CHECK(to_nfc("\u05E4\u05BF\u05BC") == "\u05E4\u05BC\u05BF"); // dagesh (21) before rafe (23)
    CHECK(to_nfc("\u05F2") != to_nfc("\u05D9\u05D9"));      // not canonically equivalent
    CHECK(to_nfc("\u05D9\u05D9\u05B4\u05D3\u05D9\u05E9") == to_nfc("\u05D9\u05D9\u05B4\u05D3\u05D9\u05E9"));
}

TEST_CASE("NFC keeps invalid UTF-8 as it is and says what is already NFC") {
    CHECK(to_nfc(std::string("a\xC3", 2)) == std::string("a\xC3", 2));
    CHECK(to_nfc("\xED\xA0\x80") == "\xED\xA0\x80");
    CHECK(is_nfc("K\u00F8benhavn"));
    CHECK_FALSE(is_nfc("Ko\u0308ln"));
    CHECK(std::string(nfc_unicode_version()).size() >= 5);
}
