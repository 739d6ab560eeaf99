// Parses deltag-server's command line. No I/O except reading nothing: the caller opens files.
#include "options.hpp"

#include <charconv>
#include <string_view>

#ifndef DELTAG_SOURCE_DIR
#define DELTAG_SOURCE_DIR "."
#endif

namespace deltag::server {

Options default_options() {
    Options o;
    const std::string root = DELTAG_SOURCE_DIR;
    o.events_dir = root + "/shared/demo";
    o.db_path = root + "/data/deltag.db";
    o.static_dirs = {root + "/web", root + "/build/wasm-release/wasm", root + "/.deps/fonts"};
    return o;
}

const char* usage() {
    return "usage: deltag-server [--events DIR] [--db FILE] [--host ADDR] [--port N]\n"
           "                     [--static DIR]... [--allow-origin ORIGIN]... [--demo]\n"
           "                     [--min-fill-ms N] [--admin-token-file F] [--rate-limit N/min]\n"
           "                     [--secret-file F] [--public-url URL]\n"
           "                     [--smtp URL --mail-from ADDR [--smtp-auth-file F] [--smtp-require-tls]]\n"
           "                     [--mail-dir DIR] [--mail-lease-seconds N]\n"
           "                     [--threads N] [--quiet]\n"
           "Defaults serve the demo: shared/demo, data/deltag.db, 127.0.0.1:8080.\n"
           "The admin token comes from --admin-token-file or the environment variable\n"
           "DELTAG_ADMIN_TOKEN. The installation's secret (it derives every manage link; all\n"
           "nodes of one installation share it) is read from --secret-file, by default\n"
           "<db>.secret, made on first start.\n"
           "Mail goes to the SMTP relay of --smtp (smtp:// uses STARTTLS when offered and\n"
           "requires it with a login; smtps:// is implicit TLS; the login comes from the URL or\n"
           "--smtp-auth-file holding user:password). Without --smtp every mail is written as an\n"
           ".eml file to --mail-dir (default <db>.mail). --public-url is the base of the manage\n"
           "link in every mail (default http://<host>:<port>).\n";
}

namespace {

template <class T> bool to_number(std::string_view s, T& out, T min, T max) {
    T v{};
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || p != s.data() + s.size() || v < min || v > max) return false;
    out = v;
    return true;
}

} // namespace

std::variant<Options, std::string> parse_options(int argc, const char* const* argv) {
    Options o = default_options();
    bool static_given = false;
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        auto value = [&](std::string& out) -> bool {
            if (i + 1 >= argc) return false;
            out = argv[++i];
            return true;
        };
        std::string v;
        if (arg == "--help" || arg == "-h") {
            o.help = true;
        } else if (arg == "--demo") {
            o.demo = true;
        } else if (arg == "--quiet") {
            o.quiet = true;
        } else if (arg == "--events") {
            if (!value(o.events_dir)) return "--events needs a directory";
        } else if (arg == "--db") {
            if (!value(o.db_path)) return "--db needs a file name";
        } else if (arg == "--host") {
            if (!value(o.host)) return "--host needs an address";
        } else if (arg == "--port") {
            if (!value(v) || !to_number(v, o.port, 0, 65535)) return "--port needs a number 0-65535";
        } else if (arg == "--static") {
            if (!value(v)) return "--static needs a directory";
            if (!static_given) o.static_dirs.clear();
            static_given = true;
            o.static_dirs.push_back(v);
        } else if (arg == "--allow-origin") {
            if (!value(v)) return "--allow-origin needs an origin such as https://www.example.se";
            o.allow_origins.push_back(v);
        } else if (arg == "--min-fill-ms") {
            if (!value(v) || !to_number<std::int64_t>(v, o.min_fill_ms, 0, 3600000))
                return "--min-fill-ms needs a number of milliseconds";
        } else if (arg == "--admin-token-file") {
            if (!value(o.admin_token_file)) return "--admin-token-file needs a file name";
        } else if (arg == "--secret-file") {
            if (!value(o.secret_file)) return "--secret-file needs a file name";
        } else if (arg == "--smtp") {
            if (!value(o.smtp_url)) return "--smtp needs a URL such as smtp://relay.example:587";
            if (o.smtp_url.rfind("smtp://", 0) != 0 && o.smtp_url.rfind("smtps://", 0) != 0)
                return "--smtp needs a URL that starts with smtp:// or smtps://";
        } else if (arg == "--smtp-auth-file") {
            if (!value(o.smtp_auth_file)) return "--smtp-auth-file needs a file name";
        } else if (arg == "--smtp-require-tls") {
            o.smtp_require_tls = true;
        } else if (arg == "--mail-from") {
            if (!value(o.mail_from) || o.mail_from.find('@') == std::string::npos)
                return "--mail-from needs an address such as Deltag <noreply@agency.example>";
        } else if (arg == "--mail-dir") {
            if (!value(o.mail_dir)) return "--mail-dir needs a directory";
        } else if (arg == "--public-url") {
            if (!value(o.public_url) ||
                (o.public_url.rfind("https://", 0) != 0 && o.public_url.rfind("http://", 0) != 0))
                return "--public-url needs a URL such as https://deltag.example";
        } else if (arg == "--mail-lease-seconds") {
            if (!value(v) || !to_number(v, o.mail_lease_seconds, 1, 86400))
                return "--mail-lease-seconds needs a number 1-86400";
        } else if (arg == "--rate-limit") {
            if (!value(v)) return "--rate-limit needs N/min";
            const auto slash = v.find("/min");
            if (slash == std::string::npos || slash + 4 != v.size() ||
                !to_number(std::string_view(v).substr(0, slash), o.rate_limit_per_min, 1, 100000000))
                return "--rate-limit needs N/min, e.g. 600/min";
        } else if (arg == "--threads") {
            if (!value(v) || !to_number(v, o.threads, 2, 4096)) return "--threads needs a number 2-4096";
        } else {
            return "unknown option: " + std::string(arg);
        }
    }
    if (!o.smtp_url.empty() && o.mail_from.empty()) return "--smtp needs --mail-from too";
    return o;
}

} // namespace deltag::server
