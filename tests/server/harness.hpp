// Test helpers: a temporary folder, the app running in-process on an ephemeral port with a
// settable clock, the real binary as a child process, and registration payloads.
#pragma once
#include "app.hpp"

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>
#include <string>
#include <sys/types.h>
#include <thread>

namespace deltag::testing {

using nlohmann::json;

class TempDir {
public:
    TempDir();
    ~TempDir();
    const std::string& path() const { return path_; }
    std::string file(const std::string& name) const { return path_ + "/" + name; }

private:
    std::string path_;
};

// The engine under test: PostgreSQL when DELTAG_TEST_PG_URL names a cluster (pg_cluster.sh
// with sets it), else SQLite.
bool testing_postgresql();
// The installation's secret file of a test database: <db>.secret for SQLite (the server makes
// it), and for PostgreSQL (a URL has no file beside it) one the harness makes once.
std::string secret_file_for(const std::string& db);
// The arguments that give the binary that secret: {} for SQLite, {"--secret-file", F} else.
std::vector<std::string> secret_args(const std::string& db);
// --mail-dir beside the database (beside the secret on PostgreSQL), where the server put mails
// by default before it asked for --smtp or an explicit --mail-dir.
std::vector<std::string> mail_dir_args(const std::string& db);
// A database for one test: the SQLite file `name` in `dir`, or a fresh PostgreSQL schema in
// the test cluster (the same dir and name give the same database again, e.g. after a restart).
std::string test_db(const TempDir& dir, const std::string& name);
// "ok" or what is wrong: the engine's own check and the counters against the registrations.
std::string integrity(const std::string& db);

// 2030-01-01T00:00:00Z: all fixture events (except closed/not-open/retention) are open.
constexpr UnixTime fixture_now = 1893456000;

// The app in-process: fixtures' events, a fresh database, clock under the test's control.
class TestServer {
public:
    using Tweak = std::function<void(server::Options&)>;
    explicit TestServer(Tweak tweak = {}, UnixTime now = fixture_now, std::string db = {},
                        std::function<void(server::App&)> before_run = {});
    ~TestServer();
    httplib::Client client() const;
    int port() const { return port_; }
    server::App& app() { return *app_; }
    std::string db_path() const { return db_path_; }
    std::string secret_path() const { return secret_file_for(db_path_); }
    std::atomic<UnixTime> now;
    // Every line the app logged (with quiet=false in the tweak, the request log too).
    std::vector<std::string> log_lines() const {
        std::lock_guard<std::mutex> lock(log_mutex_);
        return log_;
    }

private:
    mutable std::mutex log_mutex_;
    std::vector<std::string> log_;
    std::unique_ptr<TempDir> dir_;
    std::string db_path_;
    std::unique_ptr<server::App> app_;
    std::thread thread_;
    int port_ = -1;
};

// The deltag-server binary as a child process; waits for its "listening" line.
class ChildServer {
public:
    explicit ChildServer(std::vector<std::string> args);
    ~ChildServer();
    int port() const { return port_; }
    pid_t pid() const { return pid_; }
    void kill(int sig);
    int wait(); // exit status (or 128 + signal)
    std::string err_log() const;
    httplib::Client client() const;

private:
    pid_t pid_ = -1;
    int port_ = -1;
    std::unique_ptr<TempDir> dir_;
    bool reaped_ = false;
};

// Runs the binary to completion (for start-up failures); returns exit status and stderr
// (124 when it was still running after 30 s).
std::pair<int, std::string> run_binary(const std::vector<std::string>& args);

std::string fixtures_dir();
std::string key_for(int n); // "key-0000000000000042": a valid Idempotency-Key

// A valid payload for the fixture form.
json payload(const std::string& event, const std::string& key, const std::string& email,
             const std::string& municipality = "0180");
httplib::Result post_registration(httplib::Client& cli, const std::string& event, const json& body,
                                  const std::string& key_header);
inline httplib::Result post_registration(httplib::Client& cli, const std::string& event, const json& body) {
    return post_registration(cli, event, body, body.value("idempotency_key", ""));
}
json body_of(const httplib::Result& r); // parsed response body ({} if none)
// GET with the manage token in `Authorization: Bearer <token>` (how the manage page sends it).
httplib::Result get_with_token(httplib::Client& cli, const std::string& path, const std::string& token);
std::vector<std::string> swedish_municipality_codes(std::size_t n);

} // namespace deltag::testing
