// The staff pages (issue 14): the admin token exchanged for a session cookie with the right
// flags, a CSRF token on every form, decisions on applications (one, several, never beyond
// the capacity), moving from the waiting list, cancelling and substituting on someone's behalf,
// resending, the CSV export, and sensitive answers never shown.
#include "harness.hpp"

#include "secrets.hpp"
#include "staff_session.hpp"
#include "deltag/catalog.hpp"
#include "store_manage.hpp"

#include <doctest/doctest.h>

#include <regex>

using namespace deltag::testing;

namespace {

const std::string admin = "staff-test-token-0123456789";

TestServer::Tweak with_admin(std::string public_url = {}) {
    return [public_url](deltag::server::Options& o) {
        o.admin_token_file.clear();
        o.public_url = public_url;
    };
}

struct AdminEnv {
    AdminEnv() { setenv("DELTAG_ADMIN_TOKEN", admin.c_str(), 1); }
    ~AdminEnv() { unsetenv("DELTAG_ADMIN_TOKEN"); }
};

// A signed-in staff browser: the cookie from the login, the CSRF token from the last page.
struct Staff {
    httplib::Client cli;
    std::string cookie, csrf;

    explicit Staff(TestServer& srv) : cli(srv.client()) {
        auto r = cli.Post("/staff/login", "token=" + admin, "application/x-www-form-urlencoded");
        REQUIRE(r);
        REQUIRE(r->status == 303);
        const std::string set = r->get_header_value("Set-Cookie");
        cookie = set.substr(0, set.find(';'));
    }
    httplib::Headers headers() const { return {{"Cookie", cookie}}; }
    httplib::Result get(const std::string& path) {
        auto r = cli.Get(path.c_str(), headers());
        if (r) {
            std::smatch m;
            if (std::regex_search(r->body, m, std::regex("name=\"csrf\" value=\"([0-9a-f]{64})\""))) csrf = m[1];
        }
        return r;
    }
    httplib::Result post(const std::string& path, const httplib::Params& fields, bool with_csrf = true) {
        httplib::Params p = fields;
        if (with_csrf) p.emplace("csrf", csrf);
        return cli.Post(path.c_str(), headers(), p);
    }
};

std::string sign_up(httplib::Client& cli, const std::string& event, int n, const std::string& email) {
    const json b = body_of(post_registration(cli, event, payload(event, key_for(n), email)));
    return b.value("reference", "");
}

std::string status_of(TestServer& srv, const std::string& ref) {
    auto& ctx = srv.app().context();
    auto v = deltag::server::manage_view(*ctx.store, ref, deltag::server::manage_token(ctx.install_secret, ref));
    REQUIRE(std::holds_alternative<std::optional<deltag::server::ManageView>>(v));
    const auto& view = std::get<std::optional<deltag::server::ManageView>>(v);
    return view ? view->status : "unknown";
}

} // namespace

