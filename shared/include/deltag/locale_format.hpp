// Dates, times, plurals and language names from the catalogs' "_locale.*" keys, for the
// languages the browser's Intl lacks or silently formats in en-US (se, smj, sma, yi, fit, rom in
// Chromium; issue 12). Std and nlohmann/json only. Key shape: shared/catalogs/README.md.
#pragma once
#include <map>
#include <string>
#include <string_view>

namespace deltag {

// The CLDR plural category of the count n in lang, by the catalog's "_locale.plural" rule:
// "one-other" (sv, da, en, fi, de, yi ...), "one-two-other" (the Sami languages),
// "arabic" (zero/one/two/few/many/other) or "other". Read along catalog_chain.
std::string plural_category(std::string_view lang, long long n);
// The message "<key>.<category>" for n (else "<key>.other"), with {n} and params filled in.
std::string message_count(std::string_view lang, std::string_view key, long long n,
                          std::map<std::string, std::string> params = {});

// "bearjadat 14. njukčamánnu 2025 14:30" from the catalog's month and weekday names and
// patterns, in Swedish and Danish local time (the organisers'); end_iso may be empty. The
// ISO text itself when start_iso is no ISO 8601 instant.
std::string format_when_from_catalog(std::string_view lang, std::string_view start_iso,
                                     std::string_view end_iso);

// What the language switch says for `choice` on a page in `page_lang`: the language's own name,
// plus the page language's name of it when they differ: "Davvisámegiella (nordsamiska)".
// The endonym comes from choice's catalog, or from the page's "_locale.endonym.<choice>"
// (what the widget's one catalog carries, visitor_catalog_json); the tag itself when neither has it.
std::string language_choice_label(std::string_view choice, std::string_view page_lang);

} // namespace deltag
