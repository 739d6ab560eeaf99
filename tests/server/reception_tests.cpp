// The reception against slow and greedy clients: a whole-request deadline, the cap per
// client address, trusted proxies, and enough concurrency that slow sockets hold no worker.
#include "harness.hpp"
#include "raw_client.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <thread>
#include <vector>

using namespace deltag::testing;
using Clock = std::chrono::steady_clock;

namespace {

constexpr char trickled_header[] = "GET /api/v1/events HTTP/1.1\r\nHost: deltag.test\r\nX-Padding: ";

double seconds_since(Clock::time_point t) {
    return std::chrono::duration<double>(Clock::now() - t).count();
}

// GET /api/v1/events on a fresh connection; the time it took, or a negative number on failure.
double timed_get(const TestServer& srv) {
    auto cli = srv.client();
    const auto start = Clock::now();
    auto r = cli.Get("/api/v1/events");
    if (!r || r->status != 200) return -1;
    return seconds_since(start);
}

} // namespace

TEST_CASE("a header trickled past the request deadline is answered 408 request.timeout") {
    TestServer srv([](deltag::server::Options& o) { o.request_timeout_s = 1; });
    RawClient slow(srv.port());
    REQUIRE(slow.send(trickled_header));
    // One byte every 100 ms: far within any timeout per read, never a whole header.
    const auto start = Clock::now();
    while (!slow.readable() && seconds_since(start) < 4) {
        slow.send("a");
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    const double waited = seconds_since(start);
    const std::string answer = slow.read_all(std::chrono::milliseconds(1000));
    CHECK(status_of(answer) == 408);
    CHECK(body_after_header(answer) == R"({"code":"request.timeout"})");
    CHECK(answer.find("Connection: close\r\n") != std::string::npos);
    CHECK(waited >= 0.9);
    CHECK(waited < 3.0);
    CHECK(srv.app().reception_stats()->timed_out == 1);
}

TEST_CASE("a body trickled past the request deadline is answered 408 request.timeout") {
    TestServer srv([](deltag::server::Options& o) { o.request_timeout_s = 1; });
    RawClient slow(srv.port());
    REQUIRE(slow.send("POST /api/v1/events/open-event/registrations HTTP/1.1\r\nHost: deltag.test\r\n"
                      "Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"));
    const auto start = Clock::now();
    while (!slow.readable() && seconds_since(start) < 4) {
        slow.send(" ");
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    const std::string answer = slow.read_all(std::chrono::milliseconds(1000));
    CHECK(status_of(answer) == 408);
    CHECK(body_after_header(answer) == R"({"code":"request.timeout"})");
    CHECK(seconds_since(start) < 3.0);
}

TEST_CASE("300 slow clients from one address do not hold back a normal request") {
    // The cap is lifted so that only the reception's concurrency can make this pass.
    TestServer srv([](deltag::server::Options& o) {
        o.max_conns_per_address = 1000000;
        o.threads = 8;
    });
    std::vector<RawClient> slow;
    for (int i = 0; i < 300; ++i) {
        slow.emplace_back(srv.port());
        REQUIRE(slow.back().ok());
        REQUIRE(slow.back().send(trickled_header));
    }
    std::vector<double> times;
    const auto start = Clock::now();
    while (seconds_since(start) < 3) {
        for (auto& c : slow) c.send("a");
        times.push_back(timed_get(srv));
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    REQUIRE(times.size() >= 5);
    for (const double t : times) {
        CHECK(t >= 0);
        CHECK(t < 1.0);
    }
    // The slow clients were still connected and unanswered the whole time.
    int waiting = 0;
    for (auto& c : slow) waiting += c.readable() ? 0 : 1;
    CHECK(waiting == 300);
}

TEST_CASE("an address with its cap of connections open is answered 429 request.too_many_connections") {
    TestServer srv([](deltag::server::Options& o) { o.max_conns_per_address = 3; });
    std::vector<RawClient> held;
    for (int i = 0; i < 3; ++i) {
        held.emplace_back(srv.port(), "127.0.0.7");
        REQUIRE(held.back().send("GET /api/v1/events HTTP/1.1\r\nHost: deltag.test\r\n"));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(300)); // all three accepted

    RawClient fourth(srv.port(), "127.0.0.7");
    REQUIRE(fourth.send("GET /api/v1/events HTTP/1.1\r\nHost: deltag.test\r\n\r\n"));
    const std::string refused = fourth.read_all(std::chrono::milliseconds(2000));
    CHECK(status_of(refused) == 429);
    CHECK(body_after_header(refused) == R"({"code":"request.too_many_connections"})");
    CHECK(refused.find("Retry-After: 1\r\n") != std::string::npos);
    CHECK(srv.app().reception_stats()->refused_per_address == 1);

    SUBCASE("another address is not affected") {
        RawClient other(srv.port(), "127.0.0.8");
        REQUIRE(other.send("GET /api/v1/events HTTP/1.1\r\nHost: deltag.test\r\nConnection: close\r\n\r\n"));
        CHECK(status_of(other.read_all(std::chrono::milliseconds(2000))) == 200);
    }
    SUBCASE("a closed connection frees its place") {
        held.pop_back();
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        RawClient again(srv.port(), "127.0.0.7");
        REQUIRE(again.send("GET /api/v1/events HTTP/1.1\r\nHost: deltag.test\r\nConnection: close\r\n\r\n"));
        CHECK(status_of(again.read_all(std::chrono::milliseconds(2000))) == 200);
    }
}

TEST_CASE("a trusted proxy has no cap and its X-Real-IP names the client for the rate limit") {
    auto get_as = [](int port, const std::string& client) {
        RawClient c(port);
        c.send("GET /api/v1/events HTTP/1.1\r\nHost: deltag.test\r\nX-Real-IP: " + client +
               "\r\nConnection: close\r\n\r\n");
        return status_of(c.read_all(std::chrono::milliseconds(2000)));
    };
    SUBCASE("trusted") {
        TestServer srv([](deltag::server::Options& o) {
            o.max_conns_per_address = 2;
            o.rate_limit_per_min = 2;
            o.trusted_proxies = {"127.0.0.1"};
        });
        std::vector<RawClient> held;
        for (int i = 0; i < 4; ++i) held.emplace_back(srv.port());
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        CHECK(get_as(srv.port(), "192.0.2.1") == 200); // past the cap of 2: no 429 for the proxy
        CHECK(get_as(srv.port(), "192.0.2.1") == 200);
        CHECK(get_as(srv.port(), "192.0.2.1") == 429); // the client's own rate limit
        CHECK(get_as(srv.port(), "192.0.2.2") == 200);
        CHECK(srv.app().reception_stats()->refused_per_address == 0);
    }
    SUBCASE("not trusted: the header is ignored") {
        TestServer srv([](deltag::server::Options& o) { o.rate_limit_per_min = 2; });
        CHECK(get_as(srv.port(), "192.0.2.1") == 200);
        CHECK(get_as(srv.port(), "192.0.2.2") == 200);
        CHECK(get_as(srv.port(), "192.0.2.3") == 429); // all three are 127.0.0.1
    }
}

TEST_CASE("the slow-client options are read and checked") {
    using deltag::server::Options;
    using deltag::server::parse_options;
    const char* argv[] = {"deltag-server", "--request-timeout", "7", "--max-conns-per-address", "20",
                          "--trusted-proxy", "10.0.0.5", "--trusted-proxy", "::1"};
    auto parsed = parse_options(static_cast<int>(std::size(argv)), argv);
    REQUIRE(std::holds_alternative<Options>(parsed));
    const auto& o = std::get<Options>(parsed);
    CHECK(o.request_timeout_s == 7);
    CHECK(o.max_conns_per_address == 20);
    CHECK(o.trusted_proxies == std::vector<std::string>{"10.0.0.5", "::1"});

    const char* bad[][3] = {{"deltag-server", "--request-timeout", "0"},
                            {"deltag-server", "--max-conns-per-address", "x"},
                            {"deltag-server", "--trusted-proxy", "nginx.local"},
                            {"deltag-server", "--trusted-proxy", "010.0.0.5"}};
    for (auto& b : bad) CHECK(std::holds_alternative<std::string>(parse_options(3, b)));
    const Options d = deltag::server::default_options();
    CHECK(d.request_timeout_s == 10);
    CHECK(d.max_conns_per_address == 64);
    CHECK(d.trusted_proxies.empty());
}
