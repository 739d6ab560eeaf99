// The staff pages, behind the admin token exchanged for a session cookie (staff_session.hpp):
//   GET  /staff                              sign-in form; POST /staff/login, /staff/logout
//   GET  /staff/events                       the events
//   GET  /staff/events/{id}[?status=S]       registrations, filters, actions
//   POST /staff/events/{id}/act              do=accept|decline (the ticked applications) or
//                                            do=<action>|<ref>: accept, decline, move, cancel, resend
//   GET  /staff/events/{id}/substitute?ref=R  and POST: hand a seat over on someone's behalf
//   GET  /staff/events/{id}/mail?ref=R       a registration's mail log
//   GET  /staff/events/{id}/registrations.csv
// References travel in forms and queries, never in paths, so the request log has none.
#include "routes.hpp"

#include "csv.hpp"
#include "mail_outbox.hpp"
#include "secrets.hpp"
#include "staff_html.hpp"
#include "staff_session.hpp"
#include "store_manage.hpp"

#include "deltag/catalog.hpp"
#include "deltag/text.hpp"
#include "deltag/time.hpp"
#include "deltag/validate.hpp"

#include <cctype>

namespace deltag::server {

namespace {

constexpr const char* event_base = R"(/staff/events/([a-z0-9-]{1,100}))";

struct Staff {
    Context& ctx;
    StaffSessions sessions;
    bool secure;
};

std::string staff_lang(const httplib::Request& req) {
    const std::string wanted = req.get_header_value("Accept-Language");
    return negotiate_language(wanted.size() > 200 ? std::string() : wanted);
}

void send_html(httplib::Response& res, int status, const std::string& html) {
    res.status = status;
    res.set_header("Cache-Control", "no-store");
    res.set_header("Content-Security-Policy",
                   "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; "
                   "frame-ancestors 'none'");
    res.set_header("Referrer-Policy", "no-referrer");
    res.set_header("X-Content-Type-Options", "nosniff");
    res.set_content(html, "text/html; charset=utf-8");
}

void redirect(httplib::Response& res, const std::string& to) {
    res.status = 303;
    res.set_header("Location", to);
    res.set_header("Cache-Control", "no-store");
}

// The valid session of the request, or nullopt.
std::optional<std::string> session_of(Staff& s, const httplib::Request& req) {
    if (s.ctx.admin_token.empty()) return std::nullopt;
    auto cookie = staff_cookie(req.get_header_value("Cookie"));
    if (!cookie || !s.sessions.valid(*cookie, s.ctx.clock())) return std::nullopt;
    return cookie;
}

// For GET pages: the session, or a redirect to the sign-in form.
std::optional<std::string> page_session(Staff& s, const httplib::Request& req, httplib::Response& res) {
    auto session = session_of(s, req);
    if (!session) redirect(res, "/staff");
    return session;
}

// For POSTs: the session with a matching CSRF token, or a 403 page.
std::optional<std::string> post_session(Staff& s, const httplib::Request& req, httplib::Response& res) {
    const std::string lang = staff_lang(req);
    auto session = session_of(s, req);
    if (!session) {
        send_html(res, 403, staff_login_page(lang, {message(lang, "staff.session_required"), true}));
        return std::nullopt;
    }
    const std::string csrf = req.get_param_value_count("csrf") == 1 ? req.get_param_value("csrf") : std::string();
    if (!s.sessions.csrf_valid(*session, csrf)) {
        send_html(res, 403, staff_login_page(lang, {message(lang, "staff.csrf_invalid"), true}));
        return std::nullopt;
    }
    return session;
}

std::string param(const httplib::Request& req, const char* name) {
    return req.get_param_value_count(name) == 1 ? req.get_param_value(name) : std::string();
}

void render_event(Staff& s, const httplib::Request& req, httplib::Response& res, const Event& ev,
                  const std::string& session, int status, Notice notice) {
    StaffEventPage p;
    p.event = &ev;
    p.lang = staff_lang(req);
    p.csrf = s.sessions.csrf_for(session);
    p.filter = param(req, "status");
    p.notice = std::move(notice);
    auto counts = s.ctx.store->counts(ev.id);
    auto rows = staff_rows(*s.ctx.store, ev, req.method == "GET" ? p.filter : std::string());
    if (std::holds_alternative<DbError>(counts) || std::holds_alternative<DbError>(rows)) {
        return send_html(res, 500, staff_login_page(p.lang, {message(p.lang, "internal.error"), true}));
    }
    if (req.method != "GET") p.filter.clear();
    p.counts = std::get<Store::Counts>(counts);
    p.rows = std::move(std::get<std::vector<StaffRow>>(rows));
    send_html(res, status, staff_event_page(p));
}

// The notice for a store reply: its code's message (with params) when refused.
Notice refusal(const std::string& lang, const Reply& r) {
    std::map<std::string, std::string> params;
    if (r.body.contains("seats_left")) params["seats_left"] = std::to_string(r.body["seats_left"].get<int>());
    return {message(lang, r.body.value("code", std::string("internal.error")), params), true};
}

void post_login(Staff& s, const httplib::Request& req, httplib::Response& res) {
    const std::string lang = staff_lang(req);
    if (s.ctx.admin_token.empty())
        return send_html(res, 403, staff_login_page(lang, {message(lang, "admin.disabled"), true}));
    if (int wait = s.ctx.limiter.take("staff-login:" + req.remote_addr); wait > 0) {
        res.set_header("Retry-After", std::to_string(wait));
        return send_html(res, 429, staff_login_page(lang, {message(lang, "request.rate_limited"), true}));
    }
    const std::string token = param(req, "token");
    if (!constant_time_equal(sha256_hex(token), sha256_hex(s.ctx.admin_token)))
        return send_html(res, 401, staff_login_page(lang, {message(lang, "staff.login.failed"), true}));
    const std::string session = s.sessions.issue(s.ctx.clock());
    res.set_header("Set-Cookie", StaffSessions::set_cookie(session, s.secure, staff_session_seconds));
    redirect(res, "/staff/events");
}

void post_act(Staff& s, const httplib::Request& req, httplib::Response& res) {
    auto session = post_session(s, req, res);
    if (!session) return;
    const Event* ev = s.ctx.events.find(req.matches[1].str());
    if (!ev) return send_error(res, 404, "event.not_found");
    const std::string lang = staff_lang(req);
    const std::string what = param(req, "do");
    const auto bar = what.find('|');
    const std::string action = what.substr(0, bar);
    const std::string ref = bar == std::string::npos ? std::string() : what.substr(bar + 1);
    if (bar != std::string::npos && !is_reference(ref))
        return render_event(s, req, res, *ev, *session, 404, {message(lang, "registration.not_found"), true});

    const std::string note = param(req, "message").substr(0, 2000);
    Reply r{400, {{"code", "payload.malformed"}}};
    std::string done;
    if ((action == "accept" || action == "decline")) {
        std::vector<std::string> refs;
        if (!ref.empty()) refs.push_back(ref);
        for (std::size_t i = 0; ref.empty() && i < req.get_param_value_count("ref"); ++i)
            if (auto v = req.get_param_value("ref", i); is_reference(v)) refs.push_back(v);
        if (refs.empty()) return render_event(s, req, res, *ev, *session, 400, {message(lang, "field.required"), true});
        r = decide_applications(*s.ctx.store, *ev, refs, action == "accept", note);
        if (r.status == 200)
            done = message(lang, "staff.done.decided", {{"n", std::to_string(r.body["decided"].get<int>())}});
    } else if (action == "move") {
        r = move_from_waitlist(*s.ctx.store, *ev, ref);
        done = message(lang, "staff.done.moved", {{"reference", ref}});
    } else if (action == "cancel") {
        // The staff act for the person: the token is the one their link carries.
        r = s.ctx.store->cancel(ref, manage_token(s.ctx.install_secret, ref), s.ctx.events);
        done = message(lang, "staff.done.cancelled", {{"reference", ref}});
    } else if (action == "resend") {
        r = resend_mail(*s.ctx.store, ev->id, ref);
        done = message(lang, "staff.done.resent", {{"reference", ref}});
    }
    if (r.status != 200) return render_event(s, req, res, *ev, *session, r.status, refusal(lang, r));
    render_event(s, req, res, *ev, *session, 200, {done, false});
}

void get_substitute(Staff& s, const httplib::Request& req, httplib::Response& res) {
    auto session = page_session(s, req, res);
    if (!session) return;
    const Event* ev = s.ctx.events.find(req.matches[1].str());
    const std::string ref = param(req, "ref");
    if (!ev || !is_reference(ref)) return send_error(res, 404, "registration.not_found");
    send_html(res, 200, staff_substitute_page(staff_lang(req), *ev, ref, s.sessions.csrf_for(*session), {}));
}

void post_substitute(Staff& s, const httplib::Request& req, httplib::Response& res) {
    auto session = post_session(s, req, res);
    if (!session) return;
    const Event* ev = s.ctx.events.find(req.matches[1].str());
    const std::string ref = param(req, "ref");
    if (!ev || !is_reference(ref)) return send_error(res, 404, "registration.not_found");
    const std::string lang = staff_lang(req);
    const std::string csrf = s.sessions.csrf_for(*session);
    auto checked = check_colleague(*ev, param(req, "name"), param(req, "email"), lang);
    if (auto* errors = std::get_if<Errors>(&checked)) {
        const int status = errors->front().code == "registration.substitute_unsupported" ? 409 : 422;
        return send_html(res, status, staff_substitute_page(lang, *ev, ref, csrf, {message(lang, errors->front()), true}));
    }
    Colleague who = std::get<Colleague>(checked);
    who.reference = random_reference();
    who.token = manage_token(s.ctx.install_secret, who.reference);
    const Reply r = substitute(*s.ctx.store, *ev, ref, manage_token(s.ctx.install_secret, ref), who);
    if (r.status != 200) return send_html(res, r.status, staff_substitute_page(lang, *ev, ref, csrf, refusal(lang, r)));
    render_event(s, req, res, *ev, *session, 200,
                 {message(lang, "staff.done.substituted", {{"reference", ref}, {"name", who.name}}), false});
}

void get_mail_log(Staff& s, const httplib::Request& req, httplib::Response& res) {
    auto session = page_session(s, req, res);
    if (!session) return;
    const Event* ev = s.ctx.events.find(req.matches[1].str());
    const std::string ref = param(req, "ref");
    if (!ev || !is_reference(ref)) return send_error(res, 404, "registration.not_found");
    std::vector<MailLogEntry> entries;
    bool found = false;
    const DbStatus st = s.ctx.store->read([&](Conn& c) -> DbStatus {
        std::optional<std::int64_t> seq;
        const DbStatus q = each_row(
            c, "SELECT seq FROM registrations WHERE reference = ?1 AND event_id = ?2",
            [&](Stmt& row) { seq = row.column_int(0); }, ref, ev->id);
        if (!q.ok() || !seq) return q;
        found = true;
        auto rows = mail_log(c, *seq);
        if (auto* e = std::get_if<DbError>(&rows)) return DbStatus{*e};
        for (const auto& row : std::get<std::vector<MailLogRow>>(rows))
            entries.push_back({row.kind, row.status, format_iso8601(row.created_at, 0), row.last_reply, row.attempts});
        return {};
    });
    if (!st.ok()) return send_error(res, 500, "internal.error");
    if (!found) return send_error(res, 404, "registration.not_found");
    send_html(res, 200, staff_mail_log_page(staff_lang(req), *ev, ref, entries));
}

void get_csv(Staff& s, const httplib::Request& req, httplib::Response& res) {
    if (!page_session(s, req, res)) return;
    const Event* ev = s.ctx.events.find(req.matches[1].str());
    if (!ev) return send_error(res, 404, "event.not_found");
    auto rows = s.ctx.store->export_rows(ev->id);
    if (std::holds_alternative<DbError>(rows)) return send_error(res, 500, "internal.error");
    res.status = 200;
    res.set_header("Cache-Control", "no-store");
    res.set_header("Content-Disposition", "attachment; filename=\"" + ev->id + ".csv\"");
    // Never the sensitive answers from the staff page: that export stays behind the API.
    res.set_content(registrations_csv(*ev, std::get<std::vector<ExportRow>>(rows), false), "text/csv; charset=utf-8");
}

} // namespace

void add_staff_routes(httplib::Server& svr, Context& ctx) {
    auto s = std::make_shared<Staff>(Staff{ctx, StaffSessions(ctx.install_secret, ctx.admin_token),
                                           ctx.options.public_url.rfind("https://", 0) == 0});
    using Req = const httplib::Request&;
    using Res = httplib::Response&;
    svr.Get("/staff", [s](Req req, Res res) {
        if (session_of(*s, req)) return redirect(res, "/staff/events");
        send_html(res, 200, staff_login_page(staff_lang(req), {}));
    });
    svr.Post("/staff/login", [s](Req req, Res res) { post_login(*s, req, res); });
    svr.Post("/staff/logout", [s](Req req, Res res) {
        if (!post_session(*s, req, res)) return;
        res.set_header("Set-Cookie", StaffSessions::set_cookie("", s->secure, 0));
        redirect(res, "/staff");
    });
    svr.Get("/staff/events", [s](Req req, Res res) {
        auto session = page_session(*s, req, res);
        if (!session) return;
        send_html(res, 200, staff_events_page(staff_lang(req), s->ctx.events.all(), s->sessions.csrf_for(*session)));
    });
    svr.Get(event_base, [s](Req req, Res res) {
        auto session = page_session(*s, req, res);
        if (!session) return;
        const Event* ev = s->ctx.events.find(req.matches[1].str());
        if (!ev) return send_error(res, 404, "event.not_found");
        render_event(*s, req, res, *ev, *session, 200, {});
    });
    svr.Post(std::string(event_base) + "/act", [s](Req req, Res res) { post_act(*s, req, res); });
    svr.Get(std::string(event_base) + "/substitute", [s](Req req, Res res) { get_substitute(*s, req, res); });
    svr.Post(std::string(event_base) + "/substitute", [s](Req req, Res res) { post_substitute(*s, req, res); });
    svr.Get(std::string(event_base) + "/mail", [s](Req req, Res res) { get_mail_log(*s, req, res); });
    svr.Get(std::string(event_base) + R"(/registrations\.csv)", [s](Req req, Res res) { get_csv(*s, req, res); });
}

} // namespace deltag::server
