// The PostgreSQL engine behind db.hpp's interface, through libpq: `?N` parameters are
// rewritten to `$N`, statements are prepared once per connection (per parameter kinds) and
// SQLSTATEs are mapped onto the error codes db.hpp names. Results are read in text format.
#pragma once
#include "db.hpp"

#include <libpq-fe.h>

#include <map>
#include <vector>

namespace deltag::server {

class PgDb;

class PgStmt final : public Stmt {
public:
    PgStmt(PgDb* db, std::string sql, int params) : db_(db), sql_(std::move(sql)), values_(params), kinds_(params, 'n') {}
    PgStmt(const PgStmt&) = delete;
    PgStmt& operator=(const PgStmt&) = delete;
    ~PgStmt() override { clear(); }

    DbStatus bind(int index, std::string_view text) override;
    DbStatus bind(int index, std::int64_t value) override;
    DbStatus bind_null(int index) override;
    DbStatus reset() override;
    Step step() override;
    std::int64_t column_int(int col) const override;
    std::string column_text(int col) const override;
    bool column_is_null(int col) const override;

private:
    DbStatus set(int index, std::optional<std::string> value, char kind);
    std::optional<DbError> execute();
    void clear();

    PgDb* db_;
    std::string sql_;
    std::vector<std::optional<std::string>> values_;
    std::string kinds_;                          // 't' text, 'i' int8, 'n' null, per parameter
    std::map<std::string, std::string> prepared_; // kinds -> server-side statement name
    PGresult* result_ = nullptr;
    bool executed_ = false;
    int row_ = -1;
};

class PgDb final : public Db {
public:
    PgDb(const PgDb&) = delete;
    PgDb& operator=(const PgDb&) = delete;
    ~PgDb() override { PQfinish(conn_); }

    static std::variant<std::unique_ptr<Db>, DbError> open(const std::string& url, bool read_only);

    Engine engine() const override { return Engine::postgresql; }
    DbStatus exec(const char* sql) override;
    std::variant<std::unique_ptr<Stmt>, DbError> prepare(std::string_view sql) override;
    int changes() const override { return changes_; }
    std::int64_t last_insert_rowid() override;
    bool in_transaction() const override;
    bool broken() const override { return PQstatus(conn_) != CONNECTION_OK; }

    PGconn* handle() const { return conn_; }
    std::string next_statement_name() { return "deltag_" + std::to_string(++statements_); }
    void set_changes(int n) { changes_ = n; }
    // The error of a failed result (or of the connection when there is no result).
    DbError error(const PGresult* r) const;

private:
    explicit PgDb(PGconn* c) : conn_(c) {}
    PGconn* conn_ = nullptr;
    int changes_ = 0;
    int statements_ = 0;
};

// `?N` -> `$N` outside string literals and quoted identifiers; `params` gets the highest N.
std::string postgresql_parameters(std::string_view sql, int& params);

} // namespace deltag::server
