// The catalog files as the build embeds them (catalogs/*.json), read for the catalog tests without
// any throwing JSON call: the wasm build of the core suite has no exceptions, and there a failed
// REQUIRE does not end the test case, so every read must be safe on a missing or malformed file.
#pragma once
#include "deltag/embedded.hpp"

#include <nlohmann/json.hpp>

#include <string>

namespace catalog_files {

// Every language with a catalog, and those whose catalogs are machine-assisted drafts (issue 12
// part 4a; yi and ar arrive with the right-to-left work).
inline const char* const all_languages[] = {"sv", "da", "en", "fi", "fit", "se", "smj", "sma", "rom", "de", "yi", "ar"};
inline const char* const drafted_languages[] = {"fi", "fit", "se", "smj", "sma", "rom", "de", "yi", "ar"};

// The parsed file, or null when it is missing or not a JSON object.
inline nlohmann::json file_json(const std::string& name) {
    nlohmann::json j = nlohmann::json::parse(deltag::embedded_file(name), nullptr, false);
    return j.is_object() ? j : nlohmann::json();
}

// j[key] when j is an object that has it, else null (never inserts, never throws).
inline const nlohmann::json& member(const nlohmann::json& j, const std::string& key) {
    static const nlohmann::json none;
    if (!j.is_object())
        return none;
    auto it = j.find(key);
    return it == j.end() ? none : *it;
}

// The text of j, or "" when j is not a string.
inline std::string text_of(const nlohmann::json& j) { return j.is_string() ? j.get<std::string>() : std::string(); }

} // namespace catalog_files
