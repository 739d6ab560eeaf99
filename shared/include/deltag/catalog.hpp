// Language catalogs (catalogs/<lang>.json merged with the widget's widget.<lang>.json and
// offline.<lang>.json): every user-visible string and a message for every error code that says
// how to fix the input. The server and the tests have them compiled in (embedded.hpp); the
// widget's wasm does not, and loads the one language it shows from the server (load_catalog).
#pragma once
#include "deltag/error.hpp"

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace deltag {

// The languages with a catalog: the compiled-in <lang>.json files (sv, da, en first), the ones an
// agency added (add_catalog) and the ones declared (the widget's, whose wasm has no files).
const std::vector<std::string>& catalog_languages();
bool has_catalog(std::string_view lang); // one of catalog_languages(), loaded or not
// Makes a well-formed tag one of catalog_languages(), its messages still to be loaded: the
// widget declares the languages its page offers. Not thread-safe.
void declare_catalog_language(std::string_view lang);
// The languages message() reads for lang, in order: fallback_chain(lang), then English.
std::vector<std::string> catalog_chain(std::string_view lang);
// The best supported language for a BCP 47 tag list ("nb-NO,da;q=0.8" -> "da"); "sv" default.
std::string negotiate_language(std::string_view tags);

// The message for `key` in `lang`, {name} placeholders filled from params.
// Falls back along catalog_chain(lang), then to the key itself (never empty). Values are
// isolated as isolated_values says.
std::string message(std::string_view lang, std::string_view key,
                    const std::map<std::string, std::string>& params = {});
std::string message(std::string_view lang, const Error& e); // key = e.code
// message() and the language its text is in (empty for the bare key), so a page can mark text
// shown from a fallback language with its own lang attribute.
struct ResolvedMessage {
    std::string text;
    std::string lang;
};
ResolvedMessage resolve_message(std::string_view lang, std::string_view key,
                                const std::map<std::string, std::string>& params = {});
// The parameters as message() inserts them: each value wrapped in FSI...PDI (bidi.hpp) where
// its direction can differ from the text's (any value in a right-to-left language, a value
// with right-to-left letters in any language), the others unchanged.
std::map<std::string, std::string> isolated_values(std::string_view lang,
                                                   const std::map<std::string, std::string>& params);
// One value as isolated_values inserts it into a text in `lang` (for texts the code joins
// itself, such as the error summary's "label: message").
std::string isolated_value(std::string_view lang, const std::string& value);
// "{name}" -> params["name"]; a placeholder without a value stays as written. The catalogs'
// substitution, for other message tables (the mail catalogs) too.
std::string fill_placeholders(const std::string& text, const std::map<std::string, std::string>& params);
std::vector<std::string> catalog_keys(std::string_view lang);

// Installs (replaces) the merged catalog of one language from its JSON text, an object of
// strings (what catalog_json returns). False, with nothing changed, for a language that is not
// one of catalog_languages() or text that is not such an object. Not thread-safe: meant for the
// widget's one thread; the server only reads its compiled-in copy.
bool load_catalog(std::string_view lang, std::string_view merged_json_text);
// An agency's catalog (deltag-server --catalogs DIR): a JSON object of strings whose keys are
// all keys of the Swedish catalog, with no placeholder the Swedish text lacks. Codes:
// catalog.lang_invalid, catalog.invalid (not an object, or empty), catalog.unknown_key,
// catalog.not_text, catalog.placeholder_unknown {name}; field = the key. Read by staff only
// (the server refuses to start and names the file), so the catalogs carry no message for them.
Errors check_agency_catalog(std::string_view lang, std::string_view json_text);
// check_agency_catalog, then its texts override those of lang (a new language becomes one of
// catalog_languages(), its missing keys read along catalog_chain). Nothing changes on errors.
// Not thread-safe: the server calls it before it serves.
Errors add_catalog(std::string_view lang, std::string_view json_text);
// Whether messages of lang are at hand: compiled in, or loaded.
bool catalog_loaded(std::string_view lang);
// The merged catalog of lang as a JSON object text, "{}" when it is not at hand.
std::string catalog_json(std::string_view lang);
// catalog_json without the staff-only keys (visitor_can_see): what the server serves the widget
// (GET /api/v1/catalogs/{lang}), so the compiled-in files stay the one source. Keys the catalog
// lacks come from the next language of catalog_chain; "_locale.endonym.<tag>" adds every
// catalog language's own name (its _locale.endonym) for the language switch.
std::string visitor_catalog_json(std::string_view lang);
// Drops a language's messages (compiled in or loaded), as in a build without them: the widget's
// tests use it to see the App fetch what its wasm lacks. A language without a compiled-in file
// (added or declared) stops being one of catalog_languages(). Not thread-safe.
void unload_catalog(std::string_view lang);

// Every error code the core, the server and the widget can show a visitor or an
// administrator; each one has a message in every catalog (tests hold this).
const std::vector<std::string>& error_codes();
// The error codes of error_codes() that only staff ever read: the event and form files' (the
// server refuses to start and names them in its log) and the admin API's. No answer to a
// request the widget makes carries one, so the catalog it fetches leaves their messages out
// (0.8 KB of every sign-up's gzip'd bytes, #5). A code a visitor might see must not be here.
const std::vector<std::string>& staff_only_codes();
// Whether the widget may ever show the message of `key`: every key but staff_only_codes(),
// the manage and staff pages' own messages ("manage.*", "staff.*") and the codes only the
// manage page shows (issue 14): the widget's bytes stay as they were.
bool visitor_can_see(std::string_view key);
// The manage page's messages: "manage.*" and every error code a visitor may read.
bool manage_page_can_see(std::string_view key);
// The manage page's catalog (GET /api/v1/catalogs/{lang}/manage), "{}" when not at hand.
std::string manage_catalog_json(std::string_view lang);

} // namespace deltag
