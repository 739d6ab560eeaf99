// Tests of the writing direction of language tags and of the isolation of inserted values
// (bidi.cpp, and message() in catalog.cpp), issue 12.
#include "deltag/bidi.hpp"
#include "deltag/catalog.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace deltag;

TEST_CASE("a language's direction comes from its tag, a script subtag deciding") {
    struct Case {
        const char* tag;
        const char* dir;
    };
    const Case cases[] = {
        {"yi", "rtl"},    {"ar", "rtl"},     {"he", "rtl"},      {"fa-IR", "rtl"}, {"ur", "rtl"},
        {"ckb", "rtl"},   {"AR-eg", "rtl"},  {"yi_US", "rtl"},   {"sv", "ltr"},    {"da", "ltr"},
        {"en", "ltr"},    {"se", "ltr"},     {"fit", "ltr"},     {"", "ltr"},      {"ku", "ltr"},
        {"ku-Arab", "rtl"}, {"pa-Arab-PK", "rtl"}, {"yi-Latn", "ltr"}, {"yid", "ltr"}, // yid: canonicalised to yi beforehand
    };
    for (const Case& c : cases) {
        CAPTURE(c.tag);
        CHECK(text_direction(c.tag) == c.dir);
    }
}

TEST_CASE("right-to-left letters are found in Hebrew, Yiddish and Arabic script only") {
    CHECK(has_rtl_letters("\xD7\x99\xD7\x99\xD6\xB4\xD7\x93\xD7\x99\xD7\xA9"));  // ייִדיש
    CHECK(has_rtl_letters("Anna \xD9\x85\xD8\xAD\xD9\x85\xD8\xAF"));            // Anna محمد
    CHECK(has_rtl_letters("\xEF\xAC\xAE"));                                      // U+FB2E אַ presentation form
    CHECK_FALSE(has_rtl_letters("Nguy\xE1\xBB\x85n Th\xE1\xBB\x8B Minh Khai"));
    CHECK_FALSE(has_rtl_letters("\xD0\x9E\xD0\xBB\xD0\xB5\xD0\xBD\xD0\xB0 12:30")); // Олена 12:30
    CHECK_FALSE(has_rtl_letters(""));
}

TEST_CASE("an isolated value is wrapped in FSI and PDI") {
    CHECK(isolate("12") == "\xE2\x81\xA8" "12" "\xE2\x81\xA9");
    CHECK(isolate("").size() == 6);
}

TEST_CASE("a right-to-left message isolates every inserted value") {
    // yi: "{n} places left"; the number must stay a unit beside the neutral punctuation.
    const std::string text = message("yi", "widget.avail.seats_left", {{"n", "12"}});
    CHECK(text.find(isolate("12")) != std::string::npos);
    const std::string ar = message("ar", "widget.avail.seats_left", {{"n", "3"}});
    CHECK(ar.find(isolate("3")) != std::string::npos);
}

TEST_CASE("a left-to-right message isolates only values with right-to-left letters") {
    CHECK(message("en", "widget.avail.seats_left", {{"n", "12"}}) == "12 places left");
    const std::string name = "\xD9\x85\xD8\xAD\xD9\x85\xD8\xAF"; // محمد
    const auto params = isolated_values("sv", {{"name", name}, {"date", "3 mars"}});
    CHECK(params.at("name") == isolate(name));
    CHECK(params.at("date") == "3 mars");
}
