// Language catalogs (catalogs/<lang>.json merged with the widget's catalogs/widget.<lang>.json,
// compiled in): every user-visible string and a message for every error code that says how
// to fix the input.
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

// Every error code the core, the server and the widget can show a visitor or an
// administrator; each one has a message in every catalog (tests hold this).
const std::vector<std::string>& error_codes();

} // namespace deltag
