// Tests of languages.hpp and the catalogs' fallback along it (catalog.hpp, text.hpp): language
// tags, the chains, and which language a text shown from a fallback is in.
#include "deltag/catalog.hpp"
#include "deltag/languages.hpp"
#include "deltag/text.hpp"

#include <doctest/doctest.h>

#include <algorithm>

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

namespace {

// A key `lang`'s own catalog lacks and `next`'s has ("" if none).
std::string key_missing_in(const std::string& lang, const std::string& next) {
    const std::vector<std::string> own = catalog_keys(lang);
    for (const std::string& key : catalog_keys(next))
        if (key.rfind("_locale.", 0) != 0 && !std::binary_search(own.begin(), own.end(), key))
            return key;
    return {};
}

} // namespace

TEST_CASE("a missing key resolves along the chain and says which language the text is in") {
    // Meänkieli has its own widget texts, no manage texts (Finnish has them) and whatever Finnish
    // lacks comes from Swedish.
    const ResolvedMessage own = resolve_message("fit", "widget.retry");
    CHECK(own.lang == "fit");
    CHECK(own.text == message("fit", "widget.retry"));
    CHECK(own.text != message("fi", "widget.retry"));
    const std::string from_fi = key_missing_in("fit", "fi");
    REQUIRE_FALSE(from_fi.empty());
    const ResolvedMessage missing = resolve_message("fit", from_fi);
    CHECK(missing.lang == "fi");
    CHECK(missing.text == message("fi", from_fi));
    CHECK(resolve_message("de", "field.required").lang == "de");
    CHECK(resolve_message("ar", "field.required").lang == "ar");
    // A language added at run time with one text: the rest reads along its chain (English).
    REQUIRE(add_catalog("pl", R"({"widget.retry": "Spróbuj ponownie"})").empty());
    CHECK(resolve_message("pl", "widget.retry").lang == "pl");
    CHECK(resolve_message("pl", "field.required").lang == "en");
    const ResolvedMessage none = resolve_message("fit", "no.such_key");
    CHECK(none.text == "no.such_key");
    CHECK(none.lang.empty());
    unload_catalog("pl");
    CHECK_FALSE(has_catalog("pl"));
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
