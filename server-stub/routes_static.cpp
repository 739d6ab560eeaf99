// The widget's files: web/, the wasm build folder and the fonts, mounted at / in order
// (cpp-httplib serves the first folder that has the file). MIME types are set explicitly
// so .wasm is application/wasm (needed for streaming compilation).
#include "routes.hpp"

#include <filesystem>

namespace deltag::server {

bool add_static_routes(httplib::Server& svr, const std::vector<std::string>& dirs, std::string& problem) {
    svr.set_file_extension_and_mimetype_mapping("wasm", "application/wasm");
    svr.set_file_extension_and_mimetype_mapping("js", "text/javascript; charset=utf-8");
    svr.set_file_extension_and_mimetype_mapping("mjs", "text/javascript; charset=utf-8");
    svr.set_file_extension_and_mimetype_mapping("html", "text/html; charset=utf-8");
    svr.set_file_extension_and_mimetype_mapping("css", "text/css; charset=utf-8");
    svr.set_file_extension_and_mimetype_mapping("json", "application/json; charset=utf-8");
    svr.set_file_extension_and_mimetype_mapping("ttf", "font/ttf");
    svr.set_file_extension_and_mimetype_mapping("woff2", "font/woff2");
    svr.set_file_extension_and_mimetype_mapping("svg", "image/svg+xml");
    const httplib::Headers headers{{"X-Content-Type-Options", "nosniff"}, {"Cache-Control", "no-cache"}};
    for (const auto& dir : dirs) {
        std::error_code ec;
        if (!std::filesystem::is_directory(dir, ec)) continue; // e.g. the wasm build not made yet
        if (!svr.set_mount_point("/", dir, headers)) {
            problem = dir + ": cannot serve this folder";
            return false;
        }
    }
    return true;
}

} // namespace deltag::server
