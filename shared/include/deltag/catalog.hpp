// Language catalogs (catalogs/<lang>.json, compiled in): every user-visible string and a
// message for every error code that says how to fix the input.
#pragma once
#include "deltag/error.hpp"

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace deltag {

const std::vector<std::string>& catalog_languages(); // {"sv", "da", "en"}
bool has_catalog(std::string_view lang);
// The best supported language for a BCP 47 tag list ("nb-NO,da;q=0.8" -> "da"); "sv" default.
std::string negotiate_language(std::string_view tags);

// The message for `key` in `lang`, {name} placeholders filled from params.
// Falls back to English, then to the key itself (never empty).
std::string message(std::string_view lang, std::string_view key,
                    const std::map<std::string, std::string>& params = {});
std::string message(std::string_view lang, const Error& e); // key = e.code
std::vector<std::string> catalog_keys(std::string_view lang);

} // namespace deltag
