// The municipalities of Sweden (290) and Denmark (98), for the organisation picker and
// the per-organisation limit. The server and the tests have data/municipalities.json compiled in
// (embedded.hpp); the widget's wasm does not, and loads a country's list when a form asks for it.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace deltag {

struct Municipality {
    std::string code;                     // Swedish kommunkod "0180", Danish kommunekode "101"
    std::string country;                  // "se" or "dk"
    std::string name;                     // "Stockholm", "København"
    std::vector<std::string> other_names; // official minority-language names ("Giron" for Kiruna)
};

// Every municipality at hand (compiled in, or loaded), Sweden's before Denmark's. Loading a list
// replaces the vector: pointers into it are good until the next load_municipalities.
const std::vector<Municipality>& municipalities();
const Municipality* find_municipality(std::string_view country, std::string_view code);
// Case- and diacritic-insensitive prefix/substring search for the picker ("gote" -> Göteborg).
std::vector<const Municipality*> search_municipalities(std::string_view query,
                                                       const std::vector<std::string>& countries,
                                                       std::size_t limit = 20);

// The countries with a list: {"se", "dk"}.
const std::vector<std::string>& municipality_countries();
// Installs (replaces) one country's list from JSON text: an array of {"code", "name",
// "other_names"?} (what municipalities_json returns). False, with nothing changed, for an unknown
// country or text that is not a non-empty array of such rows. Not thread-safe (the widget's thread).
bool load_municipalities(std::string_view country, std::string_view json_text);
bool municipalities_loaded(std::string_view country);
// One country's list as that JSON array text, "[]" when it is not at hand. The server serves this
// (GET /api/v1/organisations/{country}) from its compiled-in copy.
std::string municipalities_json(std::string_view country);
// Drops a country's list, as in a build without it (the widget's tests). Not thread-safe.
void unload_municipalities(std::string_view country);

// Lower case without diacritics, '-' as space: "Göteborg" -> "goteborg", "Æ" -> "ae",
// "Árjepluovve" -> "arjepluovve". The key the search compares; exposed for tests.
std::string fold_for_search(std::string_view text);

} // namespace deltag
