// Tests of each visitor catalog's _locale block (shared/catalogs/README.md): the endonym, month and
// weekday names, date and time patterns and plural rules the widget formats with when the
// browser's Intl lacks the exact tag. Test-side readers of the patterns and rules, so a block
// that parses here is one the widget's formatter can use.
#include "deltag/embedded.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace {

const char* const all_languages[] = {"sv", "da", "en", "fi", "fit", "se", "smj", "sma", "rom", "de"};

nlohmann::json locale_of(const std::string& lang) {
    const nlohmann::json j = nlohmann::json::parse(deltag::embedded_file(lang + ".json"), nullptr, false);
    return j.is_object() && j.contains("_locale") ? j["_locale"] : nlohmann::json();
}

// The pattern's letter runs ("d", "MMMM", ...), or nullopt if it holds a run the README does not
// allow or an unclosed quote.
std::optional<std::vector<std::string>> pattern_fields(const std::string& pattern) {
    static const std::set<std::string> allowed{"d", "dd", "M", "MM", "MMM", "MMMM", "y",
                                               "EEE", "EEEE", "H", "HH", "mm"};
    std::vector<std::string> fields;
    for (std::size_t i = 0; i < pattern.size();) {
        const char c = pattern[i];
        if (c == '\'') {
            std::size_t close = pattern.find('\'', i + 1);
            if (close == std::string::npos)
                return std::nullopt;
            i = close + 1;
        } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
            std::size_t end = i;
            while (end < pattern.size() && pattern[end] == c)
                ++end;
            std::string run = pattern.substr(i, end - i);
            if (!allowed.count(run))
                return std::nullopt;
            fields.push_back(run);
            i = end;
        } else {
            ++i;
        }
    }
    return fields;
}

bool has_field(const std::vector<std::string>& fields, std::initializer_list<const char*> any) {
    for (const std::string& f : fields)
        for (const char* a : any)
            if (f == a)
                return true;
    return false;
}

// One relation "i % 10 = 1,3..5" of a CLDR rule, for an integer count: i = n, v = f = t = 0.
std::optional<bool> relation_holds(const std::string& relation, long n) {
    std::istringstream in(relation);
    std::string operand, op;
    if (!(in >> operand))
        return std::nullopt;
    long value;
    if (operand == "n" || operand == "i")
        value = n;
    else if (operand == "v" || operand == "f" || operand == "t")
        value = 0;
    else
        return std::nullopt;
    if (!(in >> op))
        return std::nullopt;
    if (op == "%") {
        long mod;
        if (!(in >> mod) || mod <= 0 || !(in >> op))
            return std::nullopt;
        value %= mod;
    }
    if (op != "=" && op != "!=")
        return std::nullopt;
    std::string list, rest;
    if (!(in >> list) || (in >> rest))
        return std::nullopt;
    bool in_list = false;
    std::istringstream items(list);
    for (std::string item; std::getline(items, item, ',');) {
        const std::size_t dots = item.find("..");
        try {
            std::size_t used = 0;
            const long low = std::stol(item.substr(0, dots), &used);
            if (used != (dots == std::string::npos ? item.size() : dots))
                return std::nullopt;
            const long high = dots == std::string::npos ? low : std::stol(item.substr(dots + 2));
            in_list = in_list || (value >= low && value <= high);
        } catch (...) {
            return std::nullopt;
        }
    }
    return op == "=" ? in_list : !in_list;
}

// Splits text at each occurrence of sep.
std::vector<std::string> split(const std::string& text, const std::string& sep) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    for (std::size_t at = text.find(sep); at != std::string::npos; at = text.find(sep, start)) {
        parts.push_back(text.substr(start, at - start));
        start = at + sep.size();
    }
    parts.push_back(text.substr(start));
    return parts;
}

