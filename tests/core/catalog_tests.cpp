// Tests of the language catalogs (catalog.cpp and catalogs/*.json): complete, consistent,
// with fallbacks and language negotiation.
#include "deltag/catalog.hpp"
#include "deltag/embedded.hpp"
#include "keep_catalog.hpp"
#include "deltag/languages.hpp"
#include "deltag/mail.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

using namespace deltag;

namespace {

// The {name} placeholders of a text, in order of appearance.
// "_meta" and "_locale" are metadata objects, not messages (shared/catalogs/README.md).
bool is_metadata(const std::string& key) { return !key.empty() && key[0] == '_'; }

std::multiset<std::string> placeholders(const std::string& text) {
    std::multiset<std::string> names;
    for (std::size_t open = text.find('{'); open != std::string::npos;
         open = text.find('{', open + 1)) {
        std::size_t close = text.find('}', open);
        if (close != std::string::npos)
            names.insert(text.substr(open + 1, close - open - 1));
    }
    return names;
}

} // namespace

TEST_CASE("the catalogs are the <lang>.json files compiled in, Swedish, Danish and English first") {
    std::vector<std::string> files;
    for (std::string_view name : embedded_file_names())
        if (name.size() <= 8 && name.find('.') + 5 == name.size() && name.substr(name.size() - 5) == ".json" &&
            name.find_first_not_of("abcdefghijklmnopqrstuvwxyz") == name.size() - 5)
            files.emplace_back(name.substr(0, name.size() - 5));
    CHECK(catalog_languages().size() == files.size());
    for (const std::string& lang : files) CHECK(has_catalog(lang));
    CHECK(std::vector<std::string>(catalog_languages().begin(), catalog_languages().begin() + 3) ==
          std::vector<std::string>{"sv", "da", "en"});
    CHECK_FALSE(has_catalog("xx"));
    CHECK_FALSE(has_catalog(""));
    CHECK_FALSE(has_catalog("SV"));
}

// The core's catalog and the optional add-on catalogs merged after it (catalog.cpp).
const char* const catalog_parts[] = {"", "widget.", "offline.", "manage.", "locale."};

TEST_CASE("every catalog file is a JSON object of non-empty strings and metadata objects") {
    for (const std::string& lang : catalog_languages()) {
        for (const std::string part : catalog_parts) {
            const std::string file = part + lang + ".json";
            CAPTURE(file);
            std::string_view text = embedded_file(file);
            if (text.empty() && !part.empty())
                continue; // the add-on catalogs are optional
            nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
            REQUIRE(j.is_object());
            for (auto it = j.begin(); it != j.end(); ++it) {
                CAPTURE(it.key());
                if (is_metadata(it.key())) {
                    CHECK(it->is_object());
                    continue;
                }
                REQUIRE(it->is_string());
                CHECK_FALSE(it->get_ref<const std::string&>().empty());
            }
        }
    }
}

TEST_CASE("no catalog file redefines a key of another") {
    for (const std::string& lang : catalog_languages()) {
        std::map<std::string, std::string> owner; // key -> file that defines it
        for (const std::string part : catalog_parts) {
            const std::string file = part + lang + ".json";
            nlohmann::json j = nlohmann::json::parse(embedded_file(file), nullptr, false);
            if (!j.is_object())
                continue;
            for (auto it = j.begin(); it != j.end(); ++it) {
                if (is_metadata(it.key()))
                    continue; // each file states its own review state
                CAPTURE(file);
                CAPTURE(it.key());
                if (!is_metadata(it.key()))
                    CHECK(owner.emplace(it.key(), file).second);
            }
        }
    }
}

// The keys of a language's own texts, without the names it gives other languages
// (locale.<lang>.json's "_names", which only sv, da and en have so far: the switch then shows the
// endonym alone).
std::vector<std::string> text_keys(const std::string& lang) {
    std::vector<std::string> keys;
    for (const std::string& key : catalog_keys(lang))
        if (key.rfind("_locale.name.", 0) != 0)
            keys.push_back(key);
    return keys;
}

