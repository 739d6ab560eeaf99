// Tests of the municipality lists and the picker's search (organisations.cpp).
#include "deltag/organisations.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

using namespace deltag;

namespace {

std::size_t count_country(const std::string& country) {
    std::size_t n = 0;
    for (const Municipality& m : municipalities())
        n += m.country == country;
    return n;
}

std::vector<std::string> names(const std::vector<const Municipality*>& found) {
    std::vector<std::string> out;
    for (const Municipality* m : found)
        out.push_back(m->name);
    return out;
}

} // namespace

TEST_CASE("Sweden has 290 municipalities and Denmark 98") {
    CHECK(count_country("se") == 290);
    CHECK(count_country("dk") == 98);
    CHECK(municipalities().size() == 388);
}

TEST_CASE("municipality codes are unique and well-formed per country") {
    std::set<std::string> seen;
    for (const Municipality& m : municipalities()) {
        CAPTURE(m.name);
        CHECK(seen.insert(m.country + ":" + m.code).second);
        CHECK(m.code.size() == (m.country == "se" ? 4u : 3u));
        CHECK(m.code.find_first_not_of("0123456789") == std::string::npos);
        CHECK_FALSE(m.name.empty());
    }
}

TEST_CASE("known codes name the right municipality") {
    struct Case {
        const char* country;
        const char* code;
        const char* name;
    };
    const Case cases[] = {
        {"se", "0180", "Stockholm"}, {"se", "1480", "Göteborg"},  {"se", "1280", "Malmö"},
        {"se", "0380", "Uppsala"},   {"se", "2584", "Kiruna"},    {"se", "1980", "Västerås"},
        {"se", "0980", "Gotland"},   {"se", "2380", "Östersund"}, {"se", "0114", "Upplands Väsby"},
        {"se", "1880", "Örebro"},    {"dk", "101", "København"},  {"dk", "751", "Aarhus"},
        {"dk", "461", "Odense"},     {"dk", "851", "Aalborg"},    {"dk", "147", "Frederiksberg"},
        {"dk", "400", "Bornholm"},   {"dk", "492", "Ærø"},        {"dk", "860", "Hjørring"},
    };
    for (const Case& c : cases) {
        CAPTURE(c.code);
        const Municipality* m = find_municipality(c.country, c.code);
        REQUIRE(m != nullptr);
        CHECK(m->name == c.name);
        CHECK(m->country == c.country);
    }
}

TEST_CASE("a code of the other country or an unknown code finds nothing") {
    CHECK(find_municipality("dk", "0180") == nullptr);
    CHECK(find_municipality("se", "101") == nullptr);
    CHECK(find_municipality("se", "0181")->name == "Södertälje");
    CHECK(find_municipality("se", "9999") == nullptr);
    CHECK(find_municipality("no", "0301") == nullptr);
}

TEST_CASE("Kiruna also carries its Sami name Giron") {
    const Municipality* kiruna = find_municipality("se", "2584");
    REQUIRE(kiruna != nullptr);
    CHECK(kiruna->other_names == std::vector<std::string>{"Giron"});
}

TEST_CASE("folding removes case and diacritics") {
    struct Case {
        const char* in;
        const char* out;
    };
    const Case cases[] = {
        {"Göteborg", "goteborg"},
        {"KØBENHAVN", "kobenhavn"},
        {"Ærø", "aero"},
        {"Åre", "are"},
        {"Árjepluovve", "arjepluovve"},
        {"Upplands-Bro", "upplands bro"},
        {"Jåhkåmåhkke", "jahkamahkke"},
        {"Mölndal", "molndal"},
        {"Tønder", "tonder"},
        {"Ŧŋ Đš Čž", "tn ds cz"},
        {"", ""},
        {"München", "munchen"},
        // issue 12: the new scripts and Vietnamese names
        {"Nguyễn Thị", "nguyen thi"},
        {"Ελένη Παπαδοπούλου", "ελενη παπαδοπουλου"},
        {"ОЛЕНА Шевченко", "олена шевченко"},
        {"יִידיש", "יידיש"},               // Yiddish points ignored
        {"ײַד", "ייד"}, // ײַ read as יי
        {"אַ", "א"},              // presentation-form אַ
        {"Ǥǥ Ʒʒ Áile Ŋuolja", "gg zz aile nuolja"},
        {"ä", "a"},                  // a decomposed mark goes too
    };
    for (const Case& c : cases)
        CHECK(fold_for_search(c.in) == c.out);
}

