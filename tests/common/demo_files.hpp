// Reading the demo data (shared/demo) in tests: a file's bytes and a folder's JSON files in a
// stable order. Shared by the core, widget and render suites; standard library only.
#pragma once
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <system_error>
#include <vector>

namespace deltag::test_files {

// The whole file, or "" if it cannot be read.
inline std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// The .json files of DELTAG_DEMO_DIR/sub, sorted; none if the folder is missing (the suites'
// count checks then fail rather than an exception ending the run).
inline std::vector<std::filesystem::path> demo_json_files(const std::string& sub) {
    std::vector<std::filesystem::path> files;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(std::filesystem::path(DELTAG_DEMO_DIR) / sub, ec))
        if (entry.path().extension() == ".json") files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    return files;
}

} // namespace deltag::test_files
