// Tests of languages.hpp and the catalogs' fallback along it (catalog.hpp, text.hpp): language
// tags, the chains, and which language a text shown from a fallback is in.
#include "deltag/catalog.hpp"
#include "deltag/languages.hpp"
#include "deltag/text.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace deltag;
using Chain = std::vector<std::string>;

TEST_CASE("a language tag is two or three lowercase letters") {
    for (const char* good : {"sv", "fit", "smj", "se", "yi"}) CHECK(is_language_tag(good));
    for (const char* bad : {"", "s", "SV", "sv-SE", "abcd", "s1", "ä"}) {
        CAPTURE(bad);
        CHECK_FALSE(is_language_tag(bad));
    }
}

TEST_CASE("every language falls back along its readers' chain; sv, da and en end it") {
    CHECK(fallback_chain("fit") == Chain{"fit", "fi", "sv"});
    CHECK(fallback_chain("fi") == Chain{"fi", "sv"});
    for (const char* sami : {"se", "smj", "sma"}) CHECK(fallback_chain(sami) == Chain{sami, "sv"});
    CHECK(fallback_chain("rom") == Chain{"rom", "sv"});
    CHECK(fallback_chain("yi") == Chain{"yi", "sv"});
    CHECK(fallback_chain("de") == Chain{"de", "da"});
    CHECK(fallback_chain("ar") == Chain{"ar", "en"});
    CHECK(fallback_chain("sv") == Chain{"sv"});
    CHECK(fallback_chain("da") == Chain{"da"});
    CHECK(fallback_chain("en") == Chain{"en"});
    CHECK(fallback_chain("nb") == Chain{"nb", "da"});
    CHECK(fallback_chain("pl") == Chain{"pl", "en"});
    CHECK(fallback_chain("SV").empty());
    CHECK(catalog_chain("fit") == Chain{"fit", "fi", "sv", "en"});
    CHECK(catalog_chain("da") == Chain{"da", "en"});
}

TEST_CASE("the catalogs present decide the languages: the <lang>.json files, sv da en first") {
    const auto& langs = catalog_languages();
    REQUIRE(langs.size() >= 3);
    CHECK(Chain(langs.begin(), langs.begin() + 3) == Chain{"sv", "da", "en"});
    for (const std::string& l : langs) CHECK(is_language_tag(l));
    CHECK_FALSE(has_catalog("locale")); // locale.sv.json is a part, not a language
}

TEST_CASE("a missing key resolves along the chain and says which language the text is in") {
    // A placeholder-free stub, in the test only: Meänkieli with one text of its own.
    REQUIRE(add_catalog("fit", R"({"widget.retry": "Yritä uuesti"})").empty());
    const ResolvedMessage own = resolve_message("fit", "widget.retry");
    CHECK(own.text == "Yritä uuesti");
    CHECK(own.lang == "fit");
    const ResolvedMessage missing = resolve_message("fit", "field.required");
    CHECK(missing.lang == (has_catalog("fi") ? "fi" : "sv"));
    CHECK(missing.text == message(missing.lang, "field.required"));
    CHECK(resolve_message("de", "field.required").lang == (has_catalog("de") ? "de" : "da"));
    CHECK(resolve_message("ar", "field.required").lang == (has_catalog("ar") ? "ar" : "en"));
    const ResolvedMessage none = resolve_message("fit", "no.such_key");
    CHECK(none.text == "no.such_key");
    CHECK(none.lang.empty());
    unload_catalog("fit");
}

TEST_CASE("an event text picked from a fallback language says which language it is in") {
    const LocalizedText title{{"fi", "Webinaari"}, {"sv", "Webbinarium"}, {"en", "Webinar"}};
    CHECK(pick_with_lang(title, "fit").text == "Webinaari");
    CHECK(pick_with_lang(title, "fit").lang == "fi");
    CHECK(pick_with_lang(title, "se").lang == "sv");
    CHECK(pick_with_lang(title, "fi").lang == "fi");
    CHECK(pick_with_lang({{"da", "Webinar"}, {"en", "Webinar (en)"}}, "de").lang == "da");
    CHECK(pick_with_lang({{"en", "Webinar"}}, "ar").lang == "en");
    CHECK(pick_with_lang({}, "sv").lang.empty());
}
