// GET /api/v1/admin/events/{id}/registrations.csv, for the organiser, behind a bearer token
// compared in constant time. Asking for sensitive fields is logged (without any answers).
#include "routes.hpp"

#include "csv.hpp"
#include "secrets.hpp"

namespace deltag::server {

namespace {

// 0 when authorised, else the status already answered.
bool authorised(Context& ctx, const httplib::Request& req, httplib::Response& res) {
    if (ctx.admin_token.empty()) {
        send_error(res, 403, "admin.disabled");
        return false;
    }
    const auto auth = read_header(req, "Authorization", is_bearer);
    // Hashing both sides first makes the comparison independent of the token's length.
    if (auth.state != HeaderState::ok ||
        !constant_time_equal(sha256_hex(std::string_view(auth.value).substr(7)), sha256_hex(ctx.admin_token))) {
        res.set_header("WWW-Authenticate", "Bearer");
        send_error(res, 401, "admin.unauthorized");
        return false;
    }
    return true;
}

void get_csv(Context& ctx, const httplib::Request& req, httplib::Response& res) {
    if (!authorised(ctx, req, res)) return;
    const Event* ev = ctx.events.find(req.matches[1].str());
    if (!ev) return send_error(res, 404, "event.not_found");
    const bool sensitive = req.has_param("include_sensitive") && req.get_param_value("include_sensitive") == "1";
    auto rows = ctx.store->export_rows(ev->id);
    if (std::holds_alternative<DbError>(rows)) return send_error(res, 500, "internal.error");
    if (sensitive) ctx.log("admin export WITH sensitive fields: event=" + ev->id);
    res.status = 200;
    res.set_header("Cache-Control", "no-store");
    res.set_header("Content-Disposition", "attachment; filename=\"" + ev->id + ".csv\"");
    res.set_content(registrations_csv(*ev, std::get<std::vector<ExportRow>>(rows), sensitive),
                    "text/csv; charset=utf-8");
}

} // namespace

void add_admin_routes(httplib::Server& svr, Context& ctx) {
    svr.Get(R"(/api/v1/admin/events/([^/]{1,200})/registrations\.csv)",
            [&ctx](const httplib::Request& req, httplib::Response& res) { get_csv(ctx, req, res); });
}

} // namespace deltag::server
