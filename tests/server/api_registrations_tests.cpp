// POST /api/v1/events/{id}/registrations and the registration's own routes: every answer
// and error code of the contract, through a real HTTP client.
#include "harness.hpp"
#include "secrets.hpp"

#include <fstream>

#include <doctest/doctest.h>

using namespace deltag::testing;

namespace {

json get_status(httplib::Client& cli, const std::string& ref, const std::string& token, int expect = 200) {
    auto r = get_with_token(cli, "/api/v1/registrations/" + ref, token);
    REQUIRE(r);
    CHECK(r->status == expect);
    return body_of(r);
}

httplib::Result cancel(httplib::Client& cli, const std::string& ref, const std::string& token) {
    return cli.Post(("/api/v1/registrations/" + ref + "/cancel").c_str(), json{{"token", token}}.dump(),
                    "application/json");
}

json availability(httplib::Client& cli, const std::string& event) {
    auto r = cli.Get(("/api/v1/events/" + event).c_str());
    REQUIRE(r);
    return body_of(r)["availability"];
}

} // namespace

TEST_SUITE("server: registrations") {

TEST_CASE("a sign-up to an open event is confirmed with a reference and a cancel token") {
    TestServer srv;
    auto cli = srv.client();
    auto r = post_registration(cli, "open-event", payload("open-event", key_for(1), "anna@example.se"));
    REQUIRE(r);
    CHECK(r->status == 201);
    const json b = body_of(r);
    CHECK(b["status"] == "confirmed");
    CHECK(b["reference"].get<std::string>().rfind("DLT-", 0) == 0);
    CHECK(b["cancel_token"].get<std::string>().size() == 64);
    // The token is the manage token of the installation's secret: every mail can carry it.
    std::ifstream secret_file(srv.secret_path());
    std::string secret;
    std::getline(secret_file, secret);
    CHECK(b["cancel_token"] == deltag::server::manage_token(secret, b["reference"].get<std::string>()));
    CHECK_FALSE(b.contains("waitlist_position"));
    CHECK(availability(cli, "open-event")["confirmed"] == 1);
    CHECK(availability(cli, "open-event")["seats_left"] == 19);
}

TEST_CASE("an application-mode event answers received") {
    TestServer srv;
    auto cli = srv.client();
    auto r = post_registration(cli, "application", payload("application", key_for(1), "a@example.se"));
    REQUIRE(r);
    CHECK(r->status == 201);
    CHECK(body_of(r)["status"] == "received");
}

TEST_CASE("refusals are 409 with the rule's code") {
    struct Case {
        const char* event;
        const char* code;
    };
    const Case cases[] = {
        {"closed", "registration.closed"},
        {"not-open", "registration.not_open_yet"},
    };
    TestServer srv;
    auto cli = srv.client();
    int n = 0;
    for (const auto& c : cases) {
        CAPTURE(c.event);
        auto r = post_registration(cli, c.event, payload(c.event, key_for(++n), "x@example.se"));
        REQUIRE(r);
        CHECK(r->status == 409);
        CHECK(body_of(r) == json{{"code", c.code}});
    }
}

TEST_CASE("a full event without a waiting list refuses with registration.full") {
    TestServer srv;
    auto cli = srv.client();
    for (int i = 0; i < 2; ++i) {
        auto r = post_registration(cli, "no-waitlist", payload("no-waitlist", key_for(i), "p" + std::to_string(i) + "@example.se"));
        REQUIRE(r);
        CHECK(r->status == 201);
    }
    auto r = post_registration(cli, "no-waitlist", payload("no-waitlist", key_for(9), "late@example.se"));
    REQUIRE(r);
    CHECK(r->status == 409);
    CHECK(body_of(r) == json{{"code", "registration.full"}});
    CHECK(availability(cli, "no-waitlist")["state"] == "full");
}

TEST_CASE("the same e-mail again, in other letter case, is 409 registration.duplicate and learns nothing") {
    TestServer srv;
    auto cli = srv.client();
    auto first = post_registration(cli, "open-event", payload("open-event", key_for(1), "Anna@Example.se"));
    REQUIRE(first);
    CHECK(first->status == 201);
    auto again = post_registration(cli, "open-event", payload("open-event", key_for(2), "anna@example.SE"));
    REQUIRE(again);
    CHECK(again->status == 409);
    CHECK(body_of(again) == json{{"code", "registration.duplicate"}});
}

TEST_CASE("after a cancellation the same e-mail may sign up again") {
    TestServer srv;
    auto cli = srv.client();
    const json b = body_of(post_registration(cli, "open-event", payload("open-event", key_for(1), "anna@example.se")));
    auto c = cancel(cli, b["reference"], b["cancel_token"]);
    REQUIRE(c);
    CHECK(c->status == 200);
    auto again = post_registration(cli, "open-event", payload("open-event", key_for(2), "anna@example.se"));
    REQUIRE(again);
    CHECK(again->status == 201);
}

TEST_CASE("invalid answers are 422 with the validator's field and code") {
    TestServer srv;
    auto cli = srv.client();
    json p = payload("open-event", key_for(1), "not-an-address");
    p["answers"].erase("name");
    auto r = post_registration(cli, "open-event", p);
    REQUIRE(r);
    CHECK(r->status == 422);
    const json errors = body_of(r)["errors"];
    REQUIRE(errors.size() == 2);
    CHECK(errors[0]["field"] == "name");
    CHECK(errors[0]["code"] == "field.required");
    CHECK(errors[1]["field"] == "email");
    CHECK(errors[1]["code"] == "email.invalid");
    CHECK(errors[0]["params"].is_object());
}

TEST_CASE("a consent given to an older text version is 422 consent.outdated") {
    TestServer srv;
    auto cli = srv.client();
    json p = payload("open-event", key_for(1), "a@example.se");
    p["consents"]["consent_sensitive"] = "2025-01";
    auto r = post_registration(cli, "open-event", p);
    REQUIRE(r);
    CHECK(r->status == 422);
    CHECK(body_of(r)["errors"][0]["code"] == "consent.outdated");
    CHECK(body_of(r)["errors"][0]["field"] == "consent_sensitive");
}

TEST_CASE("malformed requests are 400, 413 or 415 with a JSON code") {
    TestServer srv;
    auto cli = srv.client();
    const std::string key = key_for(1);
    const json good = payload("open-event", key, "a@example.se");
    httplib::Headers with_key{{"Idempotency-Key", key}};
    const std::string url = "/api/v1/events/open-event/registrations";

    SUBCASE("not JSON") {
        auto r = cli.Post(url.c_str(), with_key, "{\"event\":", "application/json");
        REQUIRE(r);
        CHECK(r->status == 400);
        CHECK(body_of(r)["code"] == "payload.malformed");
    }
    SUBCASE("no Idempotency-Key header") {
        auto r = post_registration(cli, "open-event", good, "");
        REQUIRE(r);
        CHECK(r->status == 400);
        CHECK(body_of(r)["code"] == "payload.bad_key");
    }
    SUBCASE("a header key that differs from the body's") {
        auto r = post_registration(cli, "open-event", good, key_for(2));
        REQUIRE(r);
        CHECK(r->status == 400);
        CHECK(body_of(r)["code"] == "payload.key_mismatch");
    }
    SUBCASE("a body for another event") {
        auto r = post_registration(cli, "open-event", payload("unlimited", key, "a@example.se"));
        REQUIRE(r);
        CHECK(r->status == 400);
        CHECK(body_of(r)["code"] == "payload.event_mismatch");
    }
    SUBCASE("an unknown event") {
        auto r = post_registration(cli, "no-such", payload("no-such", key, "a@example.se"));
        REQUIRE(r);
        CHECK(r->status == 404);
        CHECK(body_of(r)["code"] == "event.not_found");
    }
    SUBCASE("more than 64 KiB") {
        json big = good;
        big["answers"]["note"] = std::string(70 * 1024, 'x');
        auto r = cli.Post(url.c_str(), with_key, big.dump(), "application/json");
        REQUIRE(r);
        CHECK(r->status == 413);
        CHECK(body_of(r)["code"] == "payload.too_large");
    }
    SUBCASE("not application/json") {
        auto r = cli.Post(url.c_str(), with_key, good.dump(), "text/plain");
        REQUIRE(r);
        CHECK(r->status == 415);
        CHECK(body_of(r)["code"] == "payload.unsupported_media_type");
    }
    SUBCASE("a percent-encoded CR LF in the Idempotency-Key header") {
        httplib::Headers evil{{"Idempotency-Key", key + "%0D%0AX-Injected:%201"}};
        auto r = cli.Post(url.c_str(), evil, good.dump(), "application/json");
        REQUIRE(r);
        CHECK(r->status == 400);
        CHECK(body_of(r)["code"] == "payload.bad_key");
        CHECK_FALSE(r->has_header("X-Injected"));
        CHECK(r->body.find("Injected") == std::string::npos);
    }
    SUBCASE("a percent sign or NUL in the Origin header") {
        for (const char* origin : {"http://a.example%0d%0aX: 1", "http://a.example%00", "http://a.example%25"}) {
            CAPTURE(origin);
            auto r = cli.Get("/api/v1/events", httplib::Headers{{"Origin", origin}});
            REQUIRE(r);
            CHECK(r->status == 400);
            CHECK(body_of(r)["code"] == "payload.bad_header");
            CHECK_FALSE(r->has_header("Access-Control-Allow-Origin"));
        }
    }
    CHECK(availability(cli, "open-event")["confirmed"] == 0);
}

TEST_CASE("a filled honeypot or a too fast form gets a plausible 201 and nothing is stored") {
    TestServer srv([](deltag::server::Options& o) { o.min_fill_ms = 3000; });
    auto cli = srv.client();
    json trap = payload("open-event", key_for(1), "bot@example.se");
    trap["honeypot"] = "http://spam.example";
    json fast = payload("open-event", key_for(2), "bot2@example.se");
    fast["fill_ms"] = 800;
    for (const json& p : {trap, fast}) {
        auto r = post_registration(cli, "open-event", p);
        REQUIRE(r);
        CHECK(r->status == 201);
        const json b = body_of(r);
        CHECK(b["status"] == "confirmed");
        CHECK(b["reference"].get<std::string>().size() == 18);
        get_status(cli, b["reference"], b["cancel_token"], 404);
    }
    CHECK(availability(cli, "open-event")["confirmed"] == 0);
    // The real person with the same address is not blocked by the bot's attempt.
    auto real = post_registration(cli, "open-event", payload("open-event", key_for(3), "bot@example.se"));
    REQUIRE(real);
    CHECK(body_of(real)["status"] == "confirmed");
}

TEST_CASE("over the rate limit the answer is 429 with Retry-After") {
    TestServer srv([](deltag::server::Options& o) { o.rate_limit_per_min = 3; });
    auto cli = srv.client();
    for (int i = 0; i < 3; ++i) {
        auto r = cli.Get("/api/v1/events");
        REQUIRE(r);
        CHECK(r->status == 200);
    }
    auto r = cli.Get("/api/v1/events");
    REQUIRE(r);
    CHECK(r->status == 429);
    CHECK(body_of(r)["code"] == "rate_limited");
    CHECK(r->get_header_value("Retry-After") == "20");
}

TEST_CASE("a full event puts the next people on the waiting list, in order") {
    TestServer srv;
    auto cli = srv.client();
    for (int i = 0; i < 20; ++i)
        REQUIRE(body_of(post_registration(cli, "open-event", payload("open-event", key_for(i), "c" + std::to_string(i) + "@example.se")))["status"] == "confirmed");
    for (int i = 0; i < 3; ++i) {
        const json b = body_of(post_registration(cli, "open-event", payload("open-event", key_for(100 + i), "w" + std::to_string(i) + "@example.se")));
        CHECK(b["status"] == "waitlisted");
        CHECK(b["waitlist_position"] == i + 1);
    }
    const json a = availability(cli, "open-event");
    CHECK(a["state"] == "full");
    CHECK(a["waitlist_open"] == true);
    CHECK(a["waitlisted"] == 3);
}

TEST_CASE("a waitlisted visitor sees the promotion after someone cancels") {
    TestServer srv;
    auto cli = srv.client();
    json first;
    for (int i = 0; i < 20; ++i) {
        const json b = body_of(post_registration(cli, "open-event", payload("open-event", key_for(i), "c" + std::to_string(i) + "@example.se")));
        if (i == 0) first = b;
    }
    const json w1 = body_of(post_registration(cli, "open-event", payload("open-event", key_for(50), "w1@example.se")));
    const json w2 = body_of(post_registration(cli, "open-event", payload("open-event", key_for(51), "w2@example.se")));
    CHECK(get_status(cli, w2["reference"], w2["cancel_token"]) ==
          json{{"status", "waitlisted"}, {"waitlist_position", 2}, {"event", "open-event"}, {"locale", "sv"}});

    auto c = cancel(cli, first["reference"], first["cancel_token"]);
    REQUIRE(c);
    CHECK(c->status == 200);
    CHECK(body_of(c)["status"] == "cancelled");

    CHECK(get_status(cli, w1["reference"], w1["cancel_token"]) ==
          json{{"status", "confirmed"}, {"event", "open-event"}, {"locale", "sv"}});
    CHECK(get_status(cli, w2["reference"], w2["cancel_token"])["waitlist_position"] == 1);
    CHECK(get_status(cli, first["reference"], first["cancel_token"])["status"] == "cancelled");
    // Cancelling twice is harmless and promotes nobody else.
    auto again = cancel(cli, first["reference"], first["cancel_token"]);
    REQUIRE(again);
    CHECK(again->status == 200);
    CHECK(get_status(cli, w2["reference"], w2["cancel_token"])["status"] == "waitlisted");
}

TEST_CASE("a wrong or missing token looks exactly like an unknown reference") {
    TestServer srv;
    auto cli = srv.client();
    const json b = body_of(post_registration(cli, "open-event", payload("open-event", key_for(1), "a@example.se")));
    const std::string ref = b["reference"];
    const std::string wrong(64, 'a');
    const json not_found{{"code", "registration.not_found"}};
    CHECK(get_status(cli, ref, wrong, 404) == not_found);
    CHECK(get_status(cli, "DLT-0000-0000-0000", b["cancel_token"], 404) == not_found);
    auto no_token = cli.Get(("/api/v1/registrations/" + ref).c_str());
    REQUIRE(no_token);
    CHECK(no_token->status == 404);
    auto c = cancel(cli, ref, wrong);
    REQUIRE(c);
    CHECK(c->status == 404);
    CHECK(body_of(c) == not_found);
    auto bad_body = cli.Post(("/api/v1/registrations/" + ref + "/cancel").c_str(), "[1]", "application/json");
    REQUIRE(bad_body);
    CHECK(bad_body->status == 400);
    CHECK(body_of(bad_body)["code"] == "payload.malformed");
    CHECK(get_status(cli, ref, b["cancel_token"])["status"] == "confirmed");
}

TEST_CASE("a confirmed registration has a calendar file; a waitlisted one has not") {
    TestServer srv;
    auto cli = srv.client();
    const json b = body_of(post_registration(cli, "no-waitlist", payload("no-waitlist", key_for(1), "a@example.se")));
    auto r = get_with_token(cli, "/api/v1/registrations/" + b["reference"].get<std::string>() + "/calendar.ics",
                            b["cancel_token"].get<std::string>());
    REQUIRE(r);
    CHECK(r->status == 200);
    CHECK(r->get_header_value("Content-Type") == "text/calendar; charset=utf-8");
    CHECK(r->body.rfind("BEGIN:VCALENDAR\r\n", 0) == 0);
    CHECK(r->body.find("UID:" + b["reference"].get<std::string>() + "-main@deltag") != std::string::npos);

    for (int i = 0; i < 20; ++i)
        post_registration(cli, "open-event", payload("open-event", key_for(10 + i), "c" + std::to_string(i) + "@example.se"));
    const json w = body_of(post_registration(cli, "open-event", payload("open-event", key_for(99), "w@example.se")));
    REQUIRE(w["status"] == "waitlisted");
    auto rw = get_with_token(cli, "/api/v1/registrations/" + w["reference"].get<std::string>() + "/calendar.ics",
                             w["cancel_token"].get<std::string>());
    REQUIRE(rw);
    CHECK(rw->status == 409);
    CHECK(body_of(rw)["code"] == "registration.not_confirmed");
}

TEST_CASE("the per-organisation limit sends the excess to the waiting list with that reason") {
    TestServer srv([](deltag::server::Options& o) { o.admin_token_file.clear(); });
    auto cli = srv.client();
    std::vector<json> answers;
    for (int i = 0; i < 3; ++i)
        answers.push_back(body_of(post_registration(cli, "org-limit", payload("org-limit", key_for(i), "s" + std::to_string(i) + "@example.se", "0180"))));
    CHECK(answers[0]["status"] == "confirmed");
    CHECK(answers[1]["status"] == "confirmed");
    CHECK(answers[2]["status"] == "waitlisted");
    CHECK(answers[2]["waitlist_position"] == 1);
    // Another municipality still gets a seat.
    CHECK(body_of(post_registration(cli, "org-limit", payload("org-limit", key_for(9), "g@example.se", "1480")))["status"] == "confirmed");
    // When a Stockholm seat is freed, the Stockholm person waiting moves up.
    cancel(cli, answers[0]["reference"], answers[0]["cancel_token"]);
    CHECK(get_status(cli, answers[2]["reference"], answers[2]["cancel_token"])["status"] == "confirmed");
}

TEST_CASE("the same key with a different payload is 422 idempotency.key_reused; the same payload gets the stored answer") {
    TestServer srv;
    auto cli = srv.client();
    const json p = payload("open-event", key_for(7), "a@example.se");
    auto first = post_registration(cli, "open-event", p);
    REQUIRE(first);
    auto retry = post_registration(cli, "open-event", p);
    REQUIRE(retry);
    CHECK(retry->status == 201);
    CHECK(retry->body == first->body);
    json other = p;
    other["answers"]["name"] = "Someone Else";
    auto reused = post_registration(cli, "open-event", other);
    REQUIRE(reused);
    CHECK(reused->status == 422);
    CHECK(body_of(reused)["errors"][0]["code"] == "idempotency.key_reused");
    CHECK(availability(cli, "open-event")["confirmed"] == 1);
}

}
