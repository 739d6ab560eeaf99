// The queue in front of a group-commit writer: callers block in submit() until a writer
// thread has run their job in a batch and answered it; writer threads take every waiting job
// at once. Shared by SQLite's one writer (writer.hpp) and PostgreSQL's (pg_writer.hpp).
#pragma once
#include "conn.hpp"

#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <mutex>
#include <variant>

namespace deltag::server {

template <class R> class BatchQueue {
public:
    using Job = std::function<std::variant<R, DbError>(Conn&)>;
    struct Item {
        Job job;
        std::promise<R> done;
    };

    // Queues the job and blocks until a writer answers it. After close(), answers `stopped`.
    R submit(Job job, const std::function<R()>& stopped) {
        Item item{std::move(job), {}};
        auto future = item.done.get_future();
        {
            std::lock_guard<std::mutex> lock(mutex_);
            if (closed_) return stopped();
            queue_.push_back(std::move(item));
        }
        wake_.notify_one();
        return future.get();
    }

    // A writer thread's life: runs every batch taken, until closed and drained.
    template <class RunBatch> void serve(RunBatch run_batch) {
        for (;;) {
            std::deque<Item> batch = take();
            if (batch.empty()) return;
            run_batch(batch);
        }
    }

    // Every waiting job (at least one); empty once closed and drained: the writer then ends.
    std::deque<Item> take() {
        std::deque<Item> batch;
        std::unique_lock<std::mutex> lock(mutex_);
        wake_.wait(lock, [&] { return closed_ || !queue_.empty(); });
        batch.swap(queue_);
        return batch;
    }

    // Refuses new jobs; the ones queued are still run. False when it was closed already.
    bool close() {
        {
            std::lock_guard<std::mutex> lock(mutex_);
            if (closed_) return false;
            closed_ = true;
        }
        wake_.notify_all();
        return true;
    }

private:
    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<Item> queue_;
    bool closed_ = false;
};

} // namespace deltag::server