TEST_CASE("every complete language has exactly the same keys") {
    std::vector<std::string> english = text_keys("en");
    CHECK(english.size() >= 90);
    CHECK(text_keys("sv") == english);
    CHECK(text_keys("da") == english);
    CHECK(text_keys("yi") == english);
    CHECK(text_keys("ar") == english);
    CHECK(catalog_keys("xx").empty());
    // The names of the other languages, in the page's language, for each one the switch lists.
    for (const char* lang : {"sv", "da", "en"})
        for (const std::string& other : catalog_languages()) {
            CAPTURE(lang);
            CAPTURE(other);
            CHECK_FALSE(message(lang, "_locale.name." + other) == "_locale.name." + other);
        }
}

// The keys of the files <part><lang>.json for the given parts, without metadata.
std::set<std::string> file_keys(const std::string& lang, std::initializer_list<const char*> parts) {
    std::set<std::string> keys;
    for (const char* part : parts) {
        const nlohmann::json j = nlohmann::json::parse(embedded_file(part + lang + ".json"), nullptr, false);
        if (j.is_object())
            for (auto it = j.begin(); it != j.end(); ++it)
                if (!is_metadata(it.key())) keys.insert(it.key());
    }
    return keys;
}

TEST_CASE("every language's visitor and offline catalogs have every key; manage and mail texts follow the chain") {
    const std::set<std::string> visitor = file_keys("sv", {"", "widget.", "offline."});
    CHECK(visitor.size() >= 150);
    for (const std::string& lang : catalog_languages()) {
        CAPTURE(lang);
        CHECK(file_keys(lang, {"", "widget.", "offline."}) == visitor);
        // A language with manage or mail texts has all of them; one without reads its chain's.
        for (const char* part : {"manage.", "mail."}) {
            CAPTURE(part);
            const std::set<std::string> own = file_keys(lang, {part});
            if (!own.empty()) CHECK(own == file_keys("sv", {part}));
        }
        for (const std::string& key : file_keys("sv", {"manage."})) CHECK(resolve_message(lang, key).lang != "");
        const std::string mail = mail_language(lang);
        const std::vector<std::string> chain = fallback_chain(lang);
        CHECK(std::find(chain.begin(), chain.end(), mail) != chain.end());
        CHECK(file_keys(mail, {"mail."}) == file_keys("sv", {"mail."}));
        if (!file_keys(lang, {"mail."}).empty()) CHECK(mail == lang);
    }
}

TEST_CASE("every error code has a message in every language") {
    CHECK(error_codes().size() ==
          std::set<std::string>(error_codes().begin(), error_codes().end()).size());
    for (const std::string& lang : catalog_languages()) {
        std::vector<std::string> keys = catalog_keys(lang);
        std::set<std::string> present(keys.begin(), keys.end());
        for (const std::string& code : error_codes()) {
            CAPTURE(lang);
            CAPTURE(code);
            CHECK(present.count(code) == 1);
        }
    }
}

TEST_CASE("the error codes include every code the headers, server and widget use") {
    // clang-format off
    const char* const used[] = {
        // validate.hpp
        "field.required", "field.too_short", "field.too_long", "field.control_chars",
        "field.wrong_type", "field.unknown", "field.hidden", "email.invalid", "phone.invalid",
        "number.invalid", "number.too_small", "number.too_large", "date.invalid", "date.too_early",
        "date.too_late", "option.invalid", "selection.too_few", "selection.too_many",
        "consent.required", "organisation.invalid",
        // registration.hpp, rules.hpp
        "payload.too_large", "payload.nul_byte", "payload.malformed", "payload.duplicate_key",
        "payload.unknown_field", "payload.wrong_type", "payload.missing_field", "payload.too_long",
        "payload.bad_key", "payload.bad_locale", "registration.closed", "registration.full",
        "registration.duplicate", "registration.not_open_yet",
        // the API contract
        "request.rate_limited", "request.unsupported_media_type", "request.not_found",
        "request.bad_header", "request.idempotency_conflict", "request.idempotency_mismatch",
        "internal.error", "network.offline", "network.error",
        // event.hpp, form.hpp
        "event.invalid", "event.field_missing", "event.time_invalid", "form.invalid",
        "form.field_type_unknown", "form.field_id_duplicate",
        // returned by the server stub and the widget's outbox
        "consent.outdated", "event.not_found", "session.not_found", "registration.not_found",
        "registration.not_confirmed", "payload.bad_header", "payload.event_mismatch",
        "payload.key_mismatch", "payload.unsupported_media_type", "idempotency.in_progress",
        "storage.unavailable", "cors.origin_not_allowed", "admin.unauthorized", "admin.disabled",
        "request.invalid", "request.uri_too_long", "request.range_not_satisfiable",
        "request.bad_framing", "request.header_too_large",
        "network.unreachable", "network.timeout", "network.rate_limited", "network.server_error",
    };
    // clang-format on
    std::set<std::string> codes(error_codes().begin(), error_codes().end());
    for (const char* code : used) {
        CAPTURE(code);
        CHECK(codes.count(code) == 1);
    }
}

