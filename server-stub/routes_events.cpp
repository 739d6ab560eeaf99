// GET /api/v1/events, GET /api/v1/events/{id}, GET /healthz: events with their availability
// (counts from the store, state from deltag::availability).
#include "routes.hpp"

#include "deltag/rules.hpp"

namespace deltag::server {

namespace {

std::string server_time(UnixTime now) { return format_iso8601(now, 0); }

// {"event": E, "availability": A}, or nullopt if the counts could not be read.
std::optional<nlohmann::json> event_entry(Context& ctx, const Event& ev, UnixTime now) {
    auto counts = ctx.store->counts(ev.id);
    if (std::holds_alternative<DbError>(counts)) return std::nullopt;
    const auto& n = std::get<Store::Counts>(counts);
    const Availability a = availability(ev, n.confirmed, n.waitlisted, now);
    return nlohmann::json{{"event", to_json(ev)}, {"availability", to_json(a)}};
}

} // namespace

void add_event_routes(httplib::Server& svr, Context& ctx) {
    svr.Get("/api/v1/events", [&ctx](const httplib::Request&, httplib::Response& res) {
        const UnixTime now = ctx.clock();
        auto list = nlohmann::json::array();
        for (const auto& ev : ctx.events.all()) {
            auto entry = event_entry(ctx, ev, now);
            if (!entry) return send_error(res, 500, "internal.error");
            list.push_back(std::move(*entry));
        }
        send_json(res, 200, {{"events", std::move(list)}, {"server_time", server_time(now)}});
    });

    svr.Get(R"(/api/v1/events/([^/]{1,200}))", [&ctx](const httplib::Request& req, httplib::Response& res) {
        const Event* ev = ctx.events.find(req.matches[1].str());
        if (!ev) return send_error(res, 404, "event.not_found");
        const UnixTime now = ctx.clock();
        auto entry = event_entry(ctx, *ev, now);
        if (!entry) return send_error(res, 500, "internal.error");
        (*entry)["server_time"] = server_time(now);
        send_json(res, 200, *entry);
    });

    auto health = [&ctx](const httplib::Request&, httplib::Response& res) {
        // Touches the database so a broken disk shows here, not at the next sign-up.
        if (std::holds_alternative<DbError>(ctx.store->counts("")))
            return send_error(res, 503, "storage.unavailable");
        send_json(res, 200, {{"status", "ok"}, {"events", ctx.events.all().size()}});
    };
    svr.Get("/healthz", health);
    svr.Get("/api/v1/healthz", health);
}

} // namespace deltag::server
