// The widget's files: web/, the wasm build folder and the fonts, mounted at / in order
// (cpp-httplib serves the first folder that has the file). MIME types are set explicitly
// so .wasm is application/wasm (needed for streaming compilation).
#include "routes.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace deltag::server {

namespace {

// The pages Deltag serves itself (issue #6): /e/{event} is web/standalone.html and
// /kiosk/{event} is web/kiosk.html; the page reads the event id from its own address.
void add_page_route(httplib::Server& svr, const std::vector<std::string>& dirs, const char* pattern,
                    const char* file, httplib::Headers extra = {}) {
    svr.Get(pattern, [dirs, file, extra](const httplib::Request&, httplib::Response& res) {
        for (const auto& dir : dirs) {
            std::ifstream in(dir + "/" + file, std::ios::binary);
            if (!in) continue;
            std::ostringstream text;
            text << in.rdbuf();
            for (const auto& [name, value] : extra) res.set_header(name.c_str(), value);
            res.set_header("X-Content-Type-Options", "nosniff");
            res.set_header("Cache-Control", "no-cache");
            res.set_content(text.str(), "text/html; charset=utf-8");
            return;
        }
        res.status = 404;
        res.set_content(R"({"code":"not_found"})", "application/json");
    });
}

} // namespace

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
    // The widget's files are public and fetched without credentials; a host page on another
    // origin fetches the .wasm and the font with fetch(), which needs this (web/EMBEDDING.md).
    const httplib::Headers headers{{"X-Content-Type-Options", "nosniff"}, {"Cache-Control", "no-cache"},
                                   {"Access-Control-Allow-Origin", "*"}};
    add_page_route(svr, dirs, R"(/e/[a-z0-9-]{1,100}/?)", "standalone.html");
    add_page_route(svr, dirs, R"(/kiosk/[a-z0-9-]{1,100}/?)", "kiosk.html");
    // The manage page (issue 14): its token is in the fragment, which browsers never send;
    // no-referrer keeps even the page's own address out of other sites' logs.
    add_page_route(svr, dirs, "/manage", "manage.html",
                   {{"Referrer-Policy", "no-referrer"},
                    {"Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; "
                                                "connect-src 'self'; form-action 'self'; base-uri 'none'; "
                                                "frame-ancestors 'none'"}});
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
