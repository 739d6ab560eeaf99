// PostgreSQL's group-commit writer: like SQLite's (writer.hpp), a thread takes every waiting
// job, runs each in a SAVEPOINT inside one transaction on a pooled connection and answers
// them only after the COMMIT returned, so one fsync serves the whole batch. What PostgreSQL
// adds: another node's transaction may deadlock with a batch (40P01), fail it (40001) or the
// connection may drop; the whole batch is then rolled back and run again on a (fresh)
// connection. Jobs must therefore depend only on what they read inside the transaction.
#pragma once
#include "batch_queue.hpp"
#include "pool.hpp"

#include <chrono>
#include <random>
#include <thread>
#include <vector>

namespace deltag::server {

template <class R> class PgWriter {
public:
    using Job = typename BatchQueue<R>::Job;

    // `writers` threads, each leasing one connection from `pool` for a batch.
    PgWriter(ConnPool& pool, std::function<R(const DbError&)> failed, std::size_t writers)
        : pool_(pool), failed_(std::move(failed)) {
        for (std::size_t i = 0; i < writers; ++i) threads_.emplace_back([this] { loop(); });
    }
    ~PgWriter() { stop(); }

    // Runs the job in a writer's next batch; blocks until its batch is committed (or failed).
    R submit(Job job) {
        return queue_.submit(std::move(job),
                             [this] { return failed_(DbError{SQLITE_MISUSE, "the store has stopped", {}}); });
    }

    void stop() {
        if (!queue_.close()) return;
        for (auto& t : threads_)
            if (t.joinable()) t.join();
    }

private:
    using Item = typename BatchQueue<R>::Item;
    // Whole-batch attempts after deadlocks, serialisation failures and lost connections.
    static constexpr int max_batch_attempts = 5;
    // Runs of one job after a duplicate key another node committed meanwhile (23505).
    static constexpr int max_job_attempts = 3;

    // A batch either commits with every job's answer, or fails as a whole with an error.
    struct Outcome {
        std::vector<R> answers;
        std::optional<DbError> error;
        bool retry = false; // nothing of the batch is stored: it may run again
    };

    void loop() {
        queue_.serve([this](std::deque<Item>& batch) { run_batch(batch); });
    }

    void run_batch(std::deque<Item>& batch) {
        DbError last{SQLITE_BUSY, "too many retries", {}};
        for (int attempt = 0; attempt < max_batch_attempts; ++attempt) {
            if (attempt > 0) back_off(attempt);
            auto leased = pool_.lease();
            if (auto* e = std::get_if<DbError>(&leased)) {
                last = *e;
                break; // the database cannot be reached: answer now rather than wait
            }
            Outcome out = attempt_batch(std::get<ConnPool::Lease>(leased).conn(), batch);
            if (!out.error) {
                for (std::size_t i = 0; i < batch.size(); ++i)
                    batch[i].done.set_value(std::move(out.answers[i]));
                return;
            }
            last = *out.error;
            if (!out.retry) break;
        }
        for (auto& item : batch) item.done.set_value(failed_(last));
    }

    // One try of the whole batch on one connection. On failure the connection is left
    // outside any transaction (or broken: the pool then drops it). The first job's savepoint
    // comes with BEGIN and each next one with the RELEASE of the job before: one round trip
    // per job instead of two, and the writer's time per job is mostly round trips.
    Outcome attempt_batch(Conn& c, std::deque<Item>& batch) {
        Outcome out;
        c.begin_batch();
        if (auto st = c.db().exec("BEGIN; SAVEPOINT job"); !st.ok()) {
            // A pooled connection the database dropped while idle: nothing ran, try a fresh one.
            return abort(c, *st.error, c.db().broken());
        }
        out.answers.reserve(batch.size());
        for (std::size_t i = 0; i < batch.size(); ++i) {
            std::optional<DbError> fatal;
            out.answers.push_back(run_one(c, batch[i].job, fatal));
            if (fatal) return abort(c, *fatal, true);
            if (i + 1 < batch.size()) {
                if (auto st = c.db().exec("RELEASE job; SAVEPOINT job"); !st.ok()) return abort(c, *st.error, true);
                c.job_released();
            }
        }
        // Commits the last job's savepoint with everything before it.
        c.end_batch();
        if (auto st = c.db().exec("COMMIT"); !st.ok()) {
            // A connection lost during COMMIT leaves the outcome unknown: answer 503, and the
            // client's retry with the same Idempotency-Key gets the stored answer.
            const bool unknown = c.db().broken();
            return abort(c, *st.error, !unknown && st.error->rc == SQLITE_BUSY);
        }
        return out;
    }

    Outcome abort(Conn& c, const DbError& e, bool retry) {
        c.end_batch();
        if (!c.db().broken() && c.db().in_transaction()) (void)c.db().exec("ROLLBACK");
        Outcome out;
        out.error = e;
        out.retry = retry;
        return out;
    }

    // A failure that spoils the transaction itself, not only the job's savepoint.
    static bool fails_batch(Conn& c, const DbError& e) {
        return c.db().broken() || e.rc == SQLITE_BUSY || e.rc == db_unavailable;
    }

    // The job inside the savepoint `job`, which is set. An error rolls back to it, which also
    // ends PostgreSQL's "transaction is aborted" state, and leaves it set: the job may run
    // again, or the next job runs normally. Sets `fatal` when the whole batch must roll back.
    R run_one(Conn& c, Job& job, std::optional<DbError>& fatal) {
        for (int attempt = 1;; ++attempt) {
            auto r = job(c);
            if (auto* ok = std::get_if<R>(&r)) return std::move(*ok);
            const DbError err = std::get<DbError>(r);
            if (fails_batch(c, err)) {
                fatal = err;
                return failed_(err);
            }
            if (auto st = c.db().exec("ROLLBACK TO job"); !st.ok()) {
                fatal = *st.error;
                return failed_(*st.error);
            }
            c.job_rolled_back();
            // Another node committed the same key meanwhile: run again, now reading its row.
            if (err.rc == SQLITE_CONSTRAINT_UNIQUE && attempt < max_job_attempts) continue;
            return failed_(err);
        }
    }

    // Random, growing waits so that the batches that collided do not collide again.
    static void back_off(int attempt) {
        thread_local std::minstd_rand rng(std::random_device{}());
        const int ceiling = std::min(50, 2 << attempt);
        const auto wait = 1 + static_cast<int>(rng() % static_cast<unsigned>(ceiling));
        std::this_thread::sleep_for(std::chrono::milliseconds(wait));
    }

    ConnPool& pool_;
    std::function<R(const DbError&)> failed_;
    BatchQueue<R> queue_;
    std::vector<std::thread> threads_; // last: started after everything above is initialised
};

} // namespace deltag::server