TEST_CASE("translations use exactly the placeholders of the English text") {
    for (const std::string& key : catalog_keys("en")) {
        std::string english = message("en", key);
        for (const char* lang : {"sv", "da", "yi", "ar"}) {
            CAPTURE(key);
            CAPTURE(lang);
            CHECK(placeholders(message(lang, key)) == placeholders(english));
        }
    }
}

TEST_CASE("a translation differs from English where the languages differ") {
    // Guards against an untranslated copy: these must read differently in each language.
    for (const char* key :
         {"email.invalid", "field.required", "registration.closed", "widget.result.waitlisted"}) {
        CAPTURE(key);
        CHECK(message("sv", key) != message("en", key));
        CHECK(message("da", key) != message("en", key));
        CHECK(message("sv", key) != message("da", key));
        CHECK(message("yi", key) != message("en", key));
        CHECK(message("ar", key) != message("en", key));
        CHECK(message("yi", key) != message("ar", key));
    }
}

TEST_CASE("the Yiddish and Arabic catalogs are right-to-left drafts, Yiddish in YIVO letters") {
    for (const char* lang : {"yi", "ar"}) {
        for (const std::string part : catalog_parts) {
            const std::string file = part + lang + ".json";
            CAPTURE(file);
            if (part == std::string("locale.") && embedded_file(file).empty())
                continue; // no names of other languages in yi or ar yet
            nlohmann::json j = nlohmann::json::parse(embedded_file(file), nullptr, false);
            REQUIRE(j.is_object());
            // Nobody who speaks the language has read them yet (shared/catalogs/README.md).
            CHECK(j["_meta"]["review"] == "draft");
            if (part.empty()) {
                CHECK(j["_locale"]["tag"] == lang);
                CHECK(j["_locale"]["dir"] == "rtl");
            }
        }
    }
    // Points are combining marks, never the presentation forms U+FB1D-FB4F, which NFC takes
    // apart; the digraphs וו and וי are two letters, as in ICU's yi exemplars.
    for (const std::string& key : catalog_keys("yi")) {
        const std::string text = message("yi", key);
        CAPTURE(key);
        CHECK(text.find("\xEF\xAC") == std::string::npos); // U+FB00-FB3F
        CHECK(text.find("\xEF\xAD") == std::string::npos); // U+FB40-FB7F
        CHECK(text.find("\xD7\xB0") == std::string::npos); // U+05F0
        CHECK(text.find("\xD7\xB1") == std::string::npos); // U+05F1
    }
    CHECK(message("yi", "widget.form.submit") ==
          "\xD7\xA9\xD7\x99\xD7\xA7\xD7\x98 \xD7\x93\xD7\x99 "
          "\xD7\x90\xD7\xB2\xD6\xB7\xD7\xA0\xD7\xA9\xD7\xA8\xD7\xB2\xD6\xB7\xD7\x91\xD7\x95\xD7\xA0\xD7\x92");
}

TEST_CASE("messages say how to fix the input, with the example address of the language") {
    CHECK(message("sv", "email.invalid") == "Skriv en e-postadress som namn@exempel.se.");
    CHECK(message("da", "email.invalid") == "Skriv en e-mailadresse som navn@eksempel.dk.");
    CHECK(message("en", "email.invalid") == "Enter an e-mail address like name@example.com.");
}

