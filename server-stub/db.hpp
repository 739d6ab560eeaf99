// A thin SQLite wrapper: one connection, prepared statements, every return code checked and
// turned into a value. Knows nothing about Deltag's schema (that is store.cpp).
#pragma once
#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace deltag::server {

struct DbError {
    int rc = SQLITE_ERROR;
    std::string message; // SQLite's text; never contains bound values
};

// Ok or the error; [[nodiscard]] so that no return code goes unchecked.
struct [[nodiscard]] DbStatus {
    std::optional<DbError> error;
    bool ok() const { return !error; }
};

class Stmt {
public:
    Stmt() = default;
    Stmt(sqlite3* db, sqlite3_stmt* s) : db_(db), stmt_(s) {}
    Stmt(Stmt&& o) noexcept : db_(o.db_), stmt_(o.stmt_) { o.stmt_ = nullptr; }
    Stmt& operator=(Stmt&& o) noexcept;
    Stmt(const Stmt&) = delete;
    Stmt& operator=(const Stmt&) = delete;
    ~Stmt();

    // Binding by 1-based index; the statement is reset and its bindings cleared first by reset().
    DbStatus bind(int index, std::string_view text);
    DbStatus bind(int index, std::int64_t value);
    DbStatus bind_null(int index);
    DbStatus reset();

    // One step: true when a row is ready, false when done, or the error.
    struct Step {
        bool row = false;
        std::optional<DbError> error;
    };
    Step step();
    // Runs to completion (for statements without result rows).
    DbStatus run();

    std::int64_t column_int(int col) const;
    std::string column_text(int col) const;
    bool column_is_null(int col) const;

private:
    DbError error(int rc) const;
    sqlite3* db_ = nullptr;
    sqlite3_stmt* stmt_ = nullptr;
};

class Db {
public:
    Db() = default;
    Db(Db&& o) noexcept : db_(o.db_) { o.db_ = nullptr; }
    Db& operator=(Db&&) = delete;
    Db(const Db&) = delete;
    Db& operator=(const Db&) = delete;
    ~Db();

    // Opens (creating if asked) with a busy timeout so readers never fail on a writer's lock.
    static std::variant<Db, DbError> open(const std::string& path, bool read_only);

    DbStatus exec(const char* sql); // statements without parameters or rows
    std::variant<Stmt, DbError> prepare(std::string_view sql);
    std::int64_t last_insert_rowid() const { return sqlite3_last_insert_rowid(db_); }
    int changes() const { return sqlite3_changes(db_); }
    sqlite3* handle() const { return db_; }

private:
    explicit Db(sqlite3* db) : db_(db) {}
    sqlite3* db_ = nullptr;
};

} // namespace deltag::server
