// Unit tests of the server's pieces that need no HTTP: header grammars, CSV cells, the
// rate limiter, organisation keys and the command line.
#include "csv.hpp"
#include "http_util.hpp"
#include "options.hpp"
#include "rate_limit.hpp"
#include "secrets.hpp"
#include "sign_up.hpp"

#include <doctest/doctest.h>

using namespace deltag::server;

TEST_SUITE("server: pieces") {

TEST_CASE("header grammars accept only what the server expects") {
    struct Case {
        Grammar grammar;
        const char* value;
        bool ok;
    };
    const Case cases[] = {
        {is_idempotency_key, "abcdefghijklmnop", true},
        {is_idempotency_key, "abcdefghijklmno", false},                 // 15: too short
        {is_idempotency_key, "abcdefghijklmnop\r\nX: y", false},
        {is_idempotency_key, "abcdefghijklmnop%0d", false},
        {is_idempotency_key, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", false}, // 65
        {is_origin, "https://www.kommun.example", true},
        {is_origin, "http://127.0.0.1:8080", true},
        {is_origin, "null", false},
        {is_origin, "https://a.example/path", false},
        {is_origin, "https://a.example%0d%0a", false},
        {is_bearer, "Bearer abc-DEF_123.~+/=", true},
        {is_bearer, "Bearer ", false},
        {is_bearer, "bearer abc", false},
        {is_bearer, "Bearer abc def", false},
        {is_json_content_type, "application/json", true},
        {is_json_content_type, "application/json; charset=UTF-8", true},
        {is_json_content_type, "application/json; charset=latin1", false},
        {is_json_content_type, "text/plain", false},
        {is_hex_token, "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", true},
        {is_hex_token, "0123456789ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef", false},
        {is_reference, "DLT-7K4M-Q2XZ-9ABC", true},
        {is_reference, "DLT-7K4M-Q2XZ-9AB", false},
        {is_reference, "DLT-7k4m-Q2XZ-9ABC", false},
    };
    for (const auto& c : cases) {
        CAPTURE(c.value);
        CHECK(c.grammar(c.value) == c.ok);
    }
}

TEST_CASE("CSV cells that a spreadsheet would evaluate are neutralised and quoting is RFC 4180") {
    const std::pair<const char*, const char*> cases[] = {
        {"plain", "plain"},
        {"=1+1", "'=1+1"},
        {"+46 8 123", "'+46 8 123"},
        {"-2", "'-2"},
        {"@SUM(A1)", "'@SUM(A1)"},
        {"\tx", "'\tx"},
        {"\rx", "\"'\rx\""},
        {"a,b", "\"a,b\""},
        {"say \"hi\"", "\"say \"\"hi\"\"\""},
        {"line\nbreak", "\"line\nbreak\""},
        {"", ""},
    };
    for (const auto& [in, out] : cases) {
        CAPTURE(in);
        CHECK(csv_cell(in) == out);
    }
}

TEST_CASE("the token bucket allows the burst, then refills at the rate") {
    RateLimiter limiter(60); // one per second
    const auto t0 = RateLimiter::Clock::time_point{} + std::chrono::hours(1);
    for (int i = 0; i < 60; ++i) CHECK(limiter.take("10.0.0.1", t0) == 0);
    CHECK(limiter.take("10.0.0.1", t0) == 1);
    CHECK(limiter.take("10.0.0.2", t0) == 0); // buckets are per address
    CHECK(limiter.take("10.0.0.1", t0 + std::chrono::milliseconds(1500)) == 0);
    CHECK(limiter.take("10.0.0.1", t0 + std::chrono::milliseconds(1500)) == 1);
}

TEST_CASE("organisation keys name the country and code, or the free text lower-cased") {
    CHECK(organisation_key({{"country", "se"}, {"code", "0180"}}) == "se:0180");
    CHECK(organisation_key({{"other", "  Bostadsbolaget AB "}}) == "other:bostadsbolaget ab");
    CHECK(organisation_key("Stockholm") == std::nullopt);
}

TEST_CASE("the command line sets every option and refuses unknown ones") {
    const char* argv[] = {"deltag-server", "--events", "ev", "--db", "x.db", "--port", "0", "--static", "a",
                          "--static", "b", "--allow-origin", "https://a.example", "--demo", "--min-fill-ms", "10",
                          "--rate-limit", "5000/min", "--admin-token-file", "tok"};
    auto parsed = parse_options(static_cast<int>(std::size(argv)), argv);
    REQUIRE(std::holds_alternative<Options>(parsed));
    const auto& o = std::get<Options>(parsed);
    CHECK(o.events_dir == "ev");
    CHECK(o.db_path == "x.db");
    CHECK(o.port == 0);
    CHECK(o.static_dirs == std::vector<std::string>{"a", "b"});
    CHECK(o.allow_origins == std::vector<std::string>{"https://a.example"});
    CHECK(o.demo);
    CHECK(o.min_fill_ms == 10);
    CHECK(o.rate_limit_per_min == 5000);
    CHECK(o.admin_token_file == "tok");

    const char* bad[][3] = {{"deltag-server", "--port", "70000"}, {"deltag-server", "--rate-limit", "5/s"},
                            {"deltag-server", "--frobnicate", "1"}};
    for (auto& b : bad) CHECK(std::holds_alternative<std::string>(parse_options(3, b)));
    const Options d = default_options();
    CHECK(d.port == 8080);
    CHECK(d.min_fill_ms == 3000);
    CHECK(d.db_path.size() >= std::string("/data/deltag.db").size());
    CHECK(d.db_path.compare(d.db_path.size() - 15, 15, "/data/deltag.db") == 0);
}

}

TEST_SUITE("server: pieces") {

TEST_CASE("log paths hide registration references") {
    CHECK(loggable_path("/api/v1/registrations/DLT-7K4M-Q2XZ-9ABC/cancel") == "/api/v1/registrations/{reference}/cancel");
    CHECK(loggable_path("/api/v1/registrations/DLT-7K4M-Q2XZ-9ABC") == "/api/v1/registrations/{reference}");
    CHECK(loggable_path("/api/v1/events/open-event") == "/api/v1/events/open-event");
}

TEST_CASE("HMAC-SHA256 matches RFC 4231 and manage tokens are derived per reference") {
    // RFC 4231, test case 2.
    CHECK(hmac_sha256_hex("Jefe", "what do ya want for nothing?") ==
          "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    const std::string secret(64, 'a');
    const std::string t = manage_token(secret, "DLT-AAAA-BBBB-CCCC");
    CHECK(is_hex_token(t));
    CHECK(t == manage_token(secret, "DLT-AAAA-BBBB-CCCC"));                 // same link in every mail
    CHECK(t != manage_token(secret, "DLT-AAAA-BBBB-CCCD"));                 // per registration
    CHECK(t != manage_token(std::string(64, 'b'), "DLT-AAAA-BBBB-CCCC"));   // per installation
}

}
