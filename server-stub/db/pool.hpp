// A pool of open connections: leased for one call or one transaction, returned after it.
// A connection found broken (the database restarted, the network dropped) is not returned
// but closed, so the next lease opens a fresh one: the server recovers by itself.
#pragma once
#include "conn.hpp"

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

namespace deltag::server {

class ConnPool {
public:
    using Open = std::function<std::variant<std::unique_ptr<Conn>, DbError>()>;

    // `max` connections at most (0: no limit); a lease beyond it waits for a returned one.
    ConnPool(Open open, std::size_t max) : open_(std::move(open)), max_(max) {}

    class Lease {
    public:
        Lease(ConnPool* pool, std::unique_ptr<Conn> c) : pool_(pool), conn_(std::move(c)) {}
        Lease(Lease&& o) noexcept : pool_(o.pool_), conn_(std::move(o.conn_)) { o.pool_ = nullptr; }
        Lease& operator=(Lease&&) = delete;
        ~Lease() {
            if (pool_) pool_->give_back(std::move(conn_));
        }
        Conn& conn() { return *conn_; }
        Conn* operator->() { return conn_.get(); }

    private:
        ConnPool* pool_;
        std::unique_ptr<Conn> conn_;
    };

    std::variant<Lease, DbError> lease() {
        {
            std::unique_lock<std::mutex> lock(mutex_);
            returned_.wait(lock, [&] { return !idle_.empty() || max_ == 0 || open_count_ < max_; });
            if (!idle_.empty()) {
                std::unique_ptr<Conn> c = std::move(idle_.back());
                idle_.pop_back();
                lock.unlock();
                return Lease{this, std::move(c)};
            }
            ++open_count_; // counted while it opens, so that a burst does not open more than max
        }
        auto c = open_();
        if (auto* e = std::get_if<DbError>(&c)) {
            give_back(nullptr);
            return *e;
        }
        return Lease{this, std::move(std::get<std::unique_ptr<Conn>>(c))};
    }

    // Closes the idle connections (at shutdown).
    void clear() {
        std::lock_guard<std::mutex> lock(mutex_);
        open_count_ -= idle_.size();
        idle_.clear();
    }

private:
    void give_back(std::unique_ptr<Conn> c) {
        {
            std::lock_guard<std::mutex> lock(mutex_);
            if (c && !c->db().broken() && !c->db().in_transaction()) {
                idle_.push_back(std::move(c));
            } else {
                --open_count_;
            }
        }
        returned_.notify_one();
    }

    Open open_;
    std::size_t max_;
    std::mutex mutex_;
    std::condition_variable returned_;
    std::vector<std::unique_ptr<Conn>> idle_;
    std::size_t open_count_ = 0;
};

} // namespace deltag::server
