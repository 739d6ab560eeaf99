// The agency catalogs' folder (agency_catalogs.hpp). Files are read in name order so that an
// error names the same file on every start. Std, the core and <filesystem> only.
#include "agency_catalogs.hpp"

#include "deltag/catalog.hpp"
#include "deltag/languages.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

namespace deltag::server {

std::optional<std::string> load_agency_catalogs(const std::string& dir) {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) return "--catalogs " + dir + ": not a directory";
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(dir, ec))
        if (entry.is_regular_file()) files.push_back(entry.path());
    if (ec) return "--catalogs " + dir + ": " + ec.message();
    std::sort(files.begin(), files.end());
    for (const fs::path& file : files) {
        const std::string lang = file.stem().string();
        if (file.extension() != ".json" || !is_language_tag(lang))
            return file.string() + ": not a catalog (name it <lang>.json, e.g. se.json) (catalog.lang_invalid)";
        std::ifstream in(file, std::ios::binary);
        std::ostringstream text;
        text << in.rdbuf();
        const Errors errors = add_catalog(lang, text.str());
        if (!errors.empty()) {
            const Error& e = errors.front();
            std::string where = e.field.empty() ? std::string() : " key \"" + e.field + "\":";
            for (const auto& [name, value] : e.params) where += " {" + name + "}=" + value;
            return file.string() + ":" + where + " " + e.code;
        }
    }
    return std::nullopt;
}

} // namespace deltag::server
