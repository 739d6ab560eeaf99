// Tests of locale_format.hpp: dates, plurals and language names from the catalogs, for the
// languages the browser's Intl lacks (issue 12). They read the compiled-in catalogs
// (shared/catalogs/se.json, yi.json, ...); a test that changes one restores it (KeepCatalog).
#include "deltag/catalog.hpp"
#include "deltag/locale_format.hpp"
#include "keep_catalog.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace deltag;

using deltag::test::KeepCatalog;

TEST_CASE("dates in se and yi use the catalog's month names, in Swedish local time") {
    // 2025-03-14 13:30 UTC is 14:30 in Stockholm (winter time); CLDR's long date patterns.
    CHECK(format_when_from_catalog("se", "2025-03-14T13:30:00Z", "") == "14. njukčamánnu 2025 14:30");
    CHECK(format_when_from_catalog("yi", "2025-03-14T14:30:00+01:00", "2025-03-14T16:00:00+01:00") ==
          "14טן מערץ 2025 14:30–16:00");
    // Summer time: +02:00 in June.
    CHECK(format_when_from_catalog("se", "2026-06-01T07:00:00Z", "") == "1. geassemánnu 2026 09:00");
    // Over midnight: both ends in full.
    CHECK(format_when_from_catalog("se", "2025-12-31T22:00:00+01:00", "2026-01-01T02:00:00+01:00") ==
          "31. juovlamánnu 2025 22:00 – 1. ođđajagemánnu 2026 02:00");
    CHECK(format_when_from_catalog("smj", "2025-03-14T13:30:00Z", "") == "14. sjnjuktjamánno 2025 14:30");
    CHECK(format_when_from_catalog("fit", "2025-03-14T13:30:00Z", "") == "14. maaliskuuta 2025 14.30");
}

TEST_CASE("dates in sv, da and en come from their catalogs too; a non-ISO text stays as it is") {
    // The exact pattern is the catalog's (shared/catalogs/README.md); the names are these.
    const std::string sv = format_when_from_catalog("sv", "2019-12-03T09:15:00+01:00", "2019-12-03T12:15:00+01:00");
    CHECK(sv.find("3 december 2019") != std::string::npos);
    CHECK(sv.find("09:15") != std::string::npos);
    CHECK(sv.find("12:15") != std::string::npos);
    CHECK(format_when_from_catalog("da", "2019-12-03T09:15:00+01:00", "").find("3. december 2019") != std::string::npos);
    CHECK(format_when_from_catalog("en", "2019-12-03T09:15:00+01:00", "").find("3 December 2019") != std::string::npos);
    CHECK(format_when_from_catalog("sv", "next week", "") == "next week");
    // A language without a catalog reads along its chain (any other tag: English).
    CHECK(format_when_from_catalog("pl", "2019-12-03T09:15:00+01:00", "") ==
          format_when_from_catalog("en", "2019-12-03T09:15:00+01:00", ""));
}

TEST_CASE("Sami plurals have one, two and other; Swedish one and other; Arabic six forms") {
    for (const char* sami : {"se", "smj", "sma"}) {
        CAPTURE(sami);
        CHECK(plural_category(sami, 1) == "one");
        CHECK(plural_category(sami, 2) == "two");
        CHECK(plural_category(sami, 3) == "other");
        CHECK(plural_category(sami, 0) == "other");
    }
    CHECK(plural_category("sv", 1) == "one");
    CHECK(plural_category("sv", 2) == "other");
    CHECK(plural_category("ar", 0) == "zero");
    CHECK(plural_category("ar", 1) == "one");
    CHECK(plural_category("ar", 2) == "two");
    CHECK(plural_category("ar", 5) == "few");
    CHECK(plural_category("ar", 11) == "many");
    CHECK(plural_category("ar", 100) == "other");
}

