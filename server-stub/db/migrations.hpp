// The schema as one versioned list of steps for both engines, applied at start in one
// transaction and recorded in the table schema_version. Adding a table or a column is one
// more step at the end of the list in migrations.cpp (never an edit of a step already
// released: databases out there have run it).
#pragma once
#include "conn.hpp"

#include <vector>

namespace deltag::server {

struct Migration {
    int version;
    const char* sql;        // portable SQL, or SQLite's text when `postgresql` is set
    const char* postgresql; // PostgreSQL's text where the two must differ, else nullptr
};

// Every step, oldest first; versions 1, 2, 3, ... without gaps.
const std::vector<Migration>& migrations();
// The newest version this server knows.
int known_schema_version();

// Brings the database up to known_schema_version(). Refuses (SQLITE_SCHEMA, the message
// names both versions) a database whose schema is newer than this server knows.
DbStatus migrate(Conn& c);
// The version recorded in the database (0 for a new one).
std::variant<std::int64_t, DbError> schema_version(Conn& c);

} // namespace deltag::server
