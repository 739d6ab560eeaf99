// SQLite's one writer: a thread owning the only writing connection. Jobs queue up; the thread
// takes all waiting jobs, runs each in a SAVEPOINT inside one BEGIN IMMEDIATE ... COMMIT,
// and answers them only after the COMMIT is durable (group commit: one fsync per batch).
#pragma once
#include "batch_queue.hpp"

#include <thread>

namespace deltag::server {

template <class R> class Writer {
public:
    using Job = typename BatchQueue<R>::Job;

    // `failed` builds the answer for a job whose savepoint or the whole commit failed.
    Writer(Conn conn, std::function<R(const DbError&)> failed)
        : conn_(std::move(conn)), failed_(std::move(failed)), thread_([this] { loop(); }) {}
    ~Writer() { stop(); }

    // Runs the job in the writer's next batch; blocks until its batch is committed.
    // After stop(), answers failed() with SQLITE_MISUSE at once.
    R submit(Job job) {
        return queue_.submit(std::move(job),
                             [this] { return failed_(DbError{SQLITE_MISUSE, "the writer has stopped"}); });
    }

    void stop() {
        if (!queue_.close()) return;
        if (thread_.joinable()) thread_.join();
    }

private:
    using Item = typename BatchQueue<R>::Item;

    void loop() {
        queue_.serve([this](std::deque<Item>& batch) { run_batch(batch); });
    }

    void run_batch(std::deque<Item>& batch) {
        std::vector<R> answers;
        answers.reserve(batch.size());
        if (auto st = conn_.db().exec("BEGIN IMMEDIATE"); !st.ok()) {
            for (auto& item : batch) item.done.set_value(failed_(*st.error));
            return;
        }
        for (auto& item : batch) {
            answers.push_back(run_one(item.job));
            // SQLite rolls back the whole transaction on some errors (disk full, I/O): then
            // nothing of this batch is stored, and no later job may run outside it.
            if (!conn_.db().in_transaction()) {
                for (auto& lost : batch)
                    lost.done.set_value(failed_(DbError{SQLITE_ABORT, "transaction rolled back"}));
                return;
            }
        }
        if (auto st = conn_.db().exec("COMMIT"); !st.ok()) {
            (void)conn_.db().exec("ROLLBACK"); // may fail if SQLite already rolled back
            for (auto& item : batch) item.done.set_value(failed_(*st.error));
            return;
        }
        for (std::size_t i = 0; i < batch.size(); ++i) batch[i].done.set_value(std::move(answers[i]));
    }

    R run_one(Job& job) {
        if (auto st = run(conn_, "SAVEPOINT job"); !st.ok()) return failed_(*st.error);
        auto r = job(conn_);
        if (auto* e = std::get_if<DbError>(&r)) {
            DbError err = *e;
            (void)run(conn_, "ROLLBACK TO job");
            (void)run(conn_, "RELEASE job");
            return failed_(err);
        }
        if (auto st = run(conn_, "RELEASE job"); !st.ok()) return failed_(*st.error);
        return std::move(std::get<R>(r));
    }

    Conn conn_;
    std::function<R(const DbError&)> failed_;
    BatchQueue<R> queue_;
    std::thread thread_; // last: starts after everything above is initialised
};

} // namespace deltag::server
