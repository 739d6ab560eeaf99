// PostgreSQL's group-commit writer (server-stub/pg_writer.hpp) through Store::write: jobs that
// wait while a batch runs share the next batch's transaction; a failing job leaves that
// transaction usable; a failure of the whole transaction runs the whole batch again.
// PostgreSQL only (SQLite's writer has no transaction id to look at).
#include "harness.hpp"

#include "conn.hpp"
#include "store.hpp"

#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <thread>
#include <vector>

using namespace deltag::testing;
using deltag::UnixTime;
using deltag::server::Conn;
using deltag::server::DbError;
using deltag::server::DbResult;
using deltag::server::Reply;
using deltag::server::Store;

namespace {

std::unique_ptr<Store> open_store(const std::string& db) {
    auto opened = Store::open(db, [] { return fixture_now; });
    REQUIRE(std::holds_alternative<std::unique_ptr<Store>>(opened));
    return std::move(std::get<std::unique_ptr<Store>>(opened));
}

DbResult<std::int64_t> txid(Conn& c) { return deltag::server::scalar(c, "SELECT txid_current()"); }

// Starts a job that holds the writer for half a second, and returns once it runs: whatever is
// submitted meanwhile waits for the writer's next batch.
std::thread occupy_writer(Store& store) {
    auto running = std::make_shared<std::atomic<bool>>(false);
    std::thread t([&store, running] {
        store.write([running](Conn& c, UnixTime) -> DbResult<Reply> {
            *running = true;
            DELTAG_TRY(deltag::server::run(c, "SELECT pg_sleep(0.5)"));
            return Reply{};
        });
    });
    while (!*running) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    return t;
}

std::int64_t probe_rows(Store& store) {
    std::int64_t n = -1;
    auto st = store.read([&](Conn& c) -> deltag::server::DbStatus {
        auto v = deltag::server::scalar(c, "SELECT count(*) FROM writer_probe");
        if (auto* e = std::get_if<DbError>(&v)) return *e;
        n = std::get<std::int64_t>(v);
        return {};
    });
    REQUIRE(st.ok());
    return n;
}

void make_probe_table(Store& store) {
    auto made = store.write([](Conn& c) { return deltag::server::run(c, "CREATE TABLE writer_probe(tx BIGINT)"); });
    REQUIRE(made.ok());
}

} // namespace

TEST_CASE("PostgreSQL: jobs that arrive while a batch runs commit together in the next transaction") {
    if (!testing_postgresql()) return;
    TempDir dir;
    auto store = open_store(test_db(dir, "batch.db"));
    std::thread busy = occupy_writer(*store);
    constexpr int jobs = 8;
    std::vector<std::int64_t> tx(jobs, 0);
    std::vector<int> status(jobs, 0);
    std::vector<std::thread> clients;
    for (int i = 0; i < jobs; ++i)
        clients.emplace_back([&, i] {
            status[i] = store->write([&, i](Conn& c, UnixTime) -> DbResult<Reply> {
                auto t = txid(c);
                if (auto* e = std::get_if<DbError>(&t)) return *e;
                tx[i] = std::get<std::int64_t>(t);
                return Reply{};
            }).status;
        });
    for (auto& t : clients) t.join();
    busy.join();
    for (int i = 0; i < jobs; ++i) {
        CHECK(status[i] == 200);
        CHECK(tx[i] == tx[0]); // one transaction, one COMMIT, one flush for all eight
    }
}

TEST_CASE("PostgreSQL: a failing job rolls back to its savepoint and the batch's next job still commits") {
    if (!testing_postgresql()) return;
    TempDir dir;
    auto store = open_store(test_db(dir, "savepoint.db"));
    make_probe_table(*store);
    std::thread busy = occupy_writer(*store);
    std::int64_t failed_tx = 0;
    Reply failed_reply, next_reply;
    std::thread failing([&] {
        failed_reply = store->write([&](Conn& c, UnixTime) -> DbResult<Reply> {
            auto t = txid(c);
            if (auto* e = std::get_if<DbError>(&t)) return *e;
            failed_tx = std::get<std::int64_t>(t);
            DELTAG_TRY(deltag::server::run(c, "INSERT INTO writer_probe(tx) VALUES (?1)", failed_tx));
            // An error inside the job: PostgreSQL marks the transaction aborted.
            DELTAG_TRY(deltag::server::run(c, "SELECT * FROM no_such_table"));
            return Reply{};
        });
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(100)); // queued after the failing one
    std::thread next([&] {
        next_reply = store->write([&](Conn& c, UnixTime) -> DbResult<Reply> {
            DELTAG_TRY(deltag::server::run(c, "INSERT INTO writer_probe(tx) SELECT txid_current()"));
            return Reply{};
        });
    });
    failing.join();
    next.join();
    busy.join();
    CHECK(failed_reply.status == 500);
    CHECK(failed_reply.body["code"] == "internal.error");
    CHECK(next_reply.status == 200);
    CHECK(probe_rows(*store) == 1); // the failing job's insert is gone, the next job's stored
    std::int64_t stored_tx = 0;
    REQUIRE(store->read([&](Conn& c) -> deltag::server::DbStatus {
        return deltag::server::each_row(c, "SELECT tx FROM writer_probe",
                                        [&](deltag::server::Stmt& s) { stored_tx = s.column_int(0); });
    }).ok());
    CHECK(stored_tx == failed_tx); // both ran in the one transaction
}

TEST_CASE("PostgreSQL: a lost connection or a deadlock runs the whole batch again and stores each job once") {
    if (!testing_postgresql()) return;
    TempDir dir;
    auto store = open_store(test_db(dir, "retry.db"));
    make_probe_table(*store);

    struct Case {
        const char* name;
        // What the job does on its first run: fails the whole transaction.
        std::function<DbResult<Reply>(Conn&)> first_run;
    };
    const std::vector<Case> cases{
        {"the database ends the connection",
         [](Conn& c) -> DbResult<Reply> {
             DELTAG_TRY(deltag::server::run(c, "SELECT pg_terminate_backend(pg_backend_pid())"));
             return Reply{};
         }},
        {"a deadlock with another node (40P01)",
         [](Conn&) -> DbResult<Reply> { return DbError{SQLITE_BUSY, "deadlock detected", "40P01"}; }},
    };
    std::int64_t expected_rows = 0;
    for (const auto& cs : cases) {
        CAPTURE(cs.name);
        std::thread busy = occupy_writer(*store);
        std::atomic<int> stored_runs{0}, failing_runs{0};
        Reply stored_reply, failing_reply;
        std::thread storing([&] {
            stored_reply = store->write([&](Conn& c, UnixTime) -> DbResult<Reply> {
                ++stored_runs;
                DELTAG_TRY(deltag::server::run(c, "INSERT INTO writer_probe(tx) SELECT txid_current()"));
                return Reply{};
            });
        });
        std::this_thread::sleep_for(std::chrono::milliseconds(100)); // queued after the storing one
        std::thread failing([&] {
            failing_reply = store->write([&](Conn& c, UnixTime) -> DbResult<Reply> {
                if (failing_runs++ == 0) return cs.first_run(c);
                return Reply{};
            });
        });
        storing.join();
        failing.join();
        busy.join();
        CHECK(stored_reply.status == 200);
        CHECK(failing_reply.status == 200);
        CHECK(stored_runs == 2); // its first run was rolled back with the batch
        CHECK(failing_runs == 2);
        CHECK(probe_rows(*store) == ++expected_rows);
    }
}
