// The SQLite engine behind db.hpp's interface: every sqlite3_* return code is looked at here.
#pragma once
#include "db.hpp"

namespace deltag::server {

class SqliteStmt final : public Stmt {
public:
    SqliteStmt(sqlite3* db, sqlite3_stmt* s) : db_(db), stmt_(s) {}
    SqliteStmt(const SqliteStmt&) = delete;
    SqliteStmt& operator=(const SqliteStmt&) = delete;
    ~SqliteStmt() override;

    DbStatus bind(int index, std::string_view text) override;
    DbStatus bind(int index, std::int64_t value) override;
    DbStatus bind_null(int index) override;
    DbStatus reset() override;
    Step step() override;
    std::int64_t column_int(int col) const override;
    std::string column_text(int col) const override;
    bool column_is_null(int col) const override;

private:
    sqlite3* db_ = nullptr;
    sqlite3_stmt* stmt_ = nullptr;
};

class SqliteDb final : public Db {
public:
    SqliteDb(const SqliteDb&) = delete;
    SqliteDb& operator=(const SqliteDb&) = delete;
    ~SqliteDb() override;

    // Opens (creating if asked) with a busy timeout so readers never fail on a writer's lock.
    static std::variant<std::unique_ptr<Db>, DbError> open(const std::string& path, bool read_only);

    Engine engine() const override { return Engine::sqlite; }
    DbStatus exec(const char* sql) override;
    std::variant<std::unique_ptr<Stmt>, DbError> prepare(std::string_view sql) override;
    int changes() const override { return sqlite3_changes(db_); }
    std::int64_t last_insert_rowid() override { return sqlite3_last_insert_rowid(db_); }
    bool in_transaction() const override { return sqlite3_get_autocommit(db_) == 0; }
    bool broken() const override { return false; }
    sqlite3* handle() const { return db_; }

private:
    explicit SqliteDb(sqlite3* db) : db_(db) {}
    sqlite3* db_ = nullptr;
};

} // namespace deltag::server
