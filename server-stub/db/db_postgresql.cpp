// The PostgreSQL engine through libpq: every PGresult's status is looked at here.
#include "db_postgresql.hpp"

#include <cstdlib>
#include <cstring>

namespace deltag::server {

namespace {

constexpr Oid int8_oid = 20; // pg_type.h; text parameters are sent untyped (0) like literals

// Connection classes and shutdowns say "the database is not reachable": 503, try again.
bool unavailable_state(const std::string& s) {
    return s.rfind("08", 0) == 0 || s == "57P01" || s == "57P02" || s == "57P03" || s == "53300";
}

int rc_for(const std::string& state) {
    if (state == "40001" || state == "40P01") return SQLITE_BUSY;
    if (state == "23505") return SQLITE_CONSTRAINT_UNIQUE;
    if (state.rfind("23", 0) == 0) return SQLITE_CONSTRAINT;
    if (unavailable_state(state)) return db_unavailable;
    return SQLITE_ERROR;
}

// libpq prints NOTICEs ("relation already exists, skipping") to stderr by default.
void ignore_notice(void*, const char*) {}

bool ok_result(const PGresult* r) {
    const auto s = PQresultStatus(r);
    return s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK;
}

} // namespace

std::string postgresql_parameters(std::string_view sql, int& params) {
    std::string out;
    out.reserve(sql.size());
    params = 0;
    char quote = 0; // ' or " while inside a literal or a quoted identifier
    for (std::size_t i = 0; i < sql.size(); ++i) {
        const char ch = sql[i];
        if (quote) {
            out += ch;
            if (ch == quote) quote = 0; // a doubled quote closes and reopens: same result
            continue;
        }
        if (ch == '\'' || ch == '"') {
            quote = ch;
            out += ch;
            continue;
        }
        if (ch == '?' && i + 1 < sql.size() && sql[i + 1] >= '0' && sql[i + 1] <= '9') {
            int n = 0;
            std::size_t j = i + 1;
            while (j < sql.size() && sql[j] >= '0' && sql[j] <= '9') n = n * 10 + (sql[j++] - '0');
            out += '$';
            out.append(sql.substr(i + 1, j - i - 1));
            if (n > params) params = n;
            i = j - 1;
            continue;
        }
        out += ch;
    }
    return out;
}

DbError PgDb::error(const PGresult* r) const {
    const char* state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
    // Only the primary message: DETAIL may quote the row's values (personal data).
    const char* primary = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
    std::string message = primary ? primary : PQerrorMessage(conn_);
    while (!message.empty() && message.back() == '\n') message.pop_back();
    std::string s = state ? state : "";
    if (s.empty() && PQstatus(conn_) != CONNECTION_OK) s = "08006"; // connection failure
    return DbError{rc_for(s), message, s};
}

std::variant<std::unique_ptr<Db>, DbError> PgDb::open(const std::string& url, bool read_only) {
    // connect_timeout first, so that a value in the URL (expanded from dbname) overrides it.
    const char* keys[] = {"connect_timeout", "dbname", nullptr};
    const char* values[] = {"3", url.c_str(), nullptr};
    PGconn* raw = PQconnectdbParams(keys, values, 1);
    if (!raw) return DbError{SQLITE_NOMEM, "libpq could not allocate a connection", "08000"};
    std::unique_ptr<PgDb> db(new PgDb(raw));
    if (PQstatus(raw) != CONNECTION_OK) return db->error(nullptr);
    PQsetNoticeProcessor(raw, ignore_notice, nullptr);
    if (read_only)
        if (auto st = db->exec("SET default_transaction_read_only = on"); !st.ok()) return *st.error;
    return std::unique_ptr<Db>(std::move(db));
}

DbStatus PgDb::exec(const char* sql) {
    PGresult* r = PQexec(conn_, sql);
    if (!ok_result(r)) {
        DbError e = error(r);
        PQclear(r);
        return DbStatus{e};
    }
    changes_ = std::atoi(PQcmdTuples(r));
    PQclear(r);
    return {};
}

std::variant<std::unique_ptr<Stmt>, DbError> PgDb::prepare(std::string_view sql) {
    int params = 0;
    std::string translated = postgresql_parameters(sql, params);
    return std::unique_ptr<Stmt>(new PgStmt(this, std::move(translated), params));
}

std::int64_t PgDb::last_insert_rowid() {
    PGresult* r = PQexec(conn_, "SELECT lastval()");
    std::int64_t v = 0;
    if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1) v = std::strtoll(PQgetvalue(r, 0, 0), nullptr, 10);
    PQclear(r);
    return v;
}

