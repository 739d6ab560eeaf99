// The storage engine's interface: a connection (Db) that prepares statements (Stmt), with
// every return code turned into a value. Two implementations chosen at open: SQLite
// (db_sqlite.cpp) and PostgreSQL through libpq (db_postgresql.cpp). Knows nothing about
// Deltag's schema (that is store.cpp and migrations.cpp).
#pragma once
#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace deltag::server {

// Error codes are SQLite's result codes for both engines (PostgreSQL's SQLSTATEs are mapped
// onto them in db_postgresql.cpp), so code written against the SQLite store keeps working.
// The ones the store acts on:
//   SQLITE_BUSY               40001 serialization failure, 40P01 deadlock: retry the transaction
//   SQLITE_CONSTRAINT_UNIQUE  23505: a concurrent duplicate (retry: the winner's row is then seen)
//   SQLITE_CANTOPEN           the database cannot be reached (connection lost, server stopped)
//   SQLITE_MISUSE             the store has been closed
constexpr int db_unavailable = SQLITE_CANTOPEN;

struct DbError {
    DbError() = default;
    DbError(int code, std::string text, std::string state = {})
        : rc(code), message(std::move(text)), sqlstate(std::move(state)) {}
    int rc = SQLITE_ERROR;
    std::string message;  // the engine's text; never contains bound values
    std::string sqlstate; // PostgreSQL's SQLSTATE ("" for SQLite)
};

inline bool is_retryable(const DbError& e) {
    return e.rc == SQLITE_BUSY || e.rc == SQLITE_CONSTRAINT_UNIQUE;
}

// Ok or the error; [[nodiscard]] so that no return code goes unchecked.
// Converts from DbError, so DELTAG_TRY also works in functions returning DbStatus.
struct [[nodiscard]] DbStatus {
    DbStatus() = default;
    DbStatus(DbError e) : error(std::move(e)) {}                // NOLINT: implicit on purpose
    DbStatus(std::optional<DbError> e) : error(std::move(e)) {} // NOLINT: implicit on purpose
    std::optional<DbError> error;
    bool ok() const { return !error; }
};

enum class Engine { sqlite, postgresql };

// A prepared statement with `?N` parameters (1-based), read row by row.
class Stmt {
public:
    virtual ~Stmt() = default;
    // Binding by 1-based index; the statement is reset and its bindings cleared first by reset().
    virtual DbStatus bind(int index, std::string_view text) = 0;
    virtual DbStatus bind(int index, std::int64_t value) = 0;
    virtual DbStatus bind_null(int index) = 0;
    virtual DbStatus reset() = 0;

    // One step: true when a row is ready, false when done, or the error.
    struct Step {
        bool row = false;
        std::optional<DbError> error;
    };
    virtual Step step() = 0;
    // Runs to completion (for statements without result rows).
    DbStatus run() {
        for (;;) {
            auto s = step();
            if (s.error) return DbStatus{s.error};
            if (!s.row) return {};
        }
    }

    virtual std::int64_t column_int(int col) const = 0;
    virtual std::string column_text(int col) const = 0;
    virtual bool column_is_null(int col) const = 0;
};

class Db {
public:
    virtual ~Db() = default;
    virtual Engine engine() const = 0;
    virtual DbStatus exec(const char* sql) = 0; // statements without parameters or rows
    virtual std::variant<std::unique_ptr<Stmt>, DbError> prepare(std::string_view sql) = 0;
    // Rows changed by the last statement.
    virtual int changes() const = 0;
    // The key of the last row inserted (prefer INSERT ... RETURNING in new code).
    virtual std::int64_t last_insert_rowid() = 0;
    // True inside BEGIN ... COMMIT (false when the engine rolled the transaction back).
    virtual bool in_transaction() const = 0;
    // True when the connection is lost and must be replaced.
    virtual bool broken() const = 0;
};

// "postgresql://..." or "postgres://..." selects PostgreSQL; anything else is a SQLite file.
bool is_postgresql_url(std::string_view db);

// Opens either engine. SQLite: creating the file unless read_only, with a busy timeout.
// PostgreSQL: one libpq connection (read_only sets the session read-only).
std::variant<std::unique_ptr<Db>, DbError> open_db(const std::string& path_or_url, bool read_only);

} // namespace deltag::server
