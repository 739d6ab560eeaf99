// The catalogs' "_locale" block (shared/catalogs/README.md: months and weekdays as arrays, LDML
// date and time patterns, CLDR plural rules) turned into the flat "_locale.*" texts the core reads
// (locale_format.hpp), so the block travels to the widget as strings like every other text.
// Std and nlohmann/json only.
#pragma once
#include <nlohmann/json.hpp>

#include <functional>
#include <string>

namespace deltag {

// Calls put(key, text) for each flat key the block gives: _locale.endonym, _locale.months,
// _locale.weekdays, _locale.date, _locale.time, _locale.plural. Members of the wrong type are
// left out (the catalog tests check the files).
void flatten_locale_block(const nlohmann::json& block, const std::function<void(std::string, std::string)>& put);

// flatten_locale_block for "_locale"; for "_names" ({"se": "nordsamiska"}: this language's
// names of the others, locale.<lang>.json) the texts "_locale.name.<tag>". Other keys give nothing.
void flatten_metadata(const std::string& key, const nlohmann::json& value,
                      const std::function<void(std::string, std::string)>& put);

// "d. MMMM y" -> "{day}. {month} {year}" (LDML subset: d dd M MM MMM MMMM y EEE EEEE H HH mm,
// 'quoted' literals, '' a quote).
std::string ldml_to_placeholders(const std::string& pattern);

} // namespace deltag