TEST_CASE("folding keeps malformed UTF-8 bytes instead of dropping them") {
    CHECK(fold_for_search(std::string("a\0b", 3)) == std::string("a\0b", 3));
    CHECK(fold_for_search(std::string("a\xC3", 2)) == std::string("a\xC3", 2));
    CHECK(fold_for_search(std::string("\xFF"
                                      "B",
                                      2)) == std::string("\xFF"
                                                         "b",
                                                         2));
}

TEST_CASE("search folds case and diacritics") {
    struct Case {
        const char* query;
        const char* country;
        const char* first;
    };
    const Case cases[] = {
        {"gote", "se", "Göteborg"},  {"kobenhavn", "dk", "København"},
        {"malm", "se", "Malmö"},     {"ORE", "se", "Örebro"},
        {"  umea ", "se", "Umeå"},   {"aero", "dk", "Ærø"},
        {"giron", "se", "Kiruna"},   {"upplands bro", "se", "Upplands-Bro"},
        {"0180", "se", "Stockholm"}, {"751", "dk", "Aarhus"},
    };
    for (const Case& c : cases) {
        CAPTURE(c.query);
        auto found = search_municipalities(c.query, {c.country});
        REQUIRE_FALSE(found.empty());
        CHECK(found.front()->name == c.first);
    }
}

TEST_CASE("search puts names that start with the query before names that contain it") {
    auto found = names(search_municipalities("sala", {"se"}));
    CHECK(found == std::vector<std::string>{"Sala", "Uppsala"});
    CHECK(std::find(found.begin(), found.end(), "Ånge") == found.end());
    // Sala and Salem start with "sal", a later word of Malung-Sälen does, Uppsala contains it.
    CHECK(names(search_municipalities("sal", {"se"})) ==
          std::vector<std::string>{"Sala", "Salem", "Malung-Sälen", "Uppsala"});
}

TEST_CASE("search keeps to the requested countries and the limit") {
    auto both = search_municipalities("s", {});
    auto se = search_municipalities("s", {"se"}, 500);
    auto dk = search_municipalities("s", {"dk"}, 500);
    CHECK(both.size() == 20);
    for (const Municipality* m : se)
        CHECK(m->country == "se");
    for (const Municipality* m : dk)
        CHECK(m->country == "dk");
    CHECK(search_municipalities("", {"dk"}, 500).size() == 98);
    CHECK(search_municipalities("qqq", {"se", "dk"}).empty());
    CHECK(search_municipalities("odense", {"se"}).empty());
}

// The widget's wasm has no compiled-in lists and loads a country's list when a form asks for it;
// each case restores the compiled-in list so the other tests see it unchanged, also when a
// REQUIRE ends it early.
namespace {

struct KeepList {
    std::string country, text;
    explicit KeepList(std::string c) : country(std::move(c)), text(municipalities_json(country)) {}
    ~KeepList() { load_municipalities(country, text); }
};

} // namespace

TEST_CASE("a country's list loaded from text replaces that country's municipalities only") {
    const KeepList keep("dk");
    const std::string& denmark = keep.text;
    REQUIRE(municipalities_loaded("dk"));
    CHECK(load_municipalities(
        "dk", R"([{"code": "101", "name": "København"}, {"code": "999", "name": "Nyby", "other_names": ["Ny"]}, {"name": "no code"}])"));
    CHECK(count_country("dk") == 2);
    CHECK(count_country("se") == 290);
    CHECK(municipalities().front().country == "se"); // Sweden's list stays first
    REQUIRE(find_municipality("dk", "999"));
    CHECK(find_municipality("dk", "999")->other_names == std::vector<std::string>{"Ny"});
    CHECK(find_municipality("dk", "751") == nullptr);
    CHECK(names(search_municipalities("nyby", {"dk"})) == std::vector<std::string>{"Nyby"});
    REQUIRE(load_municipalities("dk", denmark));
    CHECK(count_country("dk") == 98);
    CHECK(municipalities_json("dk") == denmark);
    CHECK(names(search_municipalities("nyby", {"dk"})).empty());
    CHECK(names(search_municipalities("aarh", {"dk"})) == std::vector<std::string>{"Aarhus"});
}

TEST_CASE("loading a list refuses unknown countries and text without a single valid row") {
    const KeepList keep("se");
    for (const char* text : {"", "{}", "[]", "[1, 2]", R"([{"code": "101"}])", R"([{"code": "", "name": "X"}])"}) {
        CAPTURE(text);
        CHECK_FALSE(load_municipalities("se", text));
    }
    CHECK_FALSE(load_municipalities("no", R"([{"code": "0301", "name": "Oslo"}])"));
    CHECK_FALSE(municipalities_loaded("no"));
    CHECK(count_country("se") == 290);
    CHECK(municipalities_json("no") == "[]");
}
