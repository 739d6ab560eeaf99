// The widget's files: the build's dist (minified, content-hashed, with .br and .gz copies made
// by the build), web/, the wasm build folder and the fonts, looked up in that order (first
// folder that has the file wins). Each answer is the best copy the request accepts, as it is on
// disk (nothing is compressed per request), with Vary, an ETag and a cache lifetime by name:
// content-hashed names are immutable, embed.js (the one stable URL hosts link) is short-lived,
// everything else revalidates.
#include "routes.hpp"

#include "encoding.hpp"

#include <sys/stat.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>

namespace deltag::server {

namespace {

// Only these types are served (a build's .br/.gz copies and the repo's notes are not files of
// the site). .wasm must be application/wasm for streaming compilation.
const std::map<std::string, std::string>& mime_types() {
    static const std::map<std::string, std::string> types{
        {".wasm", "application/wasm"},         {".js", "text/javascript; charset=utf-8"},
        {".mjs", "text/javascript; charset=utf-8"}, {".html", "text/html; charset=utf-8"},
        {".css", "text/css; charset=utf-8"},   {".json", "application/json; charset=utf-8"},
        {".ttf", "font/ttf"},                  {".woff2", "font/woff2"},
        {".svg", "image/svg+xml"},             {".ico", "image/x-icon"},
        {".png", "image/png"}};
    return types;
}

// wasm/web-build/publish.mjs names: name.<10 hex digits of the content's SHA-256>.ext.
bool content_hashed(const std::string& name) {
    static const std::regex hashed(R"(.*\.[0-9a-f]{10}\.(js|css|wasm|ttf|woff2)$)");
    return std::regex_match(name, hashed);
}

const char* cache_control_for(const std::string& name) {
    if (content_hashed(name)) return "public, max-age=31536000, immutable";
    // The loader's URL never changes (hosts link it): a short lifetime, then an ETag revalidation.
    if (name == "embed.js") return "public, max-age=300";
    return "no-cache";
}

// A path under one of the folders: segments of [A-Za-z0-9_.-], none starting with '.'.
bool safe_relative(const std::string& rel) {
    if (rel.empty() || rel.size() > 200) return false;
    bool segment_start = true;
    for (char c : rel) {
        if (c == '/') {
            if (segment_start) return false;
            segment_start = true;
            continue;
        }
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
                        c == '-' || c == '.';
        if (!ok || (segment_start && c == '.')) return false;
        segment_start = false;
    }
    return !segment_start;
}

struct Found {
    std::string path;
    struct stat st {};
};

bool regular_file(const std::string& path, struct stat& st) { return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode); }

// A precompressed copy counts only if it is at least as new as the file (else it is stale).
bool fresh_copy(const std::string& path, const struct stat& original) {
    struct stat st {};
    if (!regular_file(path, st)) return false;
    return st.st_mtim.tv_sec > original.st_mtim.tv_sec ||
           (st.st_mtim.tv_sec == original.st_mtim.tv_sec && st.st_mtim.tv_nsec >= original.st_mtim.tv_nsec);
}

std::shared_ptr<const std::string> read_all(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return nullptr;
    std::ostringstream text;
    text << in.rdbuf();
    return std::make_shared<const std::string>(text.str());
}

// The file `rel` from the first folder that has it, in the encoding the request accepts.
bool send_file(const std::vector<std::string>& dirs, const std::string& rel, const std::string& content_type,
               const char* cache_control, const httplib::Request& req, httplib::Response& res) {
    Found f;
    bool found = false;
    for (const auto& dir : dirs) {
        f.path = dir + "/" + rel;
        if (regular_file(f.path, f.st)) {
            found = true;
            break;
        }
    }
    if (!found) return false;
    const bool have_br = fresh_copy(f.path + ".br", f.st);
    const bool have_gzip = fresh_copy(f.path + ".gz", f.st);
    const Encoding e = negotiate(req, have_br, have_gzip);
    // Size and modification time of the file itself, as nginx makes them; one per encoding.
    char tag[64];
    std::snprintf(tag, sizeof tag, "\"%llx-%llx%s\"", static_cast<unsigned long long>(f.st.st_size),
                  static_cast<unsigned long long>(f.st.st_mtim.tv_sec) * 1000000000ull +
                      static_cast<unsigned long long>(f.st.st_mtim.tv_nsec),
                  e == Encoding::br ? "-br" : e == Encoding::gzip ? "-gz" : "");
    add_vary(res, "Accept-Encoding");
    res.set_header("ETag", tag);
    res.set_header("Cache-Control", cache_control);
    res.set_header("X-Content-Type-Options", "nosniff");
    // The widget's files are public and fetched without credentials; a host page on another
    // origin fetches the .wasm and the font with fetch(), which needs this (web/EMBEDDING.md).
    res.set_header("Access-Control-Allow-Origin", "*");
    if (none_match_hits(req, tag)) {
        res.status = 304;
        return true;
    }
    auto body = read_all(e == Encoding::br ? f.path + ".br" : e == Encoding::gzip ? f.path + ".gz" : f.path);
    if (!body) return false;
    res.status = 200;
    if (e != Encoding::identity) res.set_header("Content-Encoding", e == Encoding::br ? "br" : "gzip");
    set_body(res, std::move(body), content_type);
    return true;
}

// The pages Deltag serves itself (issue #6): /kiosk/{event} is
// kiosk.html (the build's copy in dist names the hashed files); the page reads the event id from
// its own address.
void add_page_route(httplib::Server& svr, const std::vector<std::string>& dirs, const char* pattern,
                    const char* file, httplib::Headers extra = {}) {
    svr.Get(pattern, [dirs, file, extra](const httplib::Request& req, httplib::Response& res) {
        if (!send_file(dirs, file, "text/html; charset=utf-8", "no-cache", req, res)) {
            res.status = 404;
            return;
        }
        for (const auto& [name, value] : extra) res.set_header(name.c_str(), value);
    });
}

} // namespace