TEST_CASE("placeholders are filled from the parameters") {
    CHECK(message("sv", "field.too_long", {{"max", "200"}}) ==
          "Korta texten till högst 200 tecken.");
    CHECK(message("da", "widget.avail.seats_left", {{"n", "17"}}) == "17 pladser tilbage");
    CHECK(message("en", "info.online_via", {{"platform", "Microsoft Teams"}}) ==
          "Online via Microsoft Teams");
    // A value that looks like a placeholder is not substituted again.
    CHECK(message("en", "info.online_via", {{"platform", "{n}"}, {"n", "x"}}) == "Online via {n}");
}

TEST_CASE("a placeholder without a parameter stays visible") {
    CHECK(message("en", "field.too_long") == "Shorten the text to at most {max} characters.");
    CHECK(message("en", "field.too_long", {{"min", "3"}}) ==
          "Shorten the text to at most {max} characters.");
}

TEST_CASE("an error is translated by its code with its parameters") {
    Error e{"email", "selection.too_few", {{"min", "1"}}};
    CHECK(message("sv", e) == "Kryssa i minst 1 av rutorna.");
    CHECK(message("da", e) == "Sæt kryds i mindst 1 af felterne.");
}

TEST_CASE("an unknown language falls back to English, an unknown key to the key itself") {
    CHECK(message("xx", "email.invalid") == message("en", "email.invalid"));
    CHECK(message("", "widget.result.confirmed") == "You are registered");
    CHECK(message("sv", "no.such_key") == "no.such_key");
    CHECK(message("xx", "no.such_key", {{"n", "1"}}) == "no.such_key");
}

TEST_CASE("language negotiation picks the best supported language") {
    struct Case {
        const char* tags;
        const char* expected;
    };
    const Case cases[] = {
        {"sv-SE", "sv"},
        {"da", "da"},
        {"en-GB,en;q=0.9", "en"},
        {"nb-NO,da;q=0.8", "da"},
        {"de-DE,de;q=0.9,en;q=0.5,sv;q=0.4", "de"},
        {"pl-PL,pl;q=0.9,en;q=0.5,sv;q=0.4", "en"},
        {"sv;q=0.2,da;q=0.7", "da"},
        {"DA-dk", "da"},
        {"fi-FI", "fi"},
        {"se-NO,nb;q=0.5", "se"},
        {"pl-PL", "sv"}, // nothing supported: Swedish
        {"", "sv"},
        {"*", "sv"},
        {"en;q=0,da", "da"},   // q=0 means "not acceptable"
        {"nb-NO", "da"},       // Norwegian reads Danish best
        {"nn,en;q=0.3", "en"}, // ...but a named language comes first
        {" en ; q=0.5 , sv ; q=0.6 ", "sv"},
        {"en;q=garbage,da;q=0.1", "da"},
        {"sv_SE", "sv"},
    };
    for (const Case& c : cases) {
        CAPTURE(c.tags);
        CHECK(negotiate_language(c.tags) == c.expected);
    }
}

// The widget's wasm has no compiled-in catalogs and loads its language's text (load_catalog);
// each case restores the compiled-in text (KeepCatalog).
using deltag::test::KeepCatalog;

TEST_CASE("a catalog loaded from text replaces that language's messages, and only that language's") {
    const KeepCatalog keep("sv");
    const std::string& swedish = keep.text;
    REQUIRE(catalog_loaded("sv"));
    CHECK(load_catalog("sv", R"({"widget.retry": "Prova {what} igen"})"));
    CHECK(catalog_loaded("sv"));
    CHECK(message("sv", "widget.retry", {{"what", "det"}}) == "Prova det igen");
    CHECK(catalog_keys("sv") == std::vector<std::string>{"widget.retry"});
    // A key the loaded text lacks falls back to English, as before.
    CHECK(message("sv", "email.invalid") == message("en", "email.invalid"));
    CHECK(message("da", "widget.retry") != "Prova {what} igen");
    REQUIRE(load_catalog("sv", swedish));
    CHECK(catalog_json("sv") == swedish);
    CHECK(message("sv", "widget.retry") != "Prova {what} igen");
}

