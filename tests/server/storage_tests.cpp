// The storage layer's engine-neutral pieces: `?N` parameters for libpq, where the installation's
// secret is with either engine, the schema's versions, and URLs in messages.
#include "harness.hpp"

#include "conn.hpp"
#include "db_postgresql.hpp"
#include "migrations.hpp"
#include "options.hpp"

#include <doctest/doctest.h>

#include <cstdlib>
#include <fstream>
#include <sys/wait.h>

using namespace deltag::testing;
using namespace deltag::server;

TEST_SUITE("server: storage") {

TEST_CASE("?N parameters become $N for libpq, except inside literals and quoted names") {
    struct Row {
        const char* sql;
        const char* expected;
        int params;
    };
    const Row rows[] = {
        {"SELECT a FROM t WHERE b = ?1", "SELECT a FROM t WHERE b = $1", 1},
        {"VALUES (?1, ?2, ?10, ?10)", "VALUES ($1, $2, $10, $10)", 10},
        {"SELECT '?1', \"col?2\" FROM t WHERE x = ?3", "SELECT '?1', \"col?2\" FROM t WHERE x = $3", 3},
        {"SELECT 'it''s ?1' || ?2", "SELECT 'it''s ?1' || $2", 2},
        {"SELECT ? FROM t", "SELECT ? FROM t", 0},
        {"SELECT 1", "SELECT 1", 0},
    };
    for (const auto& r : rows) {
        CAPTURE(r.sql);
        int params = -1;
        CHECK(postgresql_parameters(r.sql, params) == r.expected);
        CHECK(params == r.params);
    }
}

TEST_CASE("--db chooses the engine: postgresql:// and postgres:// URLs, anything else a SQLite file") {
    CHECK(is_postgresql_url("postgresql://deltag@db.example/deltag"));
    CHECK(is_postgresql_url("postgres:///deltag?host=/run/postgresql"));
    CHECK_FALSE(is_postgresql_url("data/deltag.db"));
    CHECK_FALSE(is_postgresql_url("/srv/postgresql/deltag.db"));
}

TEST_CASE("the installation's secret: --secret-file, else DELTAG_SECRET_FILE, else <db>.secret for SQLite only") {
    struct Row {
        const char* db;
        const char* flag;
        const char* env;
        const char* path; // nullptr: refused
        bool made_on_first_start;
    };
    const Row rows[] = {
        {"data/x.db", "", nullptr, "data/x.db.secret", true},
        {"data/x.db", "", "", "data/x.db.secret", true},
        {"data/x.db", "", "/etc/deltag/secret", "/etc/deltag/secret", false},
        {"data/x.db", "/run/s", "/etc/deltag/secret", "/run/s", false},
        {"postgresql://deltag@db/deltag", "", nullptr, nullptr, false},
        {"postgres://deltag@db/deltag", "", "", nullptr, false},
        {"postgresql://deltag@db/deltag", "", "/etc/deltag/secret", "/etc/deltag/secret", false},
        {"postgresql://deltag@db/deltag", "/run/s", nullptr, "/run/s", false},
    };
    for (const auto& r : rows) {
        CAPTURE(r.db);
        CAPTURE(r.flag);
        CAPTURE(r.env ? r.env : "(unset)");
        Options o;
        o.db_path = r.db;
        o.secret_file = r.flag;
        auto got = secret_file_path(o, r.env);
        if (!r.path) {
            REQUIRE(std::holds_alternative<std::string>(got));
            CHECK(std::get<std::string>(got).find("--secret-file or DELTAG_SECRET_FILE") != std::string::npos);
        } else {
            REQUIRE(std::holds_alternative<SecretPath>(got));
            CHECK(std::get<SecretPath>(got).path == r.path);
            CHECK(std::get<SecretPath>(got).made_on_first_start == r.made_on_first_start);
        }
    }
}

TEST_CASE("a PostgreSQL URL without a secret file stops start-up with a message naming both ways") {
    TempDir dir;
    const std::string cmd = std::string("env -u DELTAG_SECRET_FILE ") + DELTAG_SERVER_BIN + " --events " +
                            fixtures_dir() + " --db 'postgresql://deltag:pw@127.0.0.1:1/none' --port 0 --mail-dir " +
                            dir.file("mail") + " 2>" +
                            dir.file("err");
    const int status = std::system(cmd.c_str());
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 1);
    std::ifstream in(dir.file("err"));
    const std::string err((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    CHECK(err.find("--secret-file or DELTAG_SECRET_FILE") != std::string::npos);
}

TEST_CASE("messages name a PostgreSQL database without its password") {
    CHECK(db_label("postgresql://deltag:s3cret@db.example:5432/deltag") == "postgresql://db.example:5432/deltag");
    CHECK(db_label("postgres://deltag@/deltag?host=/run/pg") == "postgres:///deltag?host=/run/pg");
    CHECK(db_label("postgresql:///deltag?host=/run/pg") == "postgresql:///deltag?host=/run/pg");
    CHECK(db_label("data/a@b.db") == "data/a@b.db");
}

TEST_CASE("a new database gets every step of the schema, recorded in schema_version") {
    TempDir dir;
    const std::string db = test_db(dir, "schema.db");
    CHECK(integrity(db) == "ok"); // opens the store: migrates
    auto opened = open_db(db, false);
    REQUIRE(std::holds_alternative<std::unique_ptr<Db>>(opened));
    Conn c(std::move(std::get<std::unique_ptr<Db>>(opened)));
    auto version = schema_version(c);
    REQUIRE(std::holds_alternative<std::int64_t>(version));
    CHECK(std::get<std::int64_t>(version) == known_schema_version());
    auto steps = scalar(c, "SELECT count(*) FROM schema_version");
    REQUIRE(std::holds_alternative<std::int64_t>(steps));
    CHECK(std::get<std::int64_t>(steps) == static_cast<std::int64_t>(migrations().size()));
    // A second start changes nothing.
    CHECK(integrity(db) == "ok");
    steps = scalar(c, "SELECT count(*) FROM schema_version");
    CHECK(std::get<std::int64_t>(steps) == static_cast<std::int64_t>(migrations().size()));
}

TEST_CASE("a server refuses to start on a schema newer than it knows, naming both versions") {
    TempDir dir;
    const std::string db = test_db(dir, "newer.db");
    REQUIRE(integrity(db) == "ok");
    {
        auto opened = open_db(db, false);
        REQUIRE(std::holds_alternative<std::unique_ptr<Db>>(opened));
        Conn c(std::move(std::get<std::unique_ptr<Db>>(opened)));
        REQUIRE(run(c, "INSERT INTO schema_version(version) VALUES (?1)", known_schema_version() + 1).ok());
    }
    std::vector<std::string> args{"--events", fixtures_dir(), "--db", db, "--port", "0"};
    for (auto& a : secret_args(db)) args.push_back(a);
    for (auto& a : mail_dir_args(db)) args.push_back(a);
    auto [status, err] = run_binary(args);
    CHECK(status == 1);
    const std::string expected = "the database's schema is version " + std::to_string(known_schema_version() + 1) +
                                 ", newer than this deltag-server knows (" + std::to_string(known_schema_version()) +
                                 "): run a newer deltag-server";
    CHECK(err.find(expected) != std::string::npos);
}

TEST_CASE("a SQLite database from before schema_version (user_version 1) is taken over without loss") {
    if (testing_postgresql()) return; // PostgreSQL never had a release without schema_version
    TempDir dir;
    const std::string db = test_db(dir, "old.db");
    json created;
    {
        TestServer srv({}, fixture_now, db);
        auto cli = srv.client();
        created = body_of(post_registration(cli, "open-event", payload("open-event", key_for(1), "old@example.se")));
        REQUIRE(created["status"] == "confirmed");
    }
    {
        auto opened = open_db(db, false);
        REQUIRE(std::holds_alternative<std::unique_ptr<Db>>(opened));
        Conn c(std::move(std::get<std::unique_ptr<Db>>(opened)));
        // Back to the last SQLite-only release's schema: no schema_version, none of the later
        // steps (closed_reason, the mail outbox), user_version 1.
        REQUIRE(c.db().exec("DROP TABLE schema_version; DROP TABLE mail_outbox;"
                            "ALTER TABLE registrations DROP COLUMN closed_reason; PRAGMA user_version = 1;")
                    .ok());
    }
    TestServer srv({}, fixture_now, db);
    auto cli = srv.client();
    const json s = body_of(cli.Get(("/api/v1/registrations/" + created["reference"].get<std::string>()).c_str(),
                                   {{"Authorization", "Bearer " + created["cancel_token"].get<std::string>()}}));
    CHECK(s["status"] == "confirmed");
    CHECK(integrity(db) == "ok");
}

}