TEST_CASE("a count picks the message of its plural category, else the other one") {
    const KeepCatalog keep("se");
    REQUIRE(load_catalog("se", R"({"_locale.plural": "one-two-other", "seats.one": "{n} sadji",
                                   "seats.two": "{n} sajiid guokte", "seats.other": "{n} saji"})"));
    CHECK(message_count("se", "seats", 1) == "1 sadji");
    CHECK(message_count("se", "seats", 2) == "2 sajiid guokte");
    CHECK(message_count("se", "seats", 7) == "7 saji");
    REQUIRE(load_catalog("se", R"({"_locale.plural": "one-two-other", "seats.other": "{n} saji"})"));
    CHECK(message_count("se", "seats", 2) == "2 saji");
    CHECK(message_count("se", "no.such", 2) == "no.such.other");
}

TEST_CASE("the switch names each language in itself plus the page language") {
    CHECK(language_choice_label("se", "sv") == "Davvisámegiella (nordsamiska)");
    CHECK(language_choice_label("yi", "sv") == "ייִדיש (jiddisch)");
    CHECK(language_choice_label("sv", "sv") == "Svenska");
    CHECK(language_choice_label("da", "en") == "Dansk (Danish)");
    CHECK(language_choice_label("se", "se") == "Davvisámegiella");
    // The page language's name says nothing new: the endonym alone.
    CHECK(language_choice_label("fit", "sv") == "Meänkieli");
    CHECK(language_choice_label("rom", "sv") == "Romani čhib (kelderash)");
    // A page language without names of other languages shows the endonym alone, never a tag.
    CHECK(language_choice_label("sv", "se") == "Svenska");
    // Without a catalog of its own the language is named by its tag, never in another language.
    CHECK(language_choice_label("pl", "sv").rfind("pl", 0) == 0);
}

TEST_CASE("the widget's one catalog carries every language's own name for the switch") {
    const std::string text = visitor_catalog_json("sv");
    CHECK(text.find("\"_locale.endonym.se\":\"Davvisámegiella\"") != std::string::npos);
    CHECK(text.find("\"_locale.endonym.da\":\"Dansk\"") != std::string::npos);
}

TEST_CASE("the catalogs' _locale block (arrays, LDML patterns, CLDR plural rules) is read as the flat keys") {
    // The shape of shared/catalogs/README.md, as an agency file or a compiled-in <lang>.json has it.
    const char* const block = R"({
      "_meta": {"review": "draft", "note": "test stub"},
      "_locale": {
        "tag": "se", "endonym": "Davvisámegiella", "dir": "ltr",
        "months": ["ođđajagemánnu", "guovvamánnu", "njukčamánnu", "cuoŋománnu", "miessemánnu", "geassemánnu",
                   "suoidnemánnu", "borgemánnu", "čakčamánnu", "golggotmánnu", "skábmamánnu", "juovlamánnu"],
        "weekdays": ["vuossárga", "maŋŋebárga", "gaskavahkku", "duorastat", "bearjadat", "lávvardat", "sotnabeaivi"],
        "date": "EEEE d. MMMM y 'dii.'", "time": "HH:mm",
        "plural": {"one": "n = 1", "two": "n = 2", "other": ""}
      },
      "widget.retry": "Geahččal ođđasit"
    })";
    const KeepCatalog keep("se");
    REQUIRE(add_catalog("se", block).empty());
    CHECK(format_when_from_catalog("se", "2025-03-14T13:30:00Z", "") == "bearjadat 14. njukčamánnu 2025 dii. 14:30");
    CHECK(plural_category("se", 2) == "two");
    CHECK(language_choice_label("se", "sv").rfind("Davvisámegiella", 0) == 0);
    // The widget loads the same shape from the served text.
    const std::string served = visitor_catalog_json("se");
    unload_catalog("se");
    declare_catalog_language("se");
    REQUIRE(load_catalog("se", served));
    CHECK(message("se", "_locale.months").rfind("ođđajagemánnu|", 0) == 0);
    REQUIRE(load_catalog("se", R"({"_locale": {"endonym": "Davvisámegiella", "date": "d.M.y"}, "widget.retry": "x"})"));
    CHECK(format_when_from_catalog("se", "2025-03-14T13:30:00Z", "") == "14.3.2025 14:30");
}