TEST_CASE("loading a catalog refuses other languages and text that is not an object of strings") {
    const KeepCatalog keep("da");
    const std::string& before = keep.text;
    CHECK_FALSE(load_catalog("xx", R"({"widget.retry": "Nochmal"})"));
    CHECK_FALSE(catalog_loaded("xx"));
    for (const char* text : {"", "[]", "{}", "{\"a\": 1}", "{\"a\": \"b\", \"c\": null}", "{\"a\": \"b\"",
                             "\"text\""}) {
        CAPTURE(text);
        CHECK_FALSE(load_catalog("da", text));
    }
    CHECK(catalog_json("da") == before);
}

TEST_CASE("the merged catalog text holds every key of the three files, and round-trips") {
    for (const std::string& lang : catalog_languages()) {
        CAPTURE(lang);
        nlohmann::json j = nlohmann::json::parse(catalog_json(lang), nullptr, false);
        REQUIRE(j.is_object());
        CHECK(j.size() == catalog_keys(lang).size());
        CHECK(j["widget.retry"] == message(lang, "widget.retry"));
        CHECK(j["consent.required"] == message(lang, "consent.required"));
        const std::string text = catalog_json(lang);
        REQUIRE(load_catalog(lang, text));
        CHECK(catalog_json(lang) == text);
    }
    CHECK(catalog_json("xx") == "{}");
}

TEST_CASE("staff-only: the event and form files' codes and the admin API's, not event.not_found") {
    const std::set<std::string> codes(error_codes().begin(), error_codes().end());
    const std::set<std::string> staff(staff_only_codes().begin(), staff_only_codes().end());
    CHECK(staff.size() == staff_only_codes().size());
    for (const std::string& code : staff_only_codes()) {
        CAPTURE(code);
        CHECK(codes.count(code) == 1);
        CHECK_FALSE(visitor_can_see(code));
    }
    // Every code of those families is classified: a new event.* or form.* code has to be put on
    // one side deliberately (a visitor's code left out of the widget's catalog shows as its key).
    for (const std::string& code : error_codes()) {
        CAPTURE(code);
        const bool staff_family = code.rfind("event.", 0) == 0 || code.rfind("form.", 0) == 0 ||
                                  code.rfind("admin.", 0) == 0 || code.rfind("staff.", 0) == 0 ||
                                  code.rfind("application.", 0) == 0 || code == "registration.not_waitlisted";
        CHECK(staff.count(code) == (staff_family && code != "event.not_found" ? 1u : 0u));
    }
    CHECK(visitor_can_see("event.not_found"));
    CHECK(visitor_can_see("cors.origin_not_allowed"));
    CHECK(visitor_can_see("widget.retry"));
    CHECK(visitor_can_see("info.online_via"));
    CHECK_FALSE(visitor_can_see("form.visible_if_invalid"));
    CHECK_FALSE(visitor_can_see("admin.unauthorized"));
}

// The manage and staff pages' own texts (issue 14) and the codes only the manage page shows.
bool manage_or_staff_page_only(const std::string& key) {
    return key.rfind("manage.", 0) == 0 || key.rfind("staff.", 0) == 0 || key == "registration.not_active" ||
           key == "registration.substitute_unsupported";
}
// Not a staff-only code (those are counted apart).
bool visitor_can_see_ignoring_pages(const std::string& key) {
    return std::find(staff_only_codes().begin(), staff_only_codes().end(), key) == staff_only_codes().end();
}

TEST_CASE("the visitor catalog is the merged catalog without exactly the staff-only codes and the manage pages' texts") {
    for (const std::string& lang : catalog_languages()) {
        CAPTURE(lang);
        const nlohmann::json j = nlohmann::json::parse(visitor_catalog_json(lang), nullptr, false);
        REQUIRE(j.is_object());
        if (!embedded_file("manage." + lang + ".json").empty()) {
            std::size_t page_only = 0;
            for (const std::string& key : catalog_keys(lang))
                if (manage_or_staff_page_only(key) && visitor_can_see_ignoring_pages(key)) ++page_only;
            CHECK(page_only >= 30);
        }
        // Every key of the language's chain that a visitor may see, with the text message() shows
        // (a key the language lacks comes from the next language), plus every language's own
        // name for the switch (_locale.endonym.<tag>).
        std::set<std::string> expected;
        for (const std::string& l : catalog_chain(lang))
            for (const std::string& key : catalog_keys(l))
                if (visitor_can_see(key)) expected.insert(key);
        for (const std::string& l : catalog_languages()) {
            CHECK(j["_locale.endonym." + l] == message(l, "_locale.endonym"));
            expected.insert("_locale.endonym." + l);
        }
        std::set<std::string> got;
        for (auto it = j.begin(); it != j.end(); ++it) got.insert(it.key());
        CHECK(got == expected);
        for (const std::string& key : expected) {
            CAPTURE(key);
            if (key.rfind("_locale.endonym.", 0) != 0) CHECK(j[key] == message(lang, key));
        }
        for (const std::string& key : catalog_keys(lang))
            if (!visitor_can_see(key)) CHECK_FALSE(j.contains(key));
    }
    CHECK(visitor_catalog_json("xx") == "{}");
}

