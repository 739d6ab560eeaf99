// Load generator for tests/bench/server (not a test): sign-ups per second and p50/p99
// latency at several connection counts against a running deltag-server, and the rate of
// raw SQLite inserts with one fsync'd commit each on the same disk, measured in the same run.
// usage: server_bench PORT[,PORT...] EVENT_ID DB_DIR [SECONDS_PER_LEVEL] [--no-raw]
// With several ports (nodes of one installation) the connections are spread over them in turn.
#include <httplib.h>
#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

using Clock = std::chrono::steady_clock;

namespace {

// Runs follow one another on one database (one node, then two): keys and addresses start at
// this run's start in microseconds, so a later run never replays an earlier run's sign-ups
// (which would be answered from the idempotency table, without a decision).
std::atomic<long> next_id{static_cast<long>(
    std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch()).count())};

std::string body_for(const std::string& event, long id, std::string& key) {
    char k[40];
    std::snprintf(k, sizeof k, "bench-%016ld", id);
    key = k;
    nlohmann::json p{{"event", event},
                     {"answers",
                      {{"name", "Bench Person"},
                       {"email", "bench" + std::to_string(id) + "@example.se"},
                       {"organisation", {{"country", "se"}, {"code", "0180"}}},
                       {"consent_sensitive", true}}},
                     {"locale", "sv"},
                     {"consents", {{"consent_sensitive", "2026-01"}}},
                     {"idempotency_key", key},
                     {"fill_ms", 10000},
                     {"honeypot", ""}};
    return p.dump();
}

struct Level {
    double per_second = 0, p50_ms = 0, p99_ms = 0;
    long errors = 0;
};

Level run_level(const std::vector<int>& ports, const std::string& event, int connections, double seconds) {
    std::vector<std::vector<double>> latencies(static_cast<std::size_t>(connections));
    std::atomic<long> errors{0};
    const auto end = Clock::now() + std::chrono::duration<double>(seconds);
    std::vector<std::thread> threads;
    const auto t0 = Clock::now();
    for (int c = 0; c < connections; ++c) {
        threads.emplace_back([&, c] {
            httplib::Client cli("127.0.0.1", ports[static_cast<std::size_t>(c) % ports.size()]);
            cli.set_keep_alive(true);
            cli.set_tcp_nodelay(true); // as browsers do
            cli.set_read_timeout(30, 0);
            while (Clock::now() < end) {
                std::string key;
                const std::string body = body_for(event, next_id++, key);
                const auto s = Clock::now();
                auto r = cli.Post(("/api/v1/events/" + event + "/registrations").c_str(),
                                  httplib::Headers{{"Idempotency-Key", key}}, body, "application/json");
                const double ms = std::chrono::duration<double, std::milli>(Clock::now() - s).count();
                if (!r || r->status != 201) ++errors;
                else latencies[static_cast<std::size_t>(c)].push_back(ms);
            }
        });
    }
    for (auto& t : threads) t.join();
    const double elapsed = std::chrono::duration<double>(Clock::now() - t0).count();
    std::vector<double> all;
    for (auto& l : latencies) all.insert(all.end(), l.begin(), l.end());
    std::sort(all.begin(), all.end());
    Level lv;
    lv.errors = errors;
    lv.per_second = static_cast<double>(all.size()) / elapsed;
    if (!all.empty()) {
        lv.p50_ms = all[all.size() / 2];
        lv.p99_ms = all[std::min(all.size() - 1, all.size() * 99 / 100)];
    }
    return lv;
}

// INSERTs of a similar row, each in its own transaction, WAL + synchronous=FULL (one fsync
// per commit): the rate a server without group commit could at best reach on this disk.
double raw_sqlite_rate(const std::string& dir, double seconds) {
    const std::string path = dir + "/raw-baseline.db";
    std::remove(path.c_str());
    std::remove((path + "-wal").c_str());
    std::remove((path + "-shm").c_str());
    sqlite3* db = nullptr;
    if (sqlite3_open(path.c_str(), &db) != SQLITE_OK) return 0;
    sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
                     "CREATE TABLE r(seq INTEGER PRIMARY KEY, reference TEXT UNIQUE, answers TEXT)",
                 nullptr, nullptr, nullptr);
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(db, "INSERT INTO r(reference, answers) VALUES (?1, ?2)", -1, &st, nullptr);
    const std::string answers(300, 'x');
    long n = 0;
    const auto t0 = Clock::now();
    const auto end = t0 + std::chrono::duration<double>(seconds);
    while (Clock::now() < end) {
        const std::string ref = "REF-" + std::to_string(n);
        sqlite3_bind_text(st, 1, ref.c_str(), -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 2, answers.c_str(), -1, SQLITE_TRANSIENT);
        if (sqlite3_step(st) != SQLITE_DONE) break;
        sqlite3_reset(st);
        ++n;
    }
    const double elapsed = std::chrono::duration<double>(Clock::now() - t0).count();
    sqlite3_finalize(st);
    sqlite3_close(db);
    std::remove(path.c_str());
    std::remove((path + "-wal").c_str());
    std::remove((path + "-shm").c_str());
    return static_cast<double>(n) / elapsed;
}

} // namespace

int main(int argc, char** argv) {
    if (argc < 4) {
        std::fprintf(stderr, "usage: server_bench PORT[,PORT...] EVENT_ID DB_DIR [SECONDS_PER_LEVEL] [--no-raw]\n");
        return 2;
    }
    std::vector<int> ports;
    for (const char* p = argv[1]; *p;) {
        ports.push_back(std::atoi(p));
        while (*p && *p != ',') ++p;
        if (*p == ',') ++p;
    }
    const std::string event = argv[2];
    const std::string dir = argv[3];
    const double seconds = argc > 4 ? std::atof(argv[4]) : 5.0;
    const bool with_raw = !(argc > 5 && std::string(argv[5]) == "--no-raw");

    const double raw = with_raw ? raw_sqlite_rate(dir, seconds) : 0.0;
    if (with_raw) std::printf("raw SQLite inserts, one fsync'd commit each (WAL, synchronous=FULL): %.0f/s\n", raw);
    std::printf("%-12s %14s %10s %10s %8s %12s\n", "connections", "sign-ups/s", "p50 ms", "p99 ms", "errors", "vs raw");
    for (int connections : {1, 16, 64}) {
        const Level lv = run_level(ports, event, connections, seconds);
        std::printf("%-12d %14.0f %10.2f %10.2f %8ld %11.2fx\n", connections, lv.per_second, lv.p50_ms, lv.p99_ms,
                    lv.errors, raw > 0 ? lv.per_second / raw : 0.0);
        std::fflush(stdout);
    }
    return 0;
}
