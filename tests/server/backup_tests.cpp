// Online backups while the server takes sign-ups, one per engine, and their restore: SQLite's
// VACUUM INTO (a consistent copy from one read transaction, beside the writer thanks to WAL)
// and pg_dump (one snapshot). The commands are the README's.
#include "harness.hpp"

#include "store.hpp"

#include <doctest/doctest.h>

#include <atomic>
#include <cstdlib>

using namespace deltag::testing;

namespace {

std::string shell_quoted(const std::string& s) { return "'" + s + "'"; }

// The schema a test database's URL names (harness test_db puts it in search_path).
std::string schema_of(const std::string& url) { return url.substr(url.rfind("%3D") + 3); }

// Backs `db` up to `out`; returns the restored database, or "" when a command failed.
std::string backup_and_restore(const TempDir& dir, const std::string& db) {
    if (!testing_postgresql()) {
        const std::string copy = dir.file("backup.db");
        if (std::system(("sqlite3 " + shell_quoted(db) + " \"VACUUM INTO '" + copy + "'\"").c_str()) != 0) return "";
        return copy; // restoring is putting the file where --db points
    }
    const std::string dump = dir.file("backup.dump");
    if (std::system(("pg_dump --format=custom --schema=" + schema_of(db) + " --file=" + shell_quoted(dump) + " " +
                     shell_quoted(db.substr(0, db.find("&options")))).c_str()) != 0)
        return "";
    // Restore into a new database of the same cluster (the schema keeps its name there).
    const std::string base = std::getenv("DELTAG_TEST_PG_URL");
    const std::string name = "restored_" + schema_of(db);
    const std::string admin = "psql -q -v ON_ERROR_STOP=1 " + shell_quoted(base) + " -c 'CREATE DATABASE " + name + "'";
    if (std::system(admin.c_str()) != 0) return "";
    std::string target = base;
    target.replace(target.find("/postgres?"), 10, "/" + name + "?");
    if (std::system(("pg_restore --no-owner --exit-on-error --dbname=" + shell_quoted(target) + " " + shell_quoted(dump)).c_str()) != 0)
        return "";
    return target + "&options=-csearch_path%3D" + schema_of(db);
}

} // namespace

TEST_SUITE("server: backups") {

TEST_CASE("an online backup taken during sign-ups restores to a database that passes the integrity check") {
    TempDir dir;
    const std::string db = test_db(dir, "live.db");
    TestServer srv({}, fixture_now, db);
    std::atomic<bool> stop{false};
    std::atomic<int> acknowledged{0};
    std::thread writer([&] {
        auto cli = srv.client();
        for (int i = 0; !stop.load(); ++i) {
            auto r = post_registration(cli, "unlimited", payload("unlimited", key_for(i), "b" + std::to_string(i) + "@example.se"));
            if (r && r->status == 201) ++acknowledged;
        }
    });
    while (acknowledged.load() < 50) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    const int before = acknowledged.load();
    const std::string restored = backup_and_restore(dir, db);
    const int after = acknowledged.load();
    stop = true;
    writer.join();
    REQUIRE_FALSE(restored.empty());
    CHECK(integrity(restored) == "ok");
    auto store = deltag::server::Store::open(restored, [] { return fixture_now; });
    REQUIRE(std::holds_alternative<std::unique_ptr<deltag::server::Store>>(store));
    auto counts = std::get<std::unique_ptr<deltag::server::Store>>(store)->counts("unlimited");
    REQUIRE(std::holds_alternative<deltag::server::Store::Counts>(counts));
    const int in_backup = std::get<deltag::server::Store::Counts>(counts).confirmed;
    CHECK(in_backup >= before);
    CHECK(in_backup <= after + 1); // +1: one acknowledged just after the snapshot, counted later
}

}