bool add_static_routes(httplib::Server& svr, const std::vector<std::string>& dirs, std::string& problem) {
    std::vector<std::string> existing;
    for (const auto& dir : dirs) {
        std::error_code ec;
        if (std::filesystem::is_directory(dir, ec)) existing.push_back(dir); // e.g. the wasm build not made yet
        else if (std::filesystem::exists(dir, ec)) problem = dir + ": cannot serve this folder (not a directory)";
    }
    // /e/{event} is add_event_page_route's (the event's text rendered into the page).
    add_page_route(svr, existing, R"(/kiosk/[a-z0-9-]{1,100}/?)", "kiosk.html");
    // The manage page (issue 14): its token is in the fragment, which browsers never send;
    // no-referrer keeps even the page's own address out of other sites' logs.
    add_page_route(svr, existing, "/manage", "manage.html",
                   {{"Referrer-Policy", "no-referrer"},
                    {"Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; "
                                                "connect-src 'self'; form-action 'self'; base-uri 'none'; "
                                                "frame-ancestors 'none'"}});
    // Every other path outside /api/ (which stays the API's, 404 when no route matched it).
    svr.Get(R"(/((?!api/).{0,200}))", [existing](const httplib::Request& req, httplib::Response& res) {
        std::string rel = req.matches[1].str();
        if (rel.empty() || rel.back() == '/') rel += "index.html";
        const auto dot = rel.rfind('.');
        const auto type = dot == std::string::npos ? mime_types().end() : mime_types().find(rel.substr(dot));
        if (!safe_relative(rel) || type == mime_types().end() ||
            !send_file(existing, rel, type->second, cache_control_for(rel.substr(rel.rfind('/') + 1)), req, res))
            res.status = 404; // the error handler writes {"code":"not_found"}
    });
    return problem.empty();
}

} // namespace deltag::server
