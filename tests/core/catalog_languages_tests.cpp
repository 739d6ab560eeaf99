// Tests of the catalog files of every language (catalogs/*.json, read as the build embeds them):
// each has every key of Swedish with the same placeholders, in NFC, and states its review state.
// The _locale block is checked in catalog_locale_tests.cpp. See shared/catalogs/README.md.
#include "catalog_files.hpp"
#include "deltag/nfc.hpp"
#include "deltag/text.hpp"

#include <doctest/doctest.h>

#include <iterator>
#include <set>
#include <string>

using namespace deltag;
using namespace catalog_files;

namespace {

const char* const all_parts[] = {"", "widget.", "offline.", "manage.", "mail."};

bool is_metadata(const std::string& key) { return !key.empty() && key[0] == '_'; }

std::set<std::string> message_keys(const nlohmann::json& j) {
    std::set<std::string> keys;
    if (j.is_object())
        for (auto it = j.begin(); it != j.end(); ++it)
            if (!is_metadata(it.key()))
                keys.insert(it.key());
    return keys;
}

// The {name} placeholders of a text, counted.
std::multiset<std::string> placeholders(const std::string& text) {
    std::multiset<std::string> names;
    for (std::size_t open = text.find('{'); open != std::string::npos; open = text.find('{', open + 1)) {
        std::size_t close = text.find('}', open);
        if (close != std::string::npos)
            names.insert(text.substr(open + 1, close - open - 1));
    }
    return names;
}

// Why a text is not in NFC, or "" if it is: the core's own normalisation (deltag/nfc.hpp, tables
// generated from Unicode's data at build time) must leave it as it is. Yiddish keeps its
// combining points (NFC has no precomposed alef with patah), a decomposed Latin letter does not.
std::string nfc_problem(const std::string& text) {
    if (!is_valid_utf8(text))
        return "invalid UTF-8";
    const std::string nfc = deltag::to_nfc(text);
    if (nfc == text)
        return "";
    std::size_t i = 0;
    while (i < text.size() && i < nfc.size() && text[i] == nfc[i])
        ++i;
    return "not NFC from byte " + std::to_string(i);
}

} // namespace

TEST_SUITE("core: catalog languages") {

TEST_CASE("every catalog has every key of Swedish's and no other") {
    struct Part {
        const char* prefix;
        bool required; // manage and mail catalogs are optional: the server falls back
    };
    const Part parts[] = {{"", true}, {"widget.", true}, {"offline.", true}, {"manage.", false}, {"mail.", false}};
    for (const char* lang : all_languages)
        for (const Part& part : parts) {
            const std::string file = std::string(part.prefix) + lang + ".json";
            CAPTURE(file);
            if (!part.required && embedded_file(file).empty())
                continue;
            const nlohmann::json j = file_json(file);
            CHECK(j.is_object());
            CHECK(message_keys(j) == message_keys(file_json(std::string(part.prefix) + "sv.json")));
        }
}

TEST_CASE("every message is a non-empty text with the placeholders of the Swedish one") {
    for (const char* lang : all_languages) {
        std::size_t checked = 0;
        for (const std::string part : all_parts) {
            const nlohmann::json j = file_json(part + lang + ".json");
            const nlohmann::json swedish = file_json(part + "sv.json");
            for (const std::string& key : message_keys(j)) {
                ++checked;
                CAPTURE(lang);
                CAPTURE(key);
                const nlohmann::json& value = member(j, key);
                CHECK(value.is_string());
                const std::string text = text_of(value);
                CHECK_FALSE(text.empty());
                if (member(swedish, key).is_string())
                    CHECK(placeholders(text) == placeholders(text_of(member(swedish, key))));
            }
        }
        CAPTURE(lang);
        CHECK(checked >= 190); // visitor, widget and offline: 194 messages today
    }
}

TEST_CASE("every message and every locale name is in NFC") {
    std::size_t files = 0;
    for (const char* lang : all_languages)
        for (const std::string part : all_parts) {
            const std::string file = part + lang + ".json";
            std::string_view raw = embedded_file(file);
            if (raw.empty())
                continue; // a missing file is the key test's business
            ++files;
            CAPTURE(file);
            // The whole file, so the _locale names (months, endonym) are checked too.
            CHECK(nfc_problem(std::string(raw)) == "");
        }
    CHECK(files >= 3 * std::size(all_languages));
    // The check itself finds a decomposed letter, a sign NFC replaces and broken UTF-8.
    CHECK(nfc_problem("Davvisámegiella") == "");       // á as U+00E1
    CHECK(nfc_problem("Davvisa\u0301megiella") != ""); // a + U+0301
    CHECK(nfc_problem("\u212B") != "");                // ANGSTROM SIGN, NFC: Å
    CHECK(nfc_problem("\xC3") != "");                  // truncated UTF-8
}

TEST_CASE("a translated catalog is not a copy of the Swedish or English one") {
    // Guards against a stub: a language whose texts are Swedish or English is not that language.
    // The language names (widget.lang.*) are endonyms, the same in every catalog.
    for (const char* lang : drafted_languages)
        for (const std::string part : {"", "widget.", "offline."}) {
            const nlohmann::json j = file_json(part + lang + ".json");
            const nlohmann::json sv = file_json(part + "sv.json");
            const nlohmann::json en = file_json(part + "en.json");
            std::size_t total = 0, copied = 0;
            for (const std::string& key : message_keys(j)) {
                if (key.rfind("widget.lang.", 0) == 0)
                    continue;
                ++total;
                if (member(j, key) == member(sv, key) || member(j, key) == member(en, key))
                    ++copied;
            }
            CAPTURE(lang);
            CAPTURE(part);
            CHECK(total > 0);
            CHECK(copied * 20 <= total); // at most 5 %
        }
}

TEST_CASE("every catalog file states its review state") {
    for (const char* lang : all_languages)
        for (const std::string part : all_parts) {
            const std::string file = part + lang + ".json";
            if (embedded_file(file).empty())
                continue;
            CAPTURE(file);
            const nlohmann::json j = file_json(file);
            const nlohmann::json& meta = member(j, "_meta");
            CHECK(meta.is_object());
            const std::string review = text_of(member(meta, "review"));
            CHECK((review == "draft" || review == "reviewed"));
            CHECK_FALSE(text_of(member(meta, "note")).empty());
            if (review == "reviewed") {
                CHECK_FALSE(text_of(member(meta, "reviewed_by")).empty());
                CHECK(text_of(member(meta, "reviewed_on")).size() == 10);
            }
        }
}

TEST_CASE("the machine-assisted catalogs say they are drafts") {
    // Nobody who speaks these languages has read them yet (shared/catalogs/README.md).
    for (const char* lang : drafted_languages)
        for (const std::string part : all_parts) {
            const std::string file = part + lang + ".json";
            if (part.rfind("ma", 0) == 0 && embedded_file(file).empty())
                continue; // manage and mail are optional
            CAPTURE(file);
            CHECK(text_of(member(member(file_json(file), "_meta"), "review")) == "draft");
        }
}

} // TEST_SUITE
