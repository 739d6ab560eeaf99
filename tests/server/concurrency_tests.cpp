// Many people at once: the rush for few seats, parallel retries with one Idempotency-Key,
// and simultaneous cancellations. Deterministic outcomes only; no timing asserts.
#include "harness.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <condition_variable>
#include <cstdlib>
#include <map>
#include <mutex>

using namespace deltag::testing;

namespace {

// Starts all threads' work at the same moment.
class StartLine {
public:
    void wait() {
        std::unique_lock<std::mutex> lock(m_);
        cv_.wait(lock, [&] { return go_; });
    }
    void open() {
        {
            std::lock_guard<std::mutex> lock(m_);
            go_ = true;
        }
        cv_.notify_all();
    }

private:
    std::mutex m_;
    std::condition_variable cv_;
    bool go_ = false;
};

struct Answer {
    int http = 0; // 0: no answer (connection failed)
    json body;
};

// One thread and one connection per request.
std::vector<Answer> rush(int port, int n, const std::function<std::pair<std::string, json>(int)>& make) {
    std::vector<Answer> answers(n);
    StartLine start;
    std::vector<std::thread> threads;
    for (int i = 0; i < n; ++i) {
        threads.emplace_back([&, i] {
            auto [event, body] = make(i);
            httplib::Client cli("127.0.0.1", port);
            cli.set_read_timeout(120, 0);
            cli.set_connection_timeout(60, 0);
            start.wait();
            auto r = post_registration(cli, event, body);
            if (r) answers[i] = Answer{r->status, body_of(r)};
        });
    }
    start.open();
    for (auto& t : threads) t.join();
    return answers;
}

int rounds() {
    const char* env = std::getenv("DELTAG_RUSH_ROUNDS");
    return env ? std::max(1, std::atoi(env)) : 10;
}

std::string email(int i) { return "person" + std::to_string(i) + "@example.se"; }

// Positions of the waitlisted answers, sorted.
std::vector<int> positions(const std::vector<Answer>& answers) {
    std::vector<int> p;
    for (const auto& a : answers)
        if (a.body.value("status", "") == "waitlisted") p.push_back(a.body["waitlist_position"].get<int>());
    std::sort(p.begin(), p.end());
    return p;
}

std::vector<int> one_to(int n) {
    std::vector<int> v(n);
    for (int i = 0; i < n; ++i) v[i] = i + 1;
    return v;
}

} // namespace

TEST_SUITE("server: concurrency") {

TEST_CASE("300 simultaneous sign-ups for 20 seats: exactly 20 confirmed, the rest waitlisted 1..280") {
    const int n = rounds();
    for (int round = 0; round < n; ++round) {
        CAPTURE(round);
        TestServer srv([](deltag::server::Options& o) { o.threads = 64; });
        auto answers = rush(srv.port(), 300, [](int i) {
            return std::make_pair(std::string("open-event"), payload("open-event", key_for(i), email(i)));
        });
        int confirmed = 0, not_created = 0;
        for (const auto& a : answers) {
            if (a.http != 201) ++not_created;
            if (a.body.value("status", "") == "confirmed") ++confirmed;
        }
        CHECK(not_created == 0);
        CHECK(confirmed == 20);
        CHECK(positions(answers) == one_to(280));
        auto cli = srv.client();
        const json a = body_of(cli.Get("/api/v1/events/open-event"))["availability"];
        CHECK(a["confirmed"] == 20);
        CHECK(a["waitlisted"] == 280);
    }
}

TEST_CASE("in a rush, no organisation gets more than its limit of 2 confirmed seats") {
    const auto codes = swedish_municipality_codes(15);
    TestServer srv([](deltag::server::Options& o) { o.threads = 64; });
    auto answers = rush(srv.port(), 300, [&](int i) {
        return std::make_pair(std::string("org-limit"),
                              payload("org-limit", key_for(i), email(i), codes[static_cast<std::size_t>(i) % codes.size()]));
    });
    std::map<std::string, int> per_org;
    int confirmed = 0;
    for (int i = 0; i < 300; ++i) {
        CHECK(answers[i].http == 201);
        if (answers[i].body.value("status", "") == "confirmed") {
            ++confirmed;
            ++per_org[codes[static_cast<std::size_t>(i) % codes.size()]];
        }
    }
    CHECK(confirmed == 20);
    for (const auto& [code, n] : per_org) {
        CAPTURE(code);
        CHECK(n <= 2);
    }
    CHECK(positions(answers) == one_to(280));
}

TEST_CASE("20 parallel requests with one Idempotency-Key make one registration with one answer") {
    TestServer srv;
    const json p = payload("open-event", key_for(42), "same@example.se");
    auto answers = rush(srv.port(), 20, [&](int) { return std::make_pair(std::string("open-event"), p); });
    std::optional<json> created;
    int in_progress = 0;
    for (const auto& a : answers) {
        if (a.http == 201) {
            if (!created) created = a.body;
            CHECK(a.body == *created);
        } else {
            CHECK(a.http == 409);
            CHECK(a.body == json{{"code", "idempotency.in_progress"}});
            ++in_progress;
        }
    }
    REQUIRE(created);
    CHECK(in_progress < 20);
    auto cli = srv.client();
    auto retry = post_registration(cli, "open-event", p);
    REQUIRE(retry);
    CHECK(retry->status == 201);
    CHECK(body_of(retry) == *created);
    CHECK(body_of(cli.Get("/api/v1/events/open-event"))["availability"]["confirmed"] == 1);
}

TEST_CASE("10 simultaneous cancellations promote exactly the first 10 on the waiting list") {
    TestServer srv;
    auto cli = srv.client();
    std::vector<json> people;
    for (int i = 0; i < 50; ++i) {
        people.push_back(body_of(post_registration(cli, "open-event", payload("open-event", key_for(i), email(i)))));
        CHECK(people.back()["status"] == (i < 20 ? "confirmed" : "waitlisted"));
    }
    StartLine start;
    std::vector<int> statuses(10);
    std::vector<std::thread> threads;
    for (int i = 0; i < 10; ++i) {
        threads.emplace_back([&, i] {
            httplib::Client c("127.0.0.1", srv.port());
            c.set_read_timeout(60, 0);
            const json& who = people[static_cast<std::size_t>(i) * 2]; // every other confirmed person
            start.wait();
            auto r = c.Post(("/api/v1/registrations/" + who["reference"].get<std::string>() + "/cancel").c_str(),
                            json{{"token", who["cancel_token"]}}.dump(), "application/json");
            statuses[static_cast<std::size_t>(i)] = r ? r->status : 0;
        });
    }
    start.open();
    for (auto& t : threads) t.join();
    CHECK(statuses == std::vector<int>(10, 200));
    const json a = body_of(cli.Get("/api/v1/events/open-event"))["availability"];
    CHECK(a["confirmed"] == 20);
    CHECK(a["waitlisted"] == 20);
    for (int i = 20; i < 50; ++i) {
        CAPTURE(i);
        const json& who = people[static_cast<std::size_t>(i)];
        const json s = body_of(get_with_token(cli, "/api/v1/registrations/" + who["reference"].get<std::string>(),
                                              who["cancel_token"].get<std::string>()));
        if (i < 30) {
            CHECK(s["status"] == "confirmed");
        } else {
            CHECK(s["status"] == "waitlisted");
            CHECK(s["waitlist_position"] == i - 29);
        }
    }
}

}
