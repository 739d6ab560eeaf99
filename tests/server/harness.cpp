// Test helpers (see harness.hpp).
#include "harness.hpp"

#include "conn.hpp"
#include "store.hpp"

#include "deltag/organisations.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <signal.h>
#include <sstream>
#include <sys/wait.h>
#include <unistd.h>

namespace deltag::testing {

namespace fs = std::filesystem;

TempDir::TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "deltag-server-test-XXXXXX").string();
    char* p = mkdtemp(tmpl.data());
    REQUIRE(p != nullptr);
    path_ = p;
}

TempDir::~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
}

std::string fixtures_dir() { return DELTAG_FIXTURES_DIR; }

namespace {

const char* pg_url() {
    const char* url = std::getenv("DELTAG_TEST_PG_URL");
    return url && *url ? url : nullptr;
}

// The secret file every PostgreSQL test server shares, made on first use.
struct SharedSecret {
    TempDir dir;
    std::string path = dir.file("install.secret");
    SharedSecret() { std::ofstream(path) << std::string(64, 'a') << "\n"; }
};

} // namespace

bool testing_postgresql() { return pg_url() != nullptr; }

std::string secret_file_for(const std::string& db) {
    if (!server::is_postgresql_url(db)) return db + ".secret";
    static SharedSecret secret;
    return secret.path;
}

std::vector<std::string> secret_args(const std::string& db) {
    if (!server::is_postgresql_url(db)) return {};
    return {"--secret-file", secret_file_for(db)};
}

std::vector<std::string> mail_dir_args(const std::string& db) {
    return {"--mail-dir", (server::is_postgresql_url(db) ? secret_file_for(db) : db) + ".mail"};
}

std::string test_db(const TempDir& dir, const std::string& name) {
    if (!testing_postgresql()) return dir.file(name);
    static std::mutex m;
    static std::map<std::string, std::string> schemas;
    std::lock_guard<std::mutex> lock(m);
    auto& schema = schemas[dir.path() + "/" + name];
    if (schema.empty()) {
        schema = "t_" + std::to_string(getpid()) + "_" + std::to_string(schemas.size());
        auto admin = server::open_db(pg_url(), false);
        REQUIRE(std::holds_alternative<std::unique_ptr<server::Db>>(admin));
        auto st = std::get<std::unique_ptr<server::Db>>(admin)->exec(("CREATE SCHEMA " + schema).c_str());
        REQUIRE(st.ok());
    }
    const std::string base = pg_url();
    return base + (base.find('?') == std::string::npos ? "?" : "&") + "options=-csearch_path%3D" + schema;
}

std::string integrity(const std::string& db) {
    auto store = server::Store::open(db, [] { return fixture_now; });
    if (auto* e = std::get_if<server::DbError>(&store)) return "cannot open: " + e->message;
    auto result = std::get<std::unique_ptr<server::Store>>(store)->integrity_check();
    if (auto* e = std::get_if<server::DbError>(&result)) return "cannot check: " + e->message;
    return std::get<std::string>(result);
}

