// GET /api/v1/events, GET /api/v1/events/{id}, GET /healthz: events with their availability
// (counts from the store, state from deltag::availability).
#include "routes.hpp"

#include "deltag/localize.hpp"
#include "deltag/rules.hpp"

#include <algorithm>

namespace deltag::server {

namespace {

std::string server_time(UnixTime now) { return format_iso8601(now, 0); }

// The request's ?lang= on the event routes: absent means every language (clients that switch
// language without a network, other clients, the tests); a language code (2-3 lower-case
// letters) means the texts of that language only (deltag::in_language, pick's fallback: an
// unknown language such as "fi" gets English, as the widget would show). Anything else, or the
// parameter twice, is a bad request rather than a silent fallback.
struct LangQuery {
    bool valid = true;
    std::optional<std::string> lang;
};

LangQuery lang_query(const httplib::Request& req) {
    const auto count = req.get_param_value_count("lang");
    if (count == 0) return {};
    const std::string lang = req.get_param_value("lang");
    const bool code = lang.size() >= 2 && lang.size() <= 3 &&
                      std::all_of(lang.begin(), lang.end(), [](char c) { return c >= 'a' && c <= 'z'; });
    if (count != 1 || !code) return {false, std::nullopt};
    return {true, lang};
}

// {"event": E, "availability": A}, or nullopt if the counts could not be read.
std::optional<nlohmann::json> event_entry(Context& ctx, const Event& ev, UnixTime now,
                                          const std::optional<std::string>& lang) {
    auto counts = ctx.store->counts(ev.id);
    if (std::holds_alternative<DbError>(counts)) return std::nullopt;
    const auto& n = std::get<Store::Counts>(counts);
    const Availability a = availability(ev, n.confirmed, n.waitlisted, now);
    return nlohmann::json{{"event", lang ? to_json(in_language(ev, *lang)) : to_json(ev)},
                          {"availability", to_json(a)}};
}

} // namespace

void add_event_routes(httplib::Server& svr, Context& ctx) {
    svr.Get("/api/v1/events", [&ctx](const httplib::Request& req, httplib::Response& res) {
        const LangQuery q = lang_query(req);
        if (!q.valid) return send_error(res, 400, "request.invalid");
        const UnixTime now = ctx.clock();
        auto list = nlohmann::json::array();
        for (const auto& ev : ctx.events.all()) {
            auto entry = event_entry(ctx, ev, now, q.lang);
            if (!entry) return send_error(res, 500, "internal.error");
            list.push_back(std::move(*entry));
        }
        send_json(res, 200, {{"events", std::move(list)}, {"server_time", server_time(now)}});
    });

    svr.Get(R"(/api/v1/events/([^/]{1,200}))", [&ctx](const httplib::Request& req, httplib::Response& res) {
        const Event* ev = ctx.events.find(req.matches[1].str());
        if (!ev) return send_error(res, 404, "event.not_found");
        const LangQuery q = lang_query(req);
        if (!q.valid) return send_error(res, 400, "request.invalid");
        const UnixTime now = ctx.clock();
        auto entry = event_entry(ctx, *ev, now, q.lang);
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
