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
                                          // <db>.secret, created on first start
    int rate_limit_per_min = 600;         // per client address (API only), token bucket
    int threads = 96;                     // HTTP worker threads (one per open connection)
    bool quiet = false;                   // no request log lines
    // Mail (mail_sender.hpp): an SMTP relay, or else .eml files in mail_dir.
    std::string smtp_url;                 // smtp://host:587 (STARTTLS) or smtps://host:465
    std::string smtp_auth_file;           // "user:password" (else from the URL, or none)
    bool smtp_require_tls = false;        // always when a password is sent
    std::string mail_from;                // required with --smtp
    std::string mail_dir;                 // empty: <db>.mail
    std::string public_url;               // base of the manage link; empty: http://host:port
    int mail_lease_seconds = 300;         // how long a claimed mail is kept from other senders
    bool help = false;
};

// Defaults point into the source tree the binary was built from (DELTAG_SOURCE_DIR).
Options default_options();
// The options or a message naming the bad argument.
std::variant<Options, std::string> parse_options(int argc, const char* const* argv);
const char* usage();

} // namespace deltag::server
