// The SQLite engine: every sqlite3_* return code is looked at here.
#include "db_sqlite.hpp"

namespace deltag::server {

namespace {

DbStatus status(int rc, sqlite3* db) {
    if (rc == SQLITE_OK) return {};
    return DbStatus{DbError{rc, db ? sqlite3_errmsg(db) : sqlite3_errstr(rc), {}}};
}

} // namespace

SqliteStmt::~SqliteStmt() { sqlite3_finalize(stmt_); }

DbStatus SqliteStmt::bind(int index, std::string_view text) {
    return status(sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()),
                                    SQLITE_TRANSIENT),
                  db_);
}

DbStatus SqliteStmt::bind(int index, std::int64_t value) {
    return status(sqlite3_bind_int64(stmt_, index, value), db_);
}

DbStatus SqliteStmt::bind_null(int index) { return status(sqlite3_bind_null(stmt_, index), db_); }

DbStatus SqliteStmt::reset() {
    // sqlite3_reset returns the error of the last step again; that was already reported.
    sqlite3_reset(stmt_);
    return status(sqlite3_clear_bindings(stmt_), db_);
}

Stmt::Step SqliteStmt::step() {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return Step{true, std::nullopt};
    if (rc == SQLITE_DONE) return Step{false, std::nullopt};
    return Step{false, DbError{rc, sqlite3_errmsg(db_), {}}};
}

std::int64_t SqliteStmt::column_int(int col) const { return sqlite3_column_int64(stmt_, col); }

std::string SqliteStmt::column_text(int col) const {
    const auto* p = sqlite3_column_text(stmt_, col);
    const int n = sqlite3_column_bytes(stmt_, col);
    return p ? std::string(reinterpret_cast<const char*>(p), static_cast<std::size_t>(n))
             : std::string();
}

bool SqliteStmt::column_is_null(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }

SqliteDb::~SqliteDb() { sqlite3_close_v2(db_); }

std::variant<std::unique_ptr<Db>, DbError> SqliteDb::open(const std::string& path, bool read_only) {
    sqlite3* raw = nullptr;
    const int flags = (read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) |
                      SQLITE_OPEN_NOMUTEX;
    const int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
    if (rc != SQLITE_OK) {
        DbError e{rc, raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc), {}};
        sqlite3_close_v2(raw);
        return e;
    }
    std::unique_ptr<Db> db(new SqliteDb(raw));
    sqlite3_extended_result_codes(raw, 1);
    if (int b = sqlite3_busy_timeout(raw, 5000); b != SQLITE_OK) return DbError{b, sqlite3_errmsg(raw), {}};
    return db;
}

DbStatus SqliteDb::exec(const char* sql) {
    char* msg = nullptr;
    const int rc = sqlite3_exec(db_, sql, nullptr, nullptr, &msg);
    if (rc == SQLITE_OK) return {};
    DbError e{rc, msg ? msg : sqlite3_errstr(rc), {}};
    sqlite3_free(msg);
    return DbStatus{e};
}

std::variant<std::unique_ptr<Stmt>, DbError> SqliteDb::prepare(std::string_view sql) {
    sqlite3_stmt* s = nullptr;
    const int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                      SQLITE_PREPARE_PERSISTENT, &s, nullptr);
    if (rc != SQLITE_OK) return DbError{rc, sqlite3_errmsg(db_), {}};
    return std::unique_ptr<Stmt>(new SqliteStmt(db_, s));
}

} // namespace deltag::server
