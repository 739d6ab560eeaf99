// PostgreSQL's writer: each job is one transaction on a pooled connection, many at once.
// The job takes its event's lock (conn.hpp lock_event) before it counts, so decisions are
// sequential per event across every node. Serialisation failures (40001), deadlocks
// (40P01) and a concurrent duplicate key (23505) roll back and run the job again; the job
// must therefore depend only on what it reads inside the transaction.
#pragma once
#include "pool.hpp"

#include <atomic>
#include <chrono>
#include <random>
#include <thread>

namespace deltag::server {

template <class R> class PgTransactions {
public:
    using Job = std::function<std::variant<R, DbError>(Conn&)>;

    PgTransactions(ConnPool& pool, std::function<R(const DbError&)> failed)
        : pool_(pool), failed_(std::move(failed)) {}

    // Runs the job in its own transaction; answers only after COMMIT returned.
    R submit(const Job& job) {
        DbError last{SQLITE_BUSY, "too many retries", {}};
        for (int attempt = 0; attempt < max_attempts; ++attempt) {
            if (stopped_.load()) return failed_(DbError{SQLITE_MISUSE, "the store has stopped", {}});
            if (attempt > 0) back_off(attempt);
            auto leased = pool_.lease();
            if (auto* e = std::get_if<DbError>(&leased)) return failed_(*e);
            Conn& c = std::get<ConnPool::Lease>(leased).conn();
            if (auto st = c.db().exec("BEGIN"); !st.ok()) {
                last = *st.error;
                // A pooled connection the database dropped while it was idle: nothing ran
                // yet, so another (fresh) connection may try.
                if (c.db().broken()) continue;
                return failed_(last);
            }
            auto r = job(c);
            if (auto* e = std::get_if<DbError>(&r)) {
                last = *e;
                (void)c.db().exec("ROLLBACK");
                if (is_retryable(last)) continue;
                return failed_(last);
            }
            if (auto st = c.db().exec("COMMIT"); !st.ok()) {
                // A lost connection here leaves the outcome unknown: answer 503, and the
                // client's retry with the same Idempotency-Key gets the stored answer.
                last = *st.error;
                if (c.db().in_transaction()) (void)c.db().exec("ROLLBACK");
                if (is_retryable(last)) continue;
                return failed_(last);
            }
            return std::move(std::get<R>(r));
        }
        return failed_(last);
    }

    void stop() { stopped_.store(true); }

private:
    static constexpr int max_attempts = 10;

    // Random, growing waits so that the transactions that collided do not collide again.
    static void back_off(int attempt) {
        thread_local std::minstd_rand rng(std::random_device{}());
        const int ceiling = std::min(50, 2 << attempt);
        std::this_thread::sleep_for(std::chrono::milliseconds(1 + static_cast<int>(rng() % static_cast<unsigned>(ceiling))));
    }

    ConnPool& pool_;
    std::function<R(const DbError&)> failed_;
    std::atomic<bool> stopped_{false};
};

} // namespace deltag::server
