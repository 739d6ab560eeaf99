// The municipalities of Sweden (290) and Denmark (98), for the organisation picker and
// the per-organisation limit. Compiled in from data/municipalities.json.
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

const std::vector<Municipality>& municipalities();
const Municipality* find_municipality(std::string_view country, std::string_view code);
// Case- and diacritic-insensitive prefix/substring search for the picker ("gote" -> Göteborg).
std::vector<const Municipality*> search_municipalities(std::string_view query,
                                                       const std::vector<std::string>& countries,
                                                       std::size_t limit = 20);

// Lower case without diacritics, '-' as space: "Göteborg" -> "goteborg", "Æ" -> "ae",
// "Árjepluovve" -> "arjepluovve". The key the search compares; exposed for tests.
std::string fold_for_search(std::string_view text);

} // namespace deltag
