// The deltag-server binary as a process: start-up errors, the listening line, clean
// shutdown on SIGTERM, durability after SIGKILL in the middle of a rush, and retention.
#include "harness.hpp"

#include <doctest/doctest.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <mutex>

using namespace deltag::testing;
namespace fs = std::filesystem;

namespace {

std::vector<std::string> server_args(const std::string& db, bool quiet = true) {
    std::vector<std::string> args{"--events", fixtures_dir(), "--db", db, "--port", "0", "--min-fill-ms", "0",
                                  "--rate-limit", "1000000/min"};
    if (quiet) args.push_back("--quiet");
    for (auto& a : secret_args(db)) args.push_back(a);
    for (auto& a : mail_dir_args(db)) args.push_back(a);
    return args;
}

} // namespace

TEST_SUITE("server: process") {

TEST_CASE("a bad event file stops start-up with a message naming the file and the field") {
    TempDir dir;
    fs::create_directories(dir.file("events"));
    fs::create_directories(dir.file("forms"));
    fs::copy_file(fixtures_dir() + "/forms/test-form.json", dir.file("forms/test-form.json"));
    std::ifstream in(fixtures_dir() + "/events/open-event.json");
    json ev = json::parse(in);
    ev["capcity"] = 20;
    { std::ofstream(dir.file("events/typo.json")) << ev.dump(); }
    auto [status, err] =
        run_binary({"--events", dir.path(), "--db", dir.file("x.db"), "--port", "0", "--mail-dir", dir.file("mail")});
    CHECK(status == 1);
    CHECK(err.find("typo.json") != std::string::npos);
    CHECK(err.find("capcity") != std::string::npos);
}

TEST_CASE("the installation's secret is made once, owner only, and a bad secret file stops start-up") {
    TempDir dir;
    const std::vector<std::string> base{"--events", fixtures_dir(), "--db",       dir.file("x.db"),
                                        "--port",   "0",            "--mail-dir", dir.file("mail")};
    std::string first;
    {
        ChildServer s(base);
        std::ifstream in(dir.file("x.db.secret"));
        std::getline(in, first);
        CHECK(first.size() == 64);
        CHECK((fs::status(dir.file("x.db.secret")).permissions() & fs::perms::all) ==
              (fs::perms::owner_read | fs::perms::owner_write));
    }
    {
        ChildServer again(base); // a restart keeps the secret, so mailed links keep working
        std::ifstream in(dir.file("x.db.secret"));
        std::string second;
        std::getline(in, second);
        CHECK(second == first);
    }
    auto missing = base;
    missing.insert(missing.end(), {"--secret-file", dir.file("nowhere.secret")});
    auto [status, err] = run_binary(missing);
    CHECK(status == 1);
    CHECK(err.find("nowhere.secret: cannot read the secret file") != std::string::npos);
    { std::ofstream(dir.file("short.secret")) << "too short\n"; }
    auto short_secret = base;
    short_secret.insert(short_secret.end(), {"--secret-file", dir.file("short.secret")});
    auto [status2, err2] = run_binary(short_secret);
    CHECK(status2 == 1);
    CHECK(err2.find("at least 32 characters") != std::string::npos);
}

TEST_CASE("without --smtp the server starts only when --mail-dir or --demo says mails go to a folder") {
    TempDir dir;
    const std::string db = test_db(dir, "t.db");
    std::vector<std::string> args{"--events", fixtures_dir(), "--db", db, "--port", "0", "--min-fill-ms", "0", "--quiet"};
    for (auto& a : secret_args(db)) args.push_back(a);

    // The widget tells people "we e-mailed you a link": a server that only writes files must
    // be asked for that.
    auto [status, err] = run_binary(args);
    CHECK(status == 2);
    CHECK(err.find("deltag-server: no mail delivery chosen: give --smtp URL --mail-from ADDR, or --mail-dir DIR "
                   "to only write each mail to a folder (--demo does that)") != std::string::npos);

    {
        auto with_dir = args;
        with_dir.insert(with_dir.end(), {"--mail-dir", dir.file("outbox")});
        ChildServer child(with_dir);
        auto cli = child.client();
        auto r = post_registration(cli, "open-event", payload("open-event", key_for(1), "a@example.se"));
        REQUIRE(r);
        CHECK(r->status == 201);
        std::size_t files = 0;
        for (int i = 0; i < 500 && files == 0; ++i) {
            if (fs::exists(dir.file("outbox")))
                files = static_cast<std::size_t>(
                    std::distance(fs::directory_iterator(dir.file("outbox")), fs::directory_iterator()));
            if (files == 0) std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        CHECK(files == 1); // the confirmation, in the folder named
    }
    auto demo = args;
    demo.push_back("--demo");
    ChildServer child(demo); // fails the test if it exits at start-up
    CHECK(child.port() > 0);
}

TEST_CASE("an unknown option stops start-up with usage") {
    auto [status, err] = run_binary({"--frobnicate"});
    CHECK(status == 2);
    CHECK(err.find("unknown option: --frobnicate") != std::string::npos);
}

TEST_CASE("SIGTERM and SIGINT shut the server down cleanly") {
    for (int sig : {SIGTERM, SIGINT}) {
        CAPTURE(sig);
        TempDir dir;
        ChildServer child(server_args(test_db(dir, "t.db"), false));
        auto cli = child.client();
        auto r = post_registration(cli, "open-event", payload("open-event", key_for(1), "a@example.se"));
        REQUIRE(r);
        CHECK(r->status == 201);
        child.kill(sig);
        CHECK(child.wait() == 0);
        CHECK(child.err_log().find("shutting down") != std::string::npos);
        // No personal data in the log: neither the address nor the name.
        CHECK(child.err_log().find("a@example.se") == std::string::npos);
        CHECK(child.err_log().find("Anna") == std::string::npos);
        CHECK(integrity(test_db(dir, "t.db")) == "ok");
    }
}

TEST_CASE("after SIGKILL in a rush, every registration answered 201 is there and the database is intact") {
    TempDir dir;
    const std::string db = test_db(dir, "t.db");
    struct Created {
        std::string reference, token;
    };
    std::vector<Created> created;
    std::mutex m;
    std::atomic<int> answered{0}, finished{0};
    {
        ChildServer child(server_args(db));
        std::vector<std::thread> threads;
        for (int i = 0; i < 200; ++i) {
            threads.emplace_back([&, i] {
                httplib::Client cli("127.0.0.1", child.port());
                cli.set_read_timeout(60, 0);
                auto r = post_registration(cli, "unlimited", payload("unlimited", key_for(i), "k" + std::to_string(i) + "@example.se"));
                if (r && r->status == 201) {
                    const json b = body_of(r);
                    std::lock_guard<std::mutex> lock(m);
                    created.push_back({b["reference"], b["cancel_token"]});
                    ++answered;
                }
                ++finished;
            });
        }
        while (answered.load() < 30 && finished.load() < 200) std::this_thread::sleep_for(std::chrono::milliseconds(1));
        child.kill(SIGKILL);
        CHECK(child.wait() == 128 + SIGKILL);
        for (auto& t : threads) t.join();
    }
    CHECK(created.size() >= 30);
    CHECK(integrity(db) == "ok");
    ChildServer again(server_args(db));
    auto cli = again.client();
    for (const auto& c : created) {
        CAPTURE(c.reference);
        auto r = get_with_token(cli, "/api/v1/registrations/" + c.reference, c.token);
        REQUIRE(r);
        CHECK(r->status == 200);
        CHECK(body_of(r)["status"] == "confirmed");
    }
}

TEST_CASE("registrations are deleted delete_after_days after the event's last session") {
    TempDir dir;
    const std::string db = test_db(dir, "t.db");
    const deltag::UnixTime may_1 = 1619827200;       // 2021-05-01T00:00:00Z: registration open
    const deltag::UnixTime june_15 = 1623715200;     // after the event, before 30 days have passed
    const deltag::UnixTime august_1 = 1627776000;    // more than 30 days after 2021-06-01 12:00
    json first;
    {
        TestServer srv({}, may_1, db);
        auto cli = srv.client();
        first = body_of(post_registration(cli, "retention", payload("retention", key_for(1), "r@example.se")));
        REQUIRE(first["status"] == "confirmed");
        REQUIRE(post_registration(cli, "open-event", payload("open-event", key_for(2), "o@example.se"))->status == 201);
    }
    const std::string status_url = "/api/v1/registrations/" + first["reference"].get<std::string>();
    const std::string token = first["cancel_token"].get<std::string>();
    {
        TestServer srv({}, june_15, db);
        auto cli = srv.client();
        CHECK(get_with_token(cli, status_url, token)->status == 200);
    }
    {
        TestServer srv({}, august_1, db);
        auto cli = srv.client();
        CHECK(get_with_token(cli, status_url, token)->status == 404);
        CHECK(body_of(cli.Get("/api/v1/events/retention"))["availability"]["confirmed"] == 0);
        // Events without delete_after_days keep theirs.
        CHECK(body_of(cli.Get("/api/v1/events/open-event"))["availability"]["confirmed"] == 1);
    }
}

}
