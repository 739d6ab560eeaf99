// Tests of each visitor catalog's _locale block (shared/catalogs/README.md): the endonym, month and
// weekday names, date and time patterns and plural rules the widget formats with when the
// browser's Intl lacks the exact tag. Test-side readers of the patterns and rules, so a block
// that parses here is one the widget's formatter can use.
#include "catalog_files.hpp"

#include <doctest/doctest.h>

#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

using namespace catalog_files;

namespace {

// The _locale block of a language's visitor catalog, or null.
nlohmann::json locale_of(const std::string& lang) { return member(file_json(lang + ".json"), "_locale"); }

std::string text(const nlohmann::json& locale, const char* key) { return text_of(member(locale, key)); }

// The i-th name of a list of names, or "".
std::string name_at(const nlohmann::json& locale, const char* list, std::size_t i) {
    const nlohmann::json& names = member(locale, list);
    return names.is_array() && i < names.size() ? text_of(names[i]) : std::string();
}

// A non-negative decimal integer that is the whole of s, or nullopt.
std::optional<long> whole_number(const std::string& s) {
    if (s.empty() || s.size() > 9)
        return std::nullopt;
    long value = 0;
    for (char c : s) {
        if (c < '0' || c > '9')
            return std::nullopt;
        value = value * 10 + (c - '0');
    }
    return value;
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
        std::string mod_text;
        if (!(in >> mod_text) || !(in >> op))
            return std::nullopt;
        std::optional<long> mod = whole_number(mod_text);
        if (!mod || *mod == 0)
            return std::nullopt;
        value %= *mod;
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
        std::optional<long> low = whole_number(item.substr(0, dots));
        std::optional<long> high = dots == std::string::npos ? low : whole_number(item.substr(dots + 2));
        if (!low || !high)
            return std::nullopt;
        in_list = in_list || (value >= *low && value <= *high);
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
        const nlohmann::json& rule = member(plural, category);
        if (rule.is_null())
            continue;
        std::optional<bool> holds = rule.is_string() ? rule_holds(rule.get<std::string>(), n) : std::nullopt;
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
    for (const auto& entry : endonyms) {
        // Not a structured binding: CAPTURE's lambda cannot capture one in C++17 (clang refuses).
        const char* lang = entry.first;
        const char* endonym = entry.second;
        CAPTURE(lang);
        const nlohmann::json locale = locale_of(lang);
        CHECK(locale.is_object());
        CHECK(text(locale, "tag") == lang);
        CHECK(text(locale, "endonym") == endonym);
        CHECK(text(locale, "dir") == "ltr");
    }
}

TEST_CASE("the Romani catalog names its variety, as Swedish agencies do") {
    const nlohmann::json locale = locale_of("rom");
    CHECK(text(locale, "tag") == "rom");
    CHECK(text(locale, "variety") == "Kalderash");
    CHECK(text(locale, "variety_tag") == "rmy");
    CHECK(text(locale, "endonym").find("Romani") == 0);
    CHECK(text(locale, "endonym").find("kelderash") != std::string::npos);
    CHECK(text(locale, "dir") == "ltr");
}

TEST_CASE("every visitor catalog has twelve months and seven weekdays, full and short") {
    for (const char* lang : all_languages) {
        CAPTURE(lang);
        const nlohmann::json locale = locale_of(lang);
        CHECK(is_list_of_distinct_names(member(locale, "months"), 12));
        CHECK(is_list_of_distinct_names(member(locale, "months_short"), 12));
        CHECK(is_list_of_distinct_names(member(locale, "weekdays"), 7));
        CHECK(is_list_of_distinct_names(member(locale, "weekdays_short"), 7));
    }
}

TEST_CASE("the minority languages' month names are their own, not English or Swedish ones") {
    // Chromium formats se, smj, sma, fit and rom dates in en-US without a word (issue 12).
    const nlohmann::json en = locale_of("en"), sv = locale_of("sv");
    for (const char* lang : {"fi", "fit", "se", "smj", "sma", "rom", "de"}) {
        CAPTURE(lang);
        const nlohmann::json locale = locale_of(lang);
        for (std::size_t m : {0u, 2u, 11u}) {
            CAPTURE(m);
            CHECK_FALSE(name_at(locale, "months", m).empty());
            CHECK(name_at(locale, "months", m) != name_at(en, "months", m));
            CHECK(name_at(locale, "months", m) != name_at(sv, "months", m));
        }
    }
    CHECK(name_at(locale_of("se"), "months", 11) == "juovlamánnu");
    CHECK(name_at(locale_of("fi"), "months", 11) == "joulukuuta"); // the partitive a date uses
    CHECK(name_at(locale_of("se"), "weekdays", 0) == "vuossárga"); // Monday first
}

TEST_CASE("every visitor catalog's date and time patterns use only the README's fields") {
    for (const char* lang : all_languages) {
        CAPTURE(lang);
        const nlohmann::json locale = locale_of(lang);
        const auto date = pattern_fields(text(locale, "date"));
        const auto numeric = pattern_fields(text(locale, "date_numeric"));
        const auto time = pattern_fields(text(locale, "time"));
        CHECK(date.has_value());
        CHECK(numeric.has_value());
        CHECK(time.has_value());
        const std::vector<std::string> none;
        const auto& d = date ? *date : none;
        const auto& n = numeric ? *numeric : none;
        const auto& t = time ? *time : none;
        CHECK(has_field(d, {"MMMM"}));
        CHECK(has_field(d, {"d", "dd"}));
        CHECK(has_field(d, {"y"}));
        CHECK(has_field(n, {"M", "MM"}));
        CHECK_FALSE(has_field(n, {"MMM", "MMMM", "EEE", "EEEE"}));
        CHECK(has_field(n, {"d", "dd"}));
        CHECK(has_field(n, {"y"}));
        CHECK(has_field(t, {"H", "HH"}));
        CHECK(has_field(t, {"mm"}));
    }
    // The reader itself refuses what the README does not allow.
    CHECK(pattern_fields("d. MMMM y").has_value());
    CHECK(pattern_fields("EEEE 'den' d MMMM").has_value());
    CHECK_FALSE(pattern_fields("d MMMMM y").has_value());  // narrow month: not in the subset
    CHECK_FALSE(pattern_fields("h:mm a").has_value());     // 12-hour clock: not in the subset
    CHECK_FALSE(pattern_fields("d 'of MMMM").has_value()); // unclosed quote
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
        const nlohmann::json plural = member(locale_of(c.lang), "plural");
        CHECK(plural.is_object());
        std::set<std::string> categories;
        if (plural.is_object())
            for (auto it = plural.begin(); it != plural.end(); ++it) {
                CHECK(it->is_string());
                categories.insert(it.key());
            }
        CHECK(categories == c.categories);
        CHECK(member(plural, "other") == "");
        const bool dual = c.categories.count("two") == 1;
        CHECK(plural_category(plural, 0) == "other");
        CHECK(plural_category(plural, 1) == "one");
        CHECK(plural_category(plural, 2) == (dual ? "two" : "other"));
        CHECK(plural_category(plural, 3) == "other");
        CHECK(plural_category(plural, 11) == "other");
        CHECK(plural_category(plural, 21) == "other");
        CHECK(plural_category(plural, 102) == "other");
    }
    // The reader itself follows CLDR's and-before-or and refuses what it cannot read.
    CHECK(rule_holds("n = 1 or t != 0 and i = 0,1", 1) == true);
    CHECK(rule_holds("n = 1 or t != 0 and i = 0,1", 0) == false);
    CHECK(rule_holds("i % 10 = 2..4 and i % 100 != 12..14", 23) == true);
    CHECK(rule_holds("i % 10 = 2..4 and i % 100 != 12..14", 13) == false);
    CHECK_FALSE(rule_holds("n is 1", 1).has_value());
    CHECK_FALSE(rule_holds("x = 1", 1).has_value());
    CHECK_FALSE(rule_holds("n = one", 1).has_value());
}

} // TEST_SUITE