bool PgDb::in_transaction() const {
    const auto s = PQtransactionStatus(conn_);
    return s == PQTRANS_INTRANS || s == PQTRANS_INERROR || s == PQTRANS_ACTIVE;
}

void PgStmt::clear() {
    PQclear(result_);
    result_ = nullptr;
    executed_ = false;
    row_ = -1;
}

DbStatus PgStmt::set(int index, std::optional<std::string> value, char kind) {
    if (index < 1 || index > static_cast<int>(values_.size()))
        return DbStatus{DbError{SQLITE_RANGE, "parameter index out of range", {}}};
    values_[static_cast<std::size_t>(index - 1)] = std::move(value);
    kinds_[static_cast<std::size_t>(index - 1)] = kind;
    return {};
}

DbStatus PgStmt::bind(int index, std::string_view text) {
    // Text goes over the wire NUL-terminated: an embedded NUL would cut it silently.
    if (text.find('\0') != std::string_view::npos)
        return DbStatus{DbError{SQLITE_MISMATCH, "text with a NUL character", "22021"}};
    return set(index, std::string(text), 't');
}

DbStatus PgStmt::bind(int index, std::int64_t value) { return set(index, std::to_string(value), 'i'); }

DbStatus PgStmt::bind_null(int index) { return set(index, std::nullopt, 'n'); }

DbStatus PgStmt::reset() {
    clear();
    for (auto& v : values_) v.reset();
    kinds_.assign(values_.size(), 'n');
    return {};
}

std::optional<DbError> PgStmt::execute() {
    PGconn* conn = db_->handle();
    auto name = prepared_.find(kinds_);
    if (name == prepared_.end()) {
        std::vector<Oid> types(kinds_.size(), 0);
        for (std::size_t i = 0; i < kinds_.size(); ++i)
            if (kinds_[i] == 'i') types[i] = int8_oid;
        std::string n = db_->next_statement_name();
        PGresult* r = PQprepare(conn, n.c_str(), sql_.c_str(), static_cast<int>(types.size()), types.data());
        if (!ok_result(r)) {
            DbError e = db_->error(r);
            PQclear(r);
            return e;
        }
        PQclear(r);
        name = prepared_.emplace(kinds_, std::move(n)).first;
    }
    std::vector<const char*> ptrs(values_.size(), nullptr);
    for (std::size_t i = 0; i < values_.size(); ++i)
        if (values_[i]) ptrs[i] = values_[i]->c_str();
    result_ = PQexecPrepared(conn, name->second.c_str(), static_cast<int>(ptrs.size()), ptrs.data(), nullptr,
                             nullptr, 0);
    executed_ = true;
    if (!ok_result(result_)) {
        DbError e = db_->error(result_);
        PQclear(result_);
        result_ = nullptr;
        return e;
    }
    db_->set_changes(std::atoi(PQcmdTuples(result_)));
    return std::nullopt;
}

Stmt::Step PgStmt::step() {
    if (!executed_)
        if (auto e = execute()) return Step{false, e};
    if (!result_) return Step{false, std::nullopt};
    ++row_;
    return Step{row_ < PQntuples(result_), std::nullopt};
}

std::int64_t PgStmt::column_int(int col) const {
    if (!result_ || PQgetisnull(result_, row_, col)) return 0;
    return std::strtoll(PQgetvalue(result_, row_, col), nullptr, 10);
}

std::string PgStmt::column_text(int col) const {
    if (!result_) return {};
    return std::string(PQgetvalue(result_, row_, col), static_cast<std::size_t>(PQgetlength(result_, row_, col)));
}

bool PgStmt::column_is_null(int col) const { return !result_ || PQgetisnull(result_, row_, col); }

} // namespace deltag::server
