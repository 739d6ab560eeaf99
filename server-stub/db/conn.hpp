// A connection of either engine with its cache of prepared statements and small query
// helpers (bind a parameter list, step through rows). Used by the store and the writers only.
// SQL written with these helpers runs on both engines when it is portable: `?N` parameters,
// INSERT ... RETURNING instead of last_insert_rowid, ON CONFLICT with qualified columns.
#pragma once
#include "db.hpp"

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <variant>

namespace deltag::server {

// Returns the DbError of a failed DbStatus from the enclosing function (which returns a
// variant holding DbError). Keeps every return code checked without a wall of ifs.
#define DELTAG_TRY(expr)                                                                         \
    do {                                                                                         \
        auto deltag_try_status_ = (expr);                                                        \
        if (!deltag_try_status_.ok()) return *deltag_try_status_.error;                          \
    } while (0)

class Conn {
public:
    explicit Conn(std::unique_ptr<Db> db) : db_(std::move(db)) {}
    Db& db() { return *db_; }
    Engine engine() const { return db_->engine(); }

    // The cached statement for `sql`, reset and with its bindings cleared.
    std::variant<Stmt*, DbError> stmt(const char* sql) {
        auto it = cache_.find(sql);
        if (it == cache_.end()) {
            auto p = db_->prepare(sql);
            if (auto* e = std::get_if<DbError>(&p)) return *e;
            it = cache_.emplace(sql, std::move(std::get<std::unique_ptr<Stmt>>(p))).first;
        }
        auto st = it->second->reset();
        if (!st.ok()) return *st.error;
        return it->second.get();
    }

    // The events whose lock the open batch transaction holds (PostgreSQL's writer only, which
    // brackets each batch with begin_batch/end_batch): a sign-up rush to one event then takes
    // its lock once per batch, not once per sign-up (one round trip each, inside the lock).
    // A job's locks count once its savepoint is released; a ROLLBACK TO the savepoint gives
    // them back (PostgreSQL releases locks taken after a savepoint rolled back to), so they
    // are taken again. Outside a batch nothing is remembered and every lock_event locks.
    void begin_batch() { held_locks_.clear(), job_locks_.clear(), in_batch_ = true; }
    void end_batch() { held_locks_.clear(), job_locks_.clear(), in_batch_ = false; }
    void job_released() { held_locks_.merge(job_locks_), job_locks_.clear(); }
    void job_rolled_back() { job_locks_.clear(); }
    bool holds_lock(const std::string& event_id) const {
        return in_batch_ && (held_locks_.count(event_id) > 0 || job_locks_.count(event_id) > 0);
    }
    void locked(const std::string& event_id) {
        if (in_batch_) job_locks_.insert(event_id);
    }

private:
    std::unique_ptr<Db> db_;
    std::map<std::string, std::unique_ptr<Stmt>, std::less<>> cache_;
    std::set<std::string> held_locks_, job_locks_;
    bool in_batch_ = false;
};

inline DbStatus bind_one(Stmt& s, int i, std::string_view v) { return s.bind(i, v); }
inline DbStatus bind_one(Stmt& s, int i, const std::string& v) { return s.bind(i, std::string_view(v)); }
inline DbStatus bind_one(Stmt& s, int i, const char* v) { return s.bind(i, std::string_view(v)); }
inline DbStatus bind_one(Stmt& s, int i, std::int64_t v) { return s.bind(i, v); }
inline DbStatus bind_one(Stmt& s, int i, int v) { return s.bind(i, static_cast<std::int64_t>(v)); }
inline DbStatus bind_one(Stmt& s, int i, std::nullptr_t) { return s.bind_null(i); }
inline DbStatus bind_one(Stmt& s, int i, const std::optional<std::string>& v) {
    return v ? s.bind(i, std::string_view(*v)) : s.bind_null(i);
}

inline DbStatus bind_all(Stmt&, int) { return {}; }
template <class T, class... R> DbStatus bind_all(Stmt& s, int i, const T& v, const R&... rest) {
    auto st = bind_one(s, i, v);
    if (!st.ok()) return st;
    return bind_all(s, i + 1, rest...);
}

// Runs `sql` with the parameters; calls on_row(Stmt&) for each result row.
template <class F, class... A>
DbStatus each_row(Conn& c, const char* sql, F&& on_row, const A&... args) {
    auto p = c.stmt(sql);
    if (auto* e = std::get_if<DbError>(&p)) return DbStatus{*e};
    Stmt& s = *std::get<Stmt*>(p);
    if (auto st = bind_all(s, 1, args...); !st.ok()) return st;
    for (;;) {
        auto step = s.step();
        if (step.error) return DbStatus{step.error};
        if (!step.row) return {};
        on_row(s);
    }
}

template <class... A> DbStatus run(Conn& c, const char* sql, const A&... args) {
    return each_row(c, sql, [](Stmt&) {}, args...);
}

// The first column of the first row as an integer (0 when there is no row).
template <class... A>
std::variant<std::int64_t, DbError> scalar(Conn& c, const char* sql, const A&... args) {
    std::int64_t v = 0;
    auto st = each_row(c, sql, [&](Stmt& s) { v = s.column_int(0); }, args...);
    if (!st.ok()) return *st.error;
    return v;
}

// Takes the event's lock for the rest of the transaction: everything that counts an event's
// registrations and then writes runs after it, so two nodes (or two connections) never
// decide on the same counts. SQLite needs none: its one writer runs transactions one by one.
inline DbStatus lock_event(Conn& c, const std::string& event_id) {
    if (c.engine() == Engine::sqlite || c.holds_lock(event_id)) return {};
    DbStatus st = run(c, "SELECT pg_advisory_xact_lock(hashtext(?1))", event_id);
    if (st.ok()) c.locked(event_id);
    return st;
}

} // namespace deltag::server