// A CLDR rule ("a and b or c"; and binds tighter) for an integer count; nullopt if malformed.
std::optional<bool> rule_holds(const std::string& rule, long n) {
    bool any = false;
    for (const std::string& conjunction : split(rule, " or ")) {
        bool all = true;
        for (const std::string& relation : split(conjunction, " and ")) {
            std::optional<bool> holds = relation_holds(relation, n);
            if (!holds)
                return std::nullopt;
            all = all && *holds;
        }
        any = any || all;
    }
    return any;
}

// The plural category of an integer count, the first in CLDR's order whose rule holds.
std::string plural_category(const nlohmann::json& plural, long n) {
    for (const char* category : {"zero", "one", "two", "few", "many"}) {
        if (!plural.contains(category))
            continue;
        std::optional<bool> holds = rule_holds(plural[category].get<std::string>(), n);
        if (!holds)
            return "malformed " + std::string(category);
        if (*holds)
            return category;
    }
    return "other";
}

bool is_list_of_distinct_names(const nlohmann::json& j, std::size_t size) {
    if (!j.is_array() || j.size() != size)
        return false;
    std::set<std::string> seen;
    for (const auto& name : j)
        if (!name.is_string() || name.get<std::string>().empty() || !seen.insert(name.get<std::string>()).second)
            return false;
    return true;
}

} // namespace