TEST_SUITE("server: staff pages") {

TEST_CASE("the admin token is exchanged for an HttpOnly, SameSite=Strict cookie limited to the staff pages") {
    AdminEnv env;
    TestServer srv(with_admin());
    auto cli = srv.client();
    auto wrong = cli.Post("/staff/login", "token=not-the-token-at-all", "application/x-www-form-urlencoded");
    REQUIRE(wrong);
    CHECK(wrong->status == 401);
    CHECK_FALSE(wrong->has_header("Set-Cookie"));

    auto r = cli.Post("/staff/login", "token=" + admin, "application/x-www-form-urlencoded");
    REQUIRE(r);
    CHECK(r->status == 303);
    CHECK(r->get_header_value("Location") == "/staff/events");
    const std::string cookie = r->get_header_value("Set-Cookie");
    CHECK(std::regex_match(cookie, std::regex("deltag_staff=[0-9]+\\.[0-9a-f]{64}; Path=/staff; Max-Age=28800; "
                                              "HttpOnly; SameSite=Strict")));
    CHECK(cookie.find(admin) == std::string::npos);
}

TEST_CASE("the cookie is Secure when Deltag is served over https") {
    AdminEnv env;
    TestServer srv(with_admin("https://deltag.example"));
    auto r = srv.client().Post("/staff/login", "token=" + admin, "application/x-www-form-urlencoded");
    REQUIRE(r);
    CHECK(r->get_header_value("Set-Cookie").find("; Secure") != std::string::npos);
}

TEST_CASE("without a valid session the staff pages send to the sign-in form") {
    AdminEnv env;
    TestServer srv(with_admin());
    Staff staff(srv);
    auto cli = srv.client();
    const std::string forged = "deltag_staff=99999999999." + std::string(64, 'a');
    for (const httplib::Headers& h : {httplib::Headers{}, httplib::Headers{{"Cookie", forged}}}) {
        for (const char* path : {"/staff/events", "/staff/events/application", "/staff/events/application/registrations.csv"}) {
            CAPTURE(path);
            auto r = cli.Get(path, h);
            REQUIRE(r);
            CHECK(r->status == 303);
            CHECK(r->get_header_value("Location") == "/staff");
        }
    }
    CHECK(staff.get("/staff/events")->status == 200);
    srv.now += deltag::server::staff_session_seconds + 1; // the session has expired
    CHECK(staff.get("/staff/events")->status == 303);
}

TEST_CASE("a form without its CSRF token, or with a wrong one, is refused with 403") {
    AdminEnv env;
    TestServer srv(with_admin());
    auto visitor = srv.client();
    const std::string ref = sign_up(visitor, "application", 1, "a@example.se");
    Staff staff(srv);
    REQUIRE(staff.get("/staff/events/application")->status == 200);
    REQUIRE(staff.csrf.size() == 64);
    auto missing = staff.post("/staff/events/application/act", {{"do", "accept|" + ref}}, false);
    REQUIRE(missing);
    CHECK(missing->status == 403);
    auto wrong = staff.post("/staff/events/application/act", {{"do", "accept|" + ref}, {"csrf", std::string(64, '0')}}, false);
    REQUIRE(wrong);
    CHECK(wrong->status == 403);
    auto no_session = visitor.Post("/staff/events/application/act",
                                   httplib::Params{{"do", "accept|" + ref}, {"csrf", staff.csrf}});
    REQUIRE(no_session);
    CHECK(no_session->status == 403);
    CHECK(status_of(srv, ref) == "received");
    auto ok = staff.post("/staff/events/application/act", {{"do", "accept|" + ref}});
    REQUIRE(ok);
    CHECK(ok->status == 200);
    CHECK(status_of(srv, ref) == "confirmed");
}

TEST_CASE("staff accept one application and decline another, with a message") {
    AdminEnv env;
    TestServer srv(with_admin());
    auto visitor = srv.client();
    const std::string a = sign_up(visitor, "application", 1, "a@example.se");
    const std::string b = sign_up(visitor, "application", 2, "b@example.se");
    Staff staff(srv);
    staff.get("/staff/events/application");
    auto accepted = staff.post("/staff/events/application/act", {{"do", "accept|" + a}, {"message", "Välkommen!"}});
    REQUIRE(accepted);
    CHECK(accepted->status == 200);
    CHECK(accepted->body.find("role=\"status\"") != std::string::npos);
    auto declined = staff.post("/staff/events/application/act", {{"do", "decline|" + b}, {"message", "Tyvärr"}});
    REQUIRE(declined);
    CHECK(declined->status == 200);
    CHECK(status_of(srv, a) == "confirmed");
    CHECK(status_of(srv, b) == "declined");
    // A decided application cannot be decided again.
    auto again = staff.post("/staff/events/application/act", {{"do", "accept|" + b}});
    REQUIRE(again);
    CHECK(again->status == 409);
    CHECK(again->body.find(deltag::message("sv", "application.not_pending")) != std::string::npos);
    // The filter shows the declined one only.
    auto filtered = staff.get("/staff/events/application?status=declined");
    REQUIRE(filtered);
    CHECK(filtered->body.find(b) != std::string::npos);
    CHECK(filtered->body.find(a) == std::string::npos);
}

TEST_CASE("accepting more applications than the capacity is refused, and nothing is accepted") {
    AdminEnv env;
    TestServer srv(with_admin());
    auto visitor = srv.client();
    std::vector<std::string> refs;
    for (int i = 0; i < 3; ++i) refs.push_back(sign_up(visitor, "application-capped", i + 1, "p" + std::to_string(i) + "@example.se"));
    Staff staff(srv);
    staff.get("/staff/events/application-capped");
    httplib::Params all{{"do", "accept"}};
    for (const auto& r : refs) all.emplace("ref", r);
    auto over = staff.post("/staff/events/application-capped/act", all);
    REQUIRE(over);
    CHECK(over->status == 409);
    CHECK(over->body.find("role=\"alert\"") != std::string::npos);
    CHECK(over->body.find(deltag::message("sv", "application.over_capacity", {{"seats_left", "2"}})) != std::string::npos);
    for (const auto& r : refs) CHECK(status_of(srv, r) == "received");

    httplib::Params two{{"do", "accept"}, {"ref", refs[0]}, {"ref", refs[1]}};
    auto ok = staff.post("/staff/events/application-capped/act", two);
    REQUIRE(ok);
    CHECK(ok->status == 200);
    CHECK(ok->body.find(deltag::message("sv", "staff.done.decided", {{"n", "2"}})) != std::string::npos);
    auto third = staff.post("/staff/events/application-capped/act", {{"do", "accept|" + refs[2]}});
    REQUIRE(third);
    CHECK(third->status == 409);
    CHECK(third->body.find(deltag::message("sv", "application.over_capacity", {{"seats_left", "0"}})) != std::string::npos);
    // Declining in bulk has no capacity to respect.
    CHECK(staff.post("/staff/events/application-capped/act", {{"do", "decline"}, {"ref", refs[2]}})->status == 200);
    CHECK(status_of(srv, refs[2]) == "declined");
}

TEST_CASE("staff move someone from the waiting list by hand only when a seat is free") {
    AdminEnv env;
    TestServer srv(with_admin());
    auto visitor = srv.client();
    // Two from one organisation fill its limit; the third waits though seats are free.
    sign_up(visitor, "org-limit", 1, "a@example.se");
    sign_up(visitor, "org-limit", 2, "b@example.se");
    const std::string waiting = sign_up(visitor, "org-limit", 3, "c@example.se");
    REQUIRE(status_of(srv, waiting) == "waitlisted");
    Staff staff(srv);
    staff.get("/staff/events/org-limit");
    auto moved = staff.post("/staff/events/org-limit/act", {{"do", "move|" + waiting}});
    REQUIRE(moved);
    CHECK(moved->status == 200);
    CHECK(status_of(srv, waiting) == "confirmed");
    auto not_waiting = staff.post("/staff/events/org-limit/act", {{"do", "move|" + waiting}});
    REQUIRE(not_waiting);
    CHECK(not_waiting->status == 409);

    std::vector<std::string> seated;
    for (int i = 0; i < 20; ++i)
        seated.push_back(sign_up(visitor, "open-event", 10 + i, "s" + std::to_string(i) + "@example.se"));
    const std::string queued = sign_up(visitor, "open-event", 40, "q@example.se");
    staff.get("/staff/events/open-event");
    auto full = staff.post("/staff/events/open-event/act", {{"do", "move|" + queued}});
    REQUIRE(full);
    CHECK(full->status == 409);
    CHECK(full->body.find(deltag::message("sv", "registration.full")) != std::string::npos);
    // Cancelling on someone's behalf frees the seat and promotes the queue.
    auto cancelled = staff.post("/staff/events/open-event/act", {{"do", "cancel|" + seated[0]}});
    REQUIRE(cancelled);
    CHECK(cancelled->status == 200);
    CHECK(status_of(srv, seated[0]) == "cancelled");
    CHECK(status_of(srv, queued) == "confirmed");
}

TEST_CASE("staff substitute on someone's behalf and resend a mail") {
    AdminEnv env;
    TestServer srv(with_admin());
    auto visitor = srv.client();
    const std::string a = sign_up(visitor, "open-event", 1, "a@example.se");
    Staff staff(srv);
    auto form = staff.get("/staff/events/open-event/substitute?ref=" + a);
    REQUIRE(form);
    CHECK(form->status == 200);
    CHECK(form->body.find("<label for=\"email\">") != std::string::npos);
    auto bad = staff.post("/staff/events/open-event/substitute", {{"ref", a}, {"name", "Bo"}, {"email", "nope"}});
    REQUIRE(bad);
    CHECK(bad->status == 422);
    auto done = staff.post("/staff/events/open-event/substitute", {{"ref", a}, {"name", "Bo"}, {"email", "bo@example.se"}});
    REQUIRE(done);
    CHECK(done->status == 200);
    CHECK(done->body.find("bo@example.se") != std::string::npos);
    CHECK(status_of(srv, a) == "handed_over");

    auto resent = staff.post("/staff/events/open-event/act", {{"do", "resend|" + a}});
    REQUIRE(resent);
    CHECK(resent->status == 200);
    CHECK(resent->body.find(deltag::message("sv", "staff.done.resent", {{"reference", a}})) != std::string::npos);
    auto log = staff.get("/staff/events/open-event/mail?ref=" + a);
    REQUIRE(log);
    CHECK(log->status == 200);
}

TEST_CASE("the staff list, its filters and its CSV never show a sensitive answer") {
    AdminEnv env;
    TestServer srv(with_admin());
    auto visitor = srv.client();
    json p = payload("application", key_for(1), "a@example.se");
    p["answers"]["criteria"] = json::array({"b"});
    const std::string ref = body_of(post_registration(visitor, "application", p)).value("reference", "");
    Staff staff(srv);
    auto page = staff.get("/staff/events/application");
    REQUIRE(page);
    CHECK(page->status == 200);
    CHECK(page->body.find(ref) != std::string::npos);
    CHECK(page->body.find("Anna Andersson") != std::string::npos);
    CHECK(page->body.find("criteria") == std::string::npos);
    CHECK(page->body.find("Erfarenhet") == std::string::npos);
    CHECK(page->body.find("consent_sensitive") == std::string::npos);
    auto csv = staff.get("/staff/events/application/registrations.csv");
    REQUIRE(csv);
    CHECK(csv->status == 200);
    CHECK(csv->body.find(ref) != std::string::npos);
    CHECK(csv->body.find("criteria") == std::string::npos);
    CHECK_FALSE(csv->has_header("Set-Cookie"));
}

TEST_CASE("the staff pages are plain HTML with a strict CSP and labelled controls") {
    AdminEnv env;
    TestServer srv(with_admin());
    auto visitor = srv.client();
    sign_up(visitor, "application", 1, "a@example.se");
    Staff staff(srv);
    auto page = staff.get("/staff/events/application");
    REQUIRE(page);
    CHECK(page->get_header_value("Content-Type") == "text/html; charset=utf-8");
    CHECK(page->get_header_value("Content-Security-Policy").find("default-src 'none'") != std::string::npos);
    CHECK(page->get_header_value("Cache-Control") == "no-store");
    CHECK(page->body.find("<script") == std::string::npos);
    CHECK(page->body.find("style=") == std::string::npos);
    CHECK(page->body.find("<html lang=\"sv\">") != std::string::npos);
    CHECK(page->body.find("<label for=\"status\">") != std::string::npos);
    CHECK(page->body.find("<label for=\"message\">") != std::string::npos);
    // Every form that changes something carries the CSRF token.
    const std::regex post_form("<form method=\"post\"[^>]*>(<input type=\"hidden\" name=\"csrf\" value=\"[0-9a-f]{64}\">)?");
    for (auto it = std::sregex_iterator(page->body.begin(), page->body.end(), post_form); it != std::sregex_iterator(); ++it)
        CHECK((*it)[1].matched);
    auto english = staff.cli.Get("/staff/events/application", httplib::Headers{{"Cookie", staff.cookie}, {"Accept-Language", "en"}});
    REQUIRE(english);
    CHECK(english->body.find(deltag::message("en", "staff.decide.accept")) != std::string::npos);
}

} // TEST_SUITE
