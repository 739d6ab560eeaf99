// The manage link's own routes: POST /api/v1/registrations/{ref}/substitute (hand the seat to
// a colleague), POST /api/v1/manage-link ("send me my link again") and
// GET /api/v1/catalogs/{lang}/manage (the manage page's messages). The token comes in
// `Authorization: Bearer <token>`; the page itself is /manage (routes_static.cpp).
#include "routes.hpp"

#include "secrets.hpp"
#include "sign_up.hpp"
#include "store_manage.hpp"

#include "deltag/catalog.hpp"
#include "deltag/registration.hpp"
#include "deltag/text.hpp"
#include "deltag/validate.hpp"

#include <cctype>

namespace deltag::server {

namespace {

constexpr const char* reference_path = R"(/api/v1/registrations/([^/]{1,40}))";

// The body as a JSON object with exactly these string members, or nullopt (answered 400).
std::optional<nlohmann::json> string_object(const httplib::Request& req, httplib::Response& res,
                                            std::initializer_list<const char*> members) {
    if (req.body.size() > max_payload_bytes) {
        send_error(res, 413, "payload.too_large");
        return std::nullopt;
    }
    if (read_header(req, "Content-Type", is_json_content_type).state != HeaderState::ok) {
        send_error(res, 415, "payload.unsupported_media_type");
        return std::nullopt;
    }
    auto body = parse_strict_json(req.body);
    if (!body.ok()) {
        send_error(res, 400, body.errors.front().code);
        return std::nullopt;
    }
    const auto& j = body.value;
    bool ok = j.is_object() && j.size() == members.size();
    for (const char* m : members) ok = ok && j.contains(m) && j[m].is_string();
    if (!ok) {
        send_error(res, 400, "payload.malformed");
        return std::nullopt;
    }
    return j;
}

std::string ascii_lowered(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

void post_substitute(Context& ctx, const httplib::Request& req, httplib::Response& res) {
    auto body = string_object(req, res, {"name", "email"});
    if (!body) return;
    const std::string ref = req.matches[1].str();
    const auto auth = read_header(req, "Authorization", is_manage_authorization);
    if (!is_reference(ref) || auth.state != HeaderState::ok) return send_error(res, 404, "registration.not_found");
    const std::string token = auth.value.substr(7);
    auto found = manage_view(*ctx.store, ref, token);
    if (std::holds_alternative<DbError>(found)) return send_error(res, 500, "internal.error");
    const auto& view = std::get<std::optional<ManageView>>(found);
    if (!view) return send_error(res, 404, "registration.not_found");
    const Event* ev = ctx.events.find(view->event_id);
    if (!ev) return send_error(res, 404, "event.not_found");

    auto checked = check_colleague(*ev, (*body)["name"].get<std::string>(), (*body)["email"].get<std::string>(),
                                   view->locale);
    if (auto* errors = std::get_if<Errors>(&checked)) {
        if (errors->front().code == "registration.substitute_unsupported")
            return send_error(res, 409, "registration.substitute_unsupported");
        return send_json(res, 422, {{"errors", errors_json(*errors)}});
    }
    Colleague who = std::get<Colleague>(checked);
    who.reference = random_reference();
    who.token = manage_token(ctx.install_secret, who.reference);
    const Reply reply = substitute(*ctx.store, *ev, ref, token, who);
    send_json(res, reply.status, reply.body);
}

void post_manage_link(Context& ctx, const httplib::Request& req, httplib::Response& res) {
    auto body = string_object(req, res, {"email"});
    if (!body) return;
    const std::string email = trim((*body)["email"].get<std::string>());
    const auto normalised = normalise_email(email);
    if (!normalised) return send_error(res, 422, "email.invalid");
    const std::string key = ascii_lowered(*normalised);
    // Both limits apply whether or not the address is known, so a 429 tells nothing either.
    int wait = ctx.manage_link_by_client.take(req.remote_addr);
    if (wait == 0) wait = ctx.manage_link_by_email.take(key);
    if (wait > 0) {
        res.set_header("Retry-After", std::to_string(wait));
        return send_error(res, 429, "request.rate_limited");
    }
    const Reply reply = queue_manage_links(*ctx.store, key);
    if (reply.status != 200) return send_json(res, reply.status, reply.body);
    send_json(res, 202, {{"status", "sent_if_known"}});
}

void get_manage_catalog(const httplib::Request& req, httplib::Response& res) {
    const std::string lang = req.matches[1].str();
    if (!has_catalog(lang)) return send_error(res, 404, "request.not_found");
    res.set_header("Cache-Control", "public, max-age=600");
    res.set_content(manage_catalog_json(lang), "application/json; charset=utf-8");
}

} // namespace

void add_manage_routes(httplib::Server& svr, Context& ctx) {
    svr.Post(std::string(reference_path) + "/substitute", [&ctx](const httplib::Request& req, httplib::Response& res) {
        post_substitute(ctx, req, res);
    });
    svr.Post("/api/v1/manage-link",
             [&ctx](const httplib::Request& req, httplib::Response& res) { post_manage_link(ctx, req, res); });
    svr.Get(R"(/api/v1/catalogs/([a-z]{2,3})/manage)", get_manage_catalog);
}

} // namespace deltag::server
