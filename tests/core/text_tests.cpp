// Tests of text.hpp: language fallback, UTF-8 validation, code-point counts, Unicode trim.
#include "deltag/text.hpp"

#include <doctest/doctest.h>

using namespace deltag;

TEST_CASE("pick prefers the asked language, its fallback chain, then English, Swedish, Danish, then any") {
    const LocalizedText all{{"sv", "Namn"}, {"da", "Navn"}, {"en", "Name"}};
    CHECK(pick(all, "da") == "Navn");
    CHECK(pick(all, "fi") == "Namn"); // Finnish readers read Swedish next (languages.hpp)
    CHECK(pick(all, "de") == "Navn"); // the German minority in Denmark reads Danish
    CHECK(pick(all, "pl") == "Name");
    CHECK(pick({{"sv", "Namn"}, {"da", "Navn"}}, "fi") == "Namn");
    CHECK(pick({{"da", "Navn"}}, "sv") == "Navn");
    CHECK(pick({{"se", "Nama"}}, "sv") == "Nama");
    CHECK(pick({{"sv", ""}, {"en", "Name"}}, "sv") == "Name");
    CHECK(pick({}, "sv").empty());
}

TEST_CASE("names are counted in code points, not bytes") {
    struct Case {
        const char* text;
        std::size_t count;
    };
    const Case cases[] = {
        {"Áile Ŋuolja", 11}, {"Søren Ærø", 9},        {"Päivi Hyvönen", 13}, {"", 0},
        {"abc", 3},          {"\xF0\x9F\x98\x80", 1}, // emoji
    };
    for (const auto& c : cases) {
        const std::string captured = c.text;
        CAPTURE(captured);
        CHECK(code_points(c.text) == c.count);
    }
}

TEST_CASE("invalid UTF-8 is recognised: overlong, surrogates, truncated, stray bytes") {
    struct Case {
        std::string text;
        bool valid;
    };
    const Case cases[] = {
        {"Søren", true},
        {"\xE2\x80\xA8", true},      // U+2028 is valid UTF-8 (rejected later as control)
        {"\xF4\x8F\xBF\xBF", true},  // U+10FFFF
        {"\xC3", false},             // truncated
        {"\xC0\xAF", false},         // overlong '/'
        {"\xE0\x80\xAF", false},     // overlong
        {"\xED\xA0\x80", false},     // surrogate U+D800
        {"\xF4\x90\x80\x80", false}, // beyond U+10FFFF
        {"\x80", false},             // stray continuation byte
        {"a\xFF"
         "b",
         false},
    };
    for (const auto& c : cases) {
        const std::string captured = c.text;
        CAPTURE(captured);
        CHECK(is_valid_utf8(c.text) == c.valid);
    }
}

TEST_CASE("trim removes Unicode white space, including no-break spaces, at both ends only") {
    struct Case {
        const char* in;
        const char* out;
    };
    const Case cases[] = {
        {"  Anna  ", "Anna"},
        {"\xC2\xA0"
         "Anna\xC2\xA0",
         "Anna"}, // NBSP
        {"\xE2\x80\xAF"
         "Anna Berg\xE3\x80\x80",
         "Anna Berg"}, // narrow NBSP, ideographic space
        {"\t\n Anna\r\n", "Anna"},
        {"Anna  Berg", "Anna  Berg"},
        {"   ", ""},
        {"\xC2\xA0\xC2\xA0", ""},
        {"", ""},
        {"Ærø", "Ærø"},
    };
    for (const auto& c : cases) {
        const std::string captured = c.in;
        CAPTURE(captured);
        CHECK(trim(c.in) == c.out);
    }
}

TEST_CASE("code points decode and encode back to the same bytes") {
    const std::string text = "Áile Ŋuolja \xF0\x9F\x98\x80";
    std::string again;
    for (std::size_t i = 0; i < text.size();) {
        const auto c = next_code_point(text, i);
        REQUIRE(c.has_value());
        append_utf8(again, *c);
    }
    CHECK(again == text);
}
