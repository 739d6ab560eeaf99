// Chooses the engine from --db: a postgresql:// or postgres:// URL, else a SQLite file.
#include "db_postgresql.hpp"
#include "db_sqlite.hpp"

namespace deltag::server {

bool is_postgresql_url(std::string_view db) {
    return db.rfind("postgresql://", 0) == 0 || db.rfind("postgres://", 0) == 0;
}

std::variant<std::unique_ptr<Db>, DbError> open_db(const std::string& path_or_url, bool read_only) {
    if (is_postgresql_url(path_or_url)) return PgDb::open(path_or_url, read_only);
    return SqliteDb::open(path_or_url, read_only);
}

} // namespace deltag::server
