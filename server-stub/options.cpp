// Parses deltag-server's command line. No I/O: the caller opens files.
#include "options.hpp"

#include <arpa/inet.h>

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
    return "usage: deltag-server [--events DIR] [--db FILE|URL] [--host ADDR] [--port N]\n"
           "                     [--static DIR]... [--allow-origin ORIGIN]... [--demo]\n"
           "                     [--min-fill-ms N] [--admin-token-file F] [--rate-limit N/min]\n"
           "                     [--secret-file F] [--public-url URL]\n"
           "                     [--smtp URL --mail-from ADDR [--smtp-auth-file F] [--smtp-require-tls]\n"
           "                      [--smtp-ca-file F]]\n"
           "                     [--mail-dir DIR] [--mail-lease-seconds N]\n"
           "                     [--threads N] [--request-timeout S] [--max-conns-per-address N]\n"
           "                     [--trusted-proxy ADDR]... [--quiet]\n"
           "Defaults serve the demo: shared/demo, data/deltag.db, 127.0.0.1:8080.\n"
           "--db postgresql://USER@HOST/DB (or postgres://...) uses PostgreSQL; a file name, SQLite.\n"
           "The admin token comes from --admin-token-file or the environment variable\n"
           "DELTAG_ADMIN_TOKEN. The installation's secret (it derives every manage link; all\n"
           "nodes of one installation share it) is read from --secret-file or the file named by\n"
           "DELTAG_SECRET_FILE; with SQLite by default <db>.secret, made on first start; with\n"
           "PostgreSQL one of the two is required.\n"
           "Slow clients: a request's header and body must arrive within --request-timeout\n"
           "seconds (default 10; else 408); an address may hold --max-conns-per-address\n"
           "connections (default 64; else 429). A --trusted-proxy (nginx in front) has no cap\n"
           "and its X-Real-IP header names the client.\n"
           "Mail goes to the SMTP relay of --smtp (smtp:// uses STARTTLS when offered and\n"
           "requires it with a login; smtps:// is implicit TLS; the login comes from the URL or\n"
           "--smtp-auth-file holding user:password; --smtp-ca-file names the CA certificates\n"
           "that sign the relay's certificate when the system's do not). Without --smtp every\n"
           "mail is written as an .eml file to --mail-dir, which must then be given (with\n"
           "--demo it defaults to <db>.mail). --public-url is the base of the manage link in\n"
           "every mail (default http://<host>:<port>).\n";
}

namespace {

template <class T> bool to_number(std::string_view s, T& out, T min, T max) {
    T v{};
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || p != s.data() + s.size() || v < min || v > max) return false;
    out = v;
    return true;
}

// The form the reception compares with the peer's address (inet_ntop's).
bool is_ip_address(const std::string& s) {
    unsigned char buf[16];
    char back[64] = {};
    if (inet_pton(AF_INET, s.c_str(), buf) == 1) return inet_ntop(AF_INET, buf, back, sizeof back) && s == back;
    if (inet_pton(AF_INET6, s.c_str(), buf) == 1) return inet_ntop(AF_INET6, buf, back, sizeof back) && s == back;
    return false;
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
            if (!value(o.db_path)) return "--db needs a file name or a postgresql:// URL";
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
        } else if (arg == "--public-url") {
            if (!value(o.public_url) || (o.public_url.rfind("http://", 0) != 0 && o.public_url.rfind("https://", 0) != 0))
                return "--public-url needs an http:// or https:// URL";
        } else if (arg == "--secret-file") {
            if (!value(o.secret_file)) return "--secret-file needs a file name";
        } else if (arg == "--smtp") {
            if (!value(o.smtp_url)) return "--smtp needs a URL such as smtp://relay.example:587";
            if (o.smtp_url.rfind("smtp://", 0) != 0 && o.smtp_url.rfind("smtps://", 0) != 0)
                return "--smtp needs a URL that starts with smtp:// or smtps://";
        } else if (arg == "--smtp-auth-file") {
            if (!value(o.smtp_auth_file)) return "--smtp-auth-file needs a file name";
        } else if (arg == "--smtp-ca-file") {
            if (!value(o.smtp_ca_file)) return "--smtp-ca-file needs a file of PEM certificates";
        } else if (arg == "--smtp-require-tls") {
            o.smtp_require_tls = true;
        } else if (arg == "--mail-from") {
            if (!value(o.mail_from) || o.mail_from.find('@') == std::string::npos)
                return "--mail-from needs an address such as Deltag <noreply@agency.example>";
        } else if (arg == "--mail-dir") {
            if (!value(o.mail_dir)) return "--mail-dir needs a directory";
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
        } else if (arg == "--request-timeout") {
            if (!value(v) || !to_number(v, o.request_timeout_s, 1, 3600))
                return "--request-timeout needs a number of seconds 1-3600";
        } else if (arg == "--max-conns-per-address") {
            if (!value(v) || !to_number(v, o.max_conns_per_address, 1, 1000000))
                return "--max-conns-per-address needs a number 1-1000000";
        } else if (arg == "--trusted-proxy") {
            if (!value(v) || !is_ip_address(v)) return "--trusted-proxy needs an IP address such as 127.0.0.1";
            o.trusted_proxies.push_back(v);
        } else {
            return "unknown option: " + std::string(arg);
        }
    }
    if (!o.smtp_url.empty() && o.mail_from.empty()) return "--smtp needs --mail-from too";
    return o;
}

std::optional<std::string> mail_delivery_problem(const Options& o) {
    if (!o.smtp_url.empty() || !o.mail_dir.empty() || o.demo) return std::nullopt;
    return std::string("no mail delivery chosen: give --smtp URL --mail-from ADDR, or --mail-dir DIR to only "
                       "write each mail to a folder (--demo does that). Without a relay nobody receives the "
                       "mail the widget promises (\"we e-mailed you a link\").");
}

std::variant<SecretPath, std::string> secret_file_path(const Options& o, const char* env_secret_file) {
    if (!o.secret_file.empty()) return SecretPath{o.secret_file, false};
    if (env_secret_file && *env_secret_file) return SecretPath{env_secret_file, false};
    if (o.db_path.rfind("postgresql://", 0) == 0 || o.db_path.rfind("postgres://", 0) == 0)
        return std::string("with a PostgreSQL database, name the installation's secret with --secret-file "
                           "or DELTAG_SECRET_FILE (the same file on every node)");
    return SecretPath{o.db_path + ".secret", true};
}

std::string db_label(const std::string& db) {
    const auto scheme = db.find("://");
    if (scheme == std::string::npos || (db.rfind("postgresql://", 0) != 0 && db.rfind("postgres://", 0) != 0))
        return db;
    const auto rest = scheme + 3;
    const auto at = db.find('@', rest);
    const auto slash = db.find('/', rest);
    if (at == std::string::npos || (slash != std::string::npos && at > slash)) return db;
    return db.substr(0, rest) + db.substr(at + 1);
}

} // namespace deltag::server