TEST_CASE("the manage page's catalog has its own texts and the visitor's error codes, nothing of the staff's") {
    for (const std::string& lang : catalog_languages()) {
        CAPTURE(lang);
        const nlohmann::json j = nlohmann::json::parse(manage_catalog_json(lang), nullptr, false);
        REQUIRE(j.is_object());
        for (const std::string& key : catalog_keys(lang)) {
            CAPTURE(key);
            const bool wanted = key.rfind("manage.", 0) == 0 ||
                                (std::find(error_codes().begin(), error_codes().end(), key) != error_codes().end() &&
                                 std::find(staff_only_codes().begin(), staff_only_codes().end(), key) == staff_only_codes().end());
            CHECK(j.contains(key) == wanted);
            CHECK(manage_page_can_see(key) == wanted);
        }
        // A language without manage texts of its own reads them along its chain (fit -> fi -> sv).
        for (auto it = j.begin(); it != j.end(); ++it) {
            CAPTURE(it.key());
            CHECK(manage_page_can_see(it.key()));
            CHECK(*it == message(lang, it.key()));
        }
        CHECK(j.contains("manage.handover.title"));
        CHECK(j.contains("registration.not_active"));
        CHECK_FALSE(j.contains("staff.login.title"));
        CHECK_FALSE(j.contains("widget.retry"));
    }
    CHECK(manage_catalog_json("xx") == "{}");
}

TEST_CASE("every code the widget makes or can get from the server is in the visitor catalog") {
    // The widget's own codes (wasm/outbox.cpp retry_code, wasm/app_network.cpp), the codes of
    // the checks it runs before sending (validate.hpp), and every code the server can answer the
    // widget's requests with (tests/server/api_reference_tests.cpp asks the server itself).
    // clang-format off
    const char* const shown[] = {
        "network.unreachable", "network.timeout", "network.rate_limited", "network.server_error",
        "network.offline", "network.error", "payload.malformed",
        "field.required", "field.too_short", "field.too_long", "field.control_chars",
        "field.wrong_type", "field.unknown", "field.hidden", "email.invalid", "phone.invalid",
        "number.invalid", "number.too_small", "number.too_large", "date.invalid", "date.too_early",
        "date.too_late", "option.invalid", "selection.too_few", "selection.too_many",
        "consent.required", "consent.outdated", "organisation.invalid",
        "payload.too_large", "payload.nul_byte", "payload.duplicate_key", "payload.unknown_field",
        "payload.wrong_type", "payload.missing_field", "payload.too_long", "payload.bad_key",
        "payload.bad_locale", "payload.bad_header", "payload.event_mismatch", "payload.key_mismatch",
        "payload.unsupported_media_type", "registration.closed", "registration.full",
        "registration.duplicate", "registration.not_open_yet", "registration.not_found",
        "event.not_found", "idempotency.in_progress", "cors.origin_not_allowed", "request.invalid",
        "request.not_found", "internal.error", "storage.unavailable",
    };
    // clang-format on
    for (const std::string& lang : catalog_languages()) {
        const nlohmann::json j = nlohmann::json::parse(visitor_catalog_json(lang), nullptr, false);
        REQUIRE(j.is_object());
        for (const char* code : shown) {
            CAPTURE(lang);
            CAPTURE(code);
            CHECK(j.contains(code));
        }
    }
}