TestServer::TestServer(Tweak tweak, UnixTime start, std::string db, std::function<void(server::App&)> before_run)
    : now(start), dir_(std::make_unique<TempDir>()) {
    server::Options o = server::default_options();
    o.events_dir = fixtures_dir();
    db_path_ = db.empty() ? test_db(*dir_, "test.db") : db;
    o.db_path = db_path_;
    if (server::is_postgresql_url(db_path_)) o.secret_file = secret_file_for(db_path_);
    o.port = 0;
    o.static_dirs.clear();
    o.min_fill_ms = 0;
    o.rate_limit_per_min = 1000000;
    // Every test client is 127.0.0.1: the rushes open hundreds of connections from it. The
    // reception's tests set their own cap.
    o.max_conns_per_address = 1000000;
    o.threads = 32;
    o.quiet = true;
    if (tweak) tweak(o);
    auto created = server::App::create(o, [this] { return now.load(); }, [this](const std::string& line) {
        std::lock_guard<std::mutex> lock(log_mutex_);
        log_.push_back(line);
    });
    if (auto* err = std::get_if<std::string>(&created)) FAIL(*err);
    app_ = std::move(std::get<std::unique_ptr<server::App>>(created));
    port_ = app_->bind();
    REQUIRE(port_ > 0);
    if (before_run) before_run(*app_);
    thread_ = std::thread([this] { app_->run(); });
    for (int i = 0; i < 500 && !app_->running(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
}

TestServer::~TestServer() {
    app_->stop();
    thread_.join();
    app_.reset();
}

httplib::Client TestServer::client() const {
    httplib::Client cli("127.0.0.1", port_);
    cli.set_read_timeout(60, 0);
    cli.set_write_timeout(60, 0);
    cli.set_connection_timeout(30, 0);
    return cli;
}

ChildServer::ChildServer(std::vector<std::string> args) : dir_(std::make_unique<TempDir>()) {
    const std::string out = dir_->file("stdout"), err = dir_->file("stderr");
    std::fflush(nullptr); // or the child's freopen flushes doctest's buffered output a second time
    pid_ = fork();
    REQUIRE(pid_ >= 0);
    if (pid_ == 0) {
        if (!std::freopen(out.c_str(), "w", stdout) || !std::freopen(err.c_str(), "w", stderr)) _exit(127);
        std::vector<char*> argv;
        std::string bin = DELTAG_SERVER_BIN;
        argv.push_back(bin.data());
        for (auto& a : args) argv.push_back(a.data());
        argv.push_back(nullptr);
        execv(bin.c_str(), argv.data());
        _exit(127);
    }
    // The binary prints "Deltag listening on http://127.0.0.1:PORT/" once it accepts.
    for (int i = 0; i < 3000 && port_ < 0; ++i) {
        std::ifstream in(out);
        std::string line;
        if (std::getline(in, line)) {
            const auto colon = line.rfind(':');
            if (line.rfind("Deltag listening on http://", 0) == 0 && colon != std::string::npos)
                port_ = std::atoi(line.c_str() + colon + 1);
        }
        int status = 0;
        if (port_ < 0 && waitpid(pid_, &status, WNOHANG) == pid_) {
            reaped_ = true;
            FAIL("deltag-server exited at start-up: " << err_log());
        }
        if (port_ < 0) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    REQUIRE(port_ > 0);
}

ChildServer::~ChildServer() {
    if (!reaped_) {
        ::kill(pid_, SIGKILL);
        wait();
    }
}

void ChildServer::kill(int sig) { ::kill(pid_, sig); }

int ChildServer::wait() {
    int status = 0;
    if (reaped_) return -1;
    waitpid(pid_, &status, 0);
    reaped_ = true;
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
    return -1;
}

std::string ChildServer::err_log() const {
    std::ifstream in(dir_->file("stderr"));
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

httplib::Client ChildServer::client() const {
    httplib::Client cli("127.0.0.1", port_);
    cli.set_read_timeout(60, 0);
    cli.set_connection_timeout(30, 0);
    return cli;
}

std::pair<int, std::string> run_binary(const std::vector<std::string>& args) {
    TempDir dir;
    // A binary that starts instead of refusing would listen for ever: `timeout` ends it (124).
    std::string cmd = std::string("timeout 30 ") + DELTAG_SERVER_BIN;
    for (const auto& a : args) cmd += " '" + a + "'";
    cmd += " >" + dir.file("out") + " 2>" + dir.file("err");
    const int status = std::system(cmd.c_str());
    std::ifstream in(dir.file("err"));
    std::stringstream ss;
    ss << in.rdbuf();
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, ss.str()};
}

std::string key_for(int n) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "key-%016d", n);
    return buf;
}

json payload(const std::string& event, const std::string& key, const std::string& email,
             const std::string& municipality) {
    return json{{"event", event},
                {"answers",
                 {{"name", "Anna Andersson"},
                  {"email", email},
                  {"organisation", {{"country", "se"}, {"code", municipality}}},
                  {"criteria", json::array({"a"})},
                  {"consent_sensitive", true}}},
                {"locale", "sv"},
                {"consents", {{"consent_sensitive", "2026-01"}}},
                {"idempotency_key", key},
                {"fill_ms", 12345},
                {"honeypot", ""}};
}

httplib::Result post_registration(httplib::Client& cli, const std::string& event, const json& body,
                                  const std::string& key_header) {
    httplib::Headers headers;
    if (!key_header.empty()) headers.emplace("Idempotency-Key", key_header);
    return cli.Post(("/api/v1/events/" + event + "/registrations").c_str(), headers, body.dump(),
                    "application/json");
}

json body_of(const httplib::Result& r) {
    if (!r) return json::object();
    auto j = json::parse(r->body, nullptr, false);
    return j.is_discarded() ? json::object() : j;
}

std::vector<std::string> swedish_municipality_codes(std::size_t n) {
    std::vector<std::string> out;
    for (const auto& m : municipalities())
        if (m.country == "se" && out.size() < n) out.push_back(m.code);
    return out;
}

httplib::Result get_with_token(httplib::Client& cli, const std::string& path, const std::string& token) {
    return cli.Get(path.c_str(), httplib::Headers{{"Authorization", "Bearer " + token}});
}

} // namespace deltag::testing
