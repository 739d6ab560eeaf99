// Command-line options of deltag-server and their defaults (the demo setup).
// Depends on the standard library only.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace deltag::server {

struct Options {
    std::string events_dir;               // holds events/*.json and forms/*.json
    std::string db_path;
    std::string host = "127.0.0.1";
    int port = 8080;                      // 0: pick a free port and print it
    std::vector<std::string> static_dirs; // first match wins
    std::vector<std::string> allow_origins;
    bool demo = false;                    // rebase event dates so the demo has open events
    std::int64_t min_fill_ms = 3000;      // faster sign-ups get a fake success
    std::string admin_token_file;         // else env DELTAG_ADMIN_TOKEN
    std::string secret_file;              // the installation's secret (manage links); empty:
                                          // env DELTAG_SECRET_FILE, else (SQLite only)
                                          // <db>.secret, created on first start
    std::string public_url;               // how visitors reach Deltag ("https://deltag.example"):
                                          // the manage link's base (empty: http://host:port);
                                          // https makes the staff cookie Secure
    int rate_limit_per_min = 600;         // per client address (API only), token bucket
    int threads = 96;                     // workers answering whole requests (sign-ups wait for
                                          // their commit on one); sockets never hold one
    int request_timeout_s = 10;           // the whole request header and body must arrive in it
    int max_conns_per_address = 64;       // open connections per client address
    std::vector<std::string> trusted_proxies; // exempt from that cap; X-Real-IP names the client
    bool quiet = false;                   // no request log lines
    // Mail (mail_sender.hpp): an SMTP relay, or else .eml files in mail_dir.
    std::string smtp_url;                 // smtp://host:587 (STARTTLS) or smtps://host:465
    std::string smtp_auth_file;           // "user:password" (else from the URL, or none)
    bool smtp_require_tls = false;        // always when a password is sent
    std::string smtp_ca_file;             // CAs for the relay's certificate (else the system's)
    std::string mail_from;                // required with --smtp
    std::string mail_dir;                 // empty: <db>.mail
    int mail_lease_seconds = 300;         // how long a claimed mail is kept from other senders
    bool help = false;
};

// Defaults point into the source tree the binary was built from (DELTAG_SOURCE_DIR).
Options default_options();
// The options or a message naming the bad argument.
std::variant<Options, std::string> parse_options(int argc, const char* const* argv);
const char* usage();
// Why the server must not start with these mail options, or nullopt. Without --smtp, mail only
// goes to a folder while the widget says "we e-mailed you a link": that must be asked for
// (--mail-dir, or --demo, which lists the folder at /demo-mail/).
std::optional<std::string> mail_delivery_problem(const Options& o);

// Where the installation's secret is: --secret-file, else `env_secret_file` (the variable
// DELTAG_SECRET_FILE; may be null), else <db>.secret beside a SQLite file. A PostgreSQL URL has
// no file beside it, and every node must share the secret: one of the two must name it.
// The path, or a message for the operator. `made_on_first_start` tells whether a missing file
// may be created (only the SQLite default: a named file that is missing is a mistake).
struct SecretPath {
    std::string path;
    bool made_on_first_start = false;
};
std::variant<SecretPath, std::string> secret_file_path(const Options& o, const char* env_secret_file);

// The database for messages: a PostgreSQL URL without its user and password.
std::string db_label(const std::string& db);

} // namespace deltag::server
