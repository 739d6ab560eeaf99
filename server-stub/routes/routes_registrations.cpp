// POST /api/v1/events/{id}/registrations, GET /api/v1/registrations/{ref},
// POST /api/v1/registrations/{ref}/cancel, GET /api/v1/registrations/{ref}/calendar.ics.
// The payload is parsed and validated by the core; the store decides inside its transaction.
// The manage token travels in `Authorization: Bearer <token>` (or the cancel body), never in
// a URL: URLs end up in logs, histories and Referer headers.
#include "routes.hpp"

#include "secrets.hpp"
#include "sign_up.hpp"
#include "store_manage.hpp"

#include "deltag/ics.hpp"
#include "deltag/registration.hpp"
#include "deltag/rules.hpp"
#include "deltag/validate.hpp"

namespace deltag::server {

namespace {

constexpr const char* event_path = R"(/api/v1/events/([^/]{1,200})/registrations)";
constexpr const char* reference_path = R"(/api/v1/registrations/([^/]{1,40}))";

// A bot (honeypot filled in, or a form "filled" faster than a person can) gets an answer
// that looks like success, so it learns nothing; nothing is stored.
Reply fake_success(Context& ctx, const Event& ev) {
    nlohmann::json body{{"reference", random_reference()}, {"cancel_token", random_token()}};
    if (ev.mode == Mode::application) {
        body["status"] = "received";
        return Reply{201, body};
    }
    int confirmed = 0, waitlisted = 0;
    if (auto c = ctx.store->counts(ev.id); auto* n = std::get_if<Store::Counts>(&c)) {
        confirmed = n->confirmed;
        waitlisted = n->waitlisted;
    }
    const Availability a = availability(ev, confirmed, waitlisted, ctx.clock());
    if (a.seats_left && *a.seats_left <= 0 && ev.waitlist) {
        body["status"] = "waitlisted";
        body["waitlist_position"] = waitlisted + 1;
    } else {
        body["status"] = "confirmed";
    }
    return Reply{201, body};
}

void post_registration(Context& ctx, const httplib::Request& req, httplib::Response& res) {
    if (req.body.size() > max_payload_bytes) return send_error(res, 413, "payload.too_large");
    const auto type = read_header(req, "Content-Type", is_json_content_type);
    if (type.state != HeaderState::ok) return send_error(res, 415, "payload.unsupported_media_type");
    const auto key = read_header(req, "Idempotency-Key", is_idempotency_key);
    if (key.state != HeaderState::ok) return send_error(res, 400, "payload.bad_key");

    auto parsed = parse_registration(req.body);
    if (!parsed.ok()) {
        send_json(res, 400, {{"code", parsed.errors.front().code}, {"errors", errors_json(parsed.errors)}});
        return;
    }
    Registration& r = parsed.value;
    normalise_answers_nfc(r.answers); // before validation and storage: one answer, one spelling
    if (r.idempotency_key != key.value) return send_error(res, 400, "payload.key_mismatch");
    const Event* ev = ctx.events.find(req.matches[1].str());
    if (!ev) return send_error(res, 404, "event.not_found");
    if (r.event != ev->id) return send_error(res, 400, "payload.event_mismatch");

    if (!r.honeypot.empty() || r.fill_ms.value_or(0) < ctx.options.min_fill_ms) {
        ctx.log("sign-up answered with a decoy (honeypot or fill time) event=" + ev->id);
        const Reply fake = fake_success(ctx, *ev);
        return send_json(res, fake.status, fake.body);
    }

    const Validation v = validate(ev->form, r.answers, r.locale);
    if (!v.ok()) return send_json(res, 422, {{"errors", errors_json(v.errors)}});
    if (auto errors = check_consents(ev->form, r, v.normalised); !errors.empty())
        return send_json(res, 422, {{"errors", errors_json(errors)}});

    if (!ctx.in_flight.begin(r.idempotency_key)) return send_error(res, 409, "idempotency.in_progress");
    struct Done {
        Context& ctx;
        const std::string& key;
        ~Done() { ctx.in_flight.end(key); }
    } done{ctx, r.idempotency_key};

    SignUp s = make_sign_up(*ev, r, v);
    s.reference = random_reference();
    s.cancel_token = manage_token(ctx.install_secret, s.reference);
    const Reply reply = ctx.store->sign_up(std::move(s));
    send_json(res, reply.status, reply.body);
}

// The token from `Authorization: Bearer <token>`, or empty when missing or malformed
// (answered like a wrong one). A ?token= in the query is ignored on purpose.
std::string header_token(const httplib::Request& req) {
    const auto auth = read_header(req, "Authorization", is_manage_authorization);
    return auth.state == HeaderState::ok ? auth.value.substr(7) : std::string();
}

// The registration named in the path if the token fits; else answers 404 and returns nullopt.
std::optional<RegistrationView> lookup(Context& ctx, const httplib::Request& req,
                                       httplib::Response& res, const std::string& token) {
    const std::string ref = req.matches[1].str();
    if (!is_reference(ref) || token.empty()) {
        send_error(res, 404, "registration.not_found");
        return std::nullopt;
    }
    auto found = ctx.store->find(ref, token);
    if (auto* e = std::get_if<DbError>(&found)) {
        if (e->rc == db_unavailable) send_error(res, 503, "storage.unavailable");
        else send_error(res, 500, "internal.error");
        return std::nullopt;
    }
    auto& view = std::get<std::optional<RegistrationView>>(found);
    if (!view) send_error(res, 404, "registration.not_found");
    return view;
}

void get_registration(Context& ctx, const httplib::Request& req, httplib::Response& res) {
    const std::string ref = req.matches[1].str();
    const std::string token = header_token(req);
    if (!is_reference(ref) || token.empty()) return send_error(res, 404, "registration.not_found");
    auto found = manage_view(*ctx.store, ref, token);
    if (std::holds_alternative<DbError>(found)) return send_error(res, 500, "internal.error");
    const auto& view = std::get<std::optional<ManageView>>(found);
    if (!view) return send_error(res, 404, "registration.not_found");
    res.set_header("Cache-Control", "no-store");
    nlohmann::json body{{"status", view->status}, {"event", view->event_id}, {"locale", view->locale}};
    if (view->waitlist_position) body["waitlist_position"] = *view->waitlist_position;
    send_json(res, 200, body);
}

void post_cancel(Context& ctx, const httplib::Request& req, httplib::Response& res) {
    if (req.body.size() > max_payload_bytes) return send_error(res, 413, "payload.too_large");
    const auto type = read_header(req, "Content-Type", is_json_content_type);
    if (type.state != HeaderState::ok) return send_error(res, 415, "payload.unsupported_media_type");
    auto body = parse_strict_json(req.body);
    if (!body.ok()) return send_error(res, 400, body.errors.front().code);
    const auto& j = body.value;
    // The widget sends {"token": ...}; the manage page sends {} and the token in its header.
    auto token = j.is_object() ? j.find("token") : j.end();
    const bool in_body = j.is_object() && j.size() == 1 && token != j.end() && token->is_string();
    if (!in_body && !(j.is_object() && j.empty())) return send_error(res, 400, "payload.malformed");
    const std::string ref = req.matches[1].str();
    const std::string t = in_body ? token->get<std::string>() : header_token(req);
    if (!is_reference(ref) || !is_hex_token(t)) return send_error(res, 404, "registration.not_found");
    const Reply reply = ctx.store->cancel(ref, t, ctx.events);
    send_json(res, reply.status, reply.body);
}

void get_calendar(Context& ctx, const httplib::Request& req, httplib::Response& res) {
    auto view = lookup(ctx, req, res, header_token(req));
    if (!view) return;
    if (view->status != "confirmed") return send_error(res, 409, "registration.not_confirmed");
    const Event* ev = ctx.events.find(view->event_id);
    if (!ev || ev->sessions.empty()) return send_error(res, 404, "event.not_found");
    const Session* session = &ev->sessions.front();
    if (req.has_param("session")) {
        session = nullptr;
        const std::string wanted = req.get_param_value("session");
        for (const auto& s : ev->sessions)
            if (s.id == wanted) session = &s;
        if (!session) return send_error(res, 404, "session.not_found");
    }
    const std::string uid = view->reference + "-" + session->id + "@deltag";
    res.status = 200;
    res.set_header("Cache-Control", "no-store");
    res.set_header("Content-Disposition", "attachment; filename=\"" + ev->id + ".ics\"");
    // Only confirmed people get here, so the file carries the join link as their mails do.
    res.set_content(make_ics(*ev, *session, view->locale, uid, ctx.clock(), ev->join_url), "text/calendar; charset=utf-8");
}

} // namespace

void add_registration_routes(httplib::Server& svr, Context& ctx) {
    svr.Post(event_path, [&ctx](const httplib::Request& req, httplib::Response& res) {
        post_registration(ctx, req, res);
    });
    svr.Get(reference_path, [&ctx](const httplib::Request& req, httplib::Response& res) {
        get_registration(ctx, req, res);
    });
    svr.Post(std::string(reference_path) + "/cancel", [&ctx](const httplib::Request& req, httplib::Response& res) {
        post_cancel(ctx, req, res);
    });
    svr.Get(std::string(reference_path) + "/calendar\\.ics",
            [&ctx](const httplib::Request& req, httplib::Response& res) { get_calendar(ctx, req, res); });
}

} // namespace deltag::server