TEST_SUITE("core: catalog locale data") {

TEST_CASE("every visitor catalog names its language and direction") {
    const std::pair<const char*, const char*> endonyms[] = {
        {"sv", "Svenska"}, {"da", "Dansk"}, {"en", "English"}, {"fi", "Suomi"}, {"fit", "Meänkieli"},
        {"se", "Davvisámegiella"}, {"smj", "Julevsámegiella"}, {"sma", "Åarjelsaemien gïele"},
        {"de", "Deutsch"}};
    for (const auto& [lang, endonym] : endonyms) {
        CAPTURE(lang);
        const nlohmann::json locale = locale_of(lang);
        REQUIRE(locale.is_object());
        CHECK(locale.value("tag", "") == lang);
        CHECK(locale.value("endonym", "") == endonym);
        CHECK(locale.value("dir", "") == "ltr");
    }
}

TEST_CASE("the Romani catalog names its variety, as Swedish agencies do") {
    const nlohmann::json locale = locale_of("rom");
    REQUIRE(locale.is_object());
    CHECK(locale.value("tag", "") == "rom");
    CHECK(locale.value("variety", "") == "Kalderash");
    CHECK(locale.value("variety_tag", "") == "rmy");
    CHECK(locale.value("endonym", "").find("Romani") == 0);
    CHECK(locale.value("endonym", "").find("kelderash") != std::string::npos);
}

TEST_CASE("every visitor catalog has twelve months and seven weekdays, full and short") {
    for (const char* lang : all_languages) {
        CAPTURE(lang);
        const nlohmann::json locale = locale_of(lang);
        REQUIRE(locale.is_object());
        CHECK(is_list_of_distinct_names(locale["months"], 12));
        CHECK(is_list_of_distinct_names(locale["months_short"], 12));
        CHECK(is_list_of_distinct_names(locale["weekdays"], 7));
        CHECK(is_list_of_distinct_names(locale["weekdays_short"], 7));
    }
}

TEST_CASE("the minority languages' month names are their own, not English or Swedish ones") {
    // Chromium formats se, smj, sma, fit and rom dates in en-US without a word (issue 12).
    const nlohmann::json en = locale_of("en"), sv = locale_of("sv");
    for (const char* lang : {"fi", "fit", "se", "smj", "sma", "de"}) {
        CAPTURE(lang);
        const nlohmann::json locale = locale_of(lang);
        REQUIRE(locale.is_object());
        for (int m : {0, 2, 11}) {
            CAPTURE(m);
            CHECK(locale["months"][m] != en["months"][m]);
            CHECK(locale["months"][m] != sv["months"][m]);
        }
    }
    CHECK(locale_of("se")["months"][11] == "juovlamánnu");
    CHECK(locale_of("fi")["months"][11] == "joulukuuta"); // the partitive a date uses
}

TEST_CASE("every visitor catalog's date and time patterns use only the README's fields") {
    for (const char* lang : all_languages) {
        CAPTURE(lang);
        const nlohmann::json locale = locale_of(lang);
        REQUIRE(locale.is_object());
        const auto date = pattern_fields(locale.value("date", ""));
        REQUIRE(date);
        CHECK(has_field(*date, {"MMMM"}));
        CHECK(has_field(*date, {"d", "dd"}));
        CHECK(has_field(*date, {"y"}));
        const auto numeric = pattern_fields(locale.value("date_numeric", ""));
        REQUIRE(numeric);
        CHECK(has_field(*numeric, {"M", "MM"}));
        CHECK_FALSE(has_field(*numeric, {"MMM", "MMMM", "EEE", "EEEE"}));
        CHECK(has_field(*numeric, {"d", "dd"}));
        CHECK(has_field(*numeric, {"y"}));
        const auto time = pattern_fields(locale.value("time", ""));
        REQUIRE(time);
        CHECK(has_field(*time, {"H", "HH"}));
        CHECK(has_field(*time, {"mm"}));
    }
}

TEST_CASE("the pattern reader refuses fields and quotes the README does not allow") {
    CHECK(pattern_fields("d. MMMM y"));
    CHECK(pattern_fields("EEEE 'den' d MMMM"));
    CHECK_FALSE(pattern_fields("d MMMMM y"));  // narrow month: not in the subset
    CHECK_FALSE(pattern_fields("h:mm a"));     // 12-hour clock: not in the subset
    CHECK_FALSE(pattern_fields("d 'of MMMM")); // unclosed quote
}

TEST_CASE("every visitor catalog's plural rules give CLDR's categories") {
    struct Case {
        const char* lang;
        std::set<std::string> categories;
    };
    const Case cases[] = {
        {"sv", {"one", "other"}},  {"da", {"one", "other"}},         {"en", {"one", "other"}},
        {"fi", {"one", "other"}},  {"fit", {"one", "other"}},        {"rom", {"one", "other"}},
        {"de", {"one", "other"}},  {"se", {"one", "two", "other"}}, {"smj", {"one", "two", "other"}},
        {"sma", {"one", "two", "other"}},
    };
    for (const Case& c : cases) {
        CAPTURE(c.lang);
        const nlohmann::json plural = locale_of(c.lang)["plural"];
        REQUIRE(plural.is_object());
        std::set<std::string> categories;
        for (auto it = plural.begin(); it != plural.end(); ++it) {
            REQUIRE(it->is_string());
            categories.insert(it.key());
        }
        CHECK(categories == c.categories);
        CHECK(plural["other"] == "");
        const bool dual = c.categories.count("two") == 1;
        CHECK(plural_category(plural, 0) == "other");
        CHECK(plural_category(plural, 1) == "one");
        CHECK(plural_category(plural, 2) == (dual ? "two" : "other"));
        CHECK(plural_category(plural, 3) == "other");
        CHECK(plural_category(plural, 11) == "other");
        CHECK(plural_category(plural, 21) == "other");
        CHECK(plural_category(plural, 102) == "other");
    }
}

TEST_CASE("the rule reader follows CLDR's and-before-or and refuses what it cannot read") {
    CHECK(rule_holds("n = 1 or t != 0 and i = 0,1", 1) == true);
    CHECK(rule_holds("n = 1 or t != 0 and i = 0,1", 0) == false);
    CHECK(rule_holds("i % 10 = 2..4 and i % 100 != 12..14", 23) == true);
    CHECK(rule_holds("i % 10 = 2..4 and i % 100 != 12..14", 13) == false);
    CHECK_FALSE(rule_holds("n is 1", 1));
    CHECK_FALSE(rule_holds("x = 1", 1));
    CHECK_FALSE(rule_holds("n = one", 1));
}

} // TEST_SUITE
