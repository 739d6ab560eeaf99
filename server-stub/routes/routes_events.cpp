// GET /api/v1/events, GET /api/v1/events/{id}, GET /healthz: events with their availability
// (counts from the store, state from deltag::availability). An event's text in each catalog
// language is serialised at start-up and compressed once, on first use; its availability and the
// server time are appended fresh to each answer (compress.hpp's open streams). The list is
// compressed once per content (EventLists).
#include "routes.hpp"

#include "compress.hpp"
#include "encoding.hpp"

#include "deltag/catalog.hpp"

#include "deltag/localize.hpp"
#include "deltag/rules.hpp"

#include <algorithm>
#include <cstdio>
#include <functional>
#include <map>
#include <memory>
#include <mutex>

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

std::string dump(const nlohmann::json& j) {
    // Replacement on invalid UTF-8 instead of an exception, as send_json does.
    return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// The fixed beginning of GET /events/{id}'s answer: {"event":E (E in one language, or all).
std::string event_prefix(const Event& ev, const std::optional<std::string>& lang) {
    return "{\"event\":" + dump(lang ? to_json(in_language(ev, *lang)) : to_json(ev));
}

// An event's text in one language (or all): its beginning, and the open streams made from it on
// the first request that accepts an encoding (once; see Variants in encoding.hpp for why not at
// start-up).
struct EventText {
    std::string prefix;
    std::once_flag once;
    OpenStreams streams;

    const OpenStreams& open() {
        std::call_once(once, [this] { streams = open_streams(prefix); });
        return streams;
    }
};

// "<event id>|<lang>" ("" for every language) -> its text.
using EventTexts = std::map<std::string, std::unique_ptr<EventText>>;

std::shared_ptr<EventTexts> event_texts(const EventCatalog& events) {
    auto texts = std::make_shared<EventTexts>();
    auto add = [&](const std::string& key, std::string prefix) {
        auto text = std::make_unique<EventText>();
        text->prefix = std::move(prefix);
        texts->emplace(key, std::move(text));
    };
    for (const auto& ev : events.all()) {
        add(ev.id + "|", event_prefix(ev, std::nullopt));
        for (const auto& lang : catalog_languages()) add(ev.id + "|" + lang, event_prefix(ev, lang));
    }
    return texts;
}

// The answer: the text's compressed beginning closed with the fresh end, in the encoding the
// request accepts; a language without a catalog (answered in English's fallback texts) is rare
// and goes out uncompressed rather than compressed per request. The ETag covers both parts;
// Cache-Control no-cache, so a browser or the service worker may keep it but asks.
void send_event(const httplib::Request& req, httplib::Response& res, EventText* text, const std::string& prefix,
                const std::string& end) {
    const Encoding e = text ? negotiate(req) : Encoding::identity;
    const std::string& begin = text ? text->prefix : prefix;
    char tag[48];
    std::snprintf(tag, sizeof tag, "\"%016zx%016zx%s\"", std::hash<std::string>{}(begin), std::hash<std::string>{}(end),
                  e == Encoding::br ? "-br" : e == Encoding::gzip ? "-gz" : "");
    add_vary(res, "Accept-Encoding");
    res.set_header("Cache-Control", "no-cache");
    res.set_header("X-Content-Type-Options", "nosniff");
    res.set_header("ETag", tag);
    if (none_match_hits(req, tag)) {
        res.status = 304;
        return;
    }
    res.status = 200;
    std::string body;
    if (e == Encoding::br) body = close_brotli(text->open(), end);
    else if (e == Encoding::gzip) body = close_gzip(text->open(), end);
    else body = begin + end;
    if (e != Encoding::identity) res.set_header("Content-Encoding", e == Encoding::br ? "br" : "gzip");
    set_body(res, std::make_shared<const std::string>(std::move(body)), "application/json; charset=utf-8");
}

// GET /events: every event's text (made at start-up) with its availability, then the server
// time. Everything but the time changes only with a sign-up or a deadline, so the list's
// beginning is compressed once per content and language and kept until it differs; the time is
// appended fresh (issue 13: the list went out uncompressed).
class EventLists {
public:
    // The list's text before the server time, {"events":[...], or nullopt when a count could
    // not be read.
    static std::optional<std::string> beginning(Context& ctx, const EventTexts& texts, UnixTime now,
                                                const std::optional<std::string>& lang) {
        std::string out = "{\"events\":[";
        for (const auto& ev : ctx.events.all()) {
            auto counts = ctx.store->counts(ev.id);
            if (std::holds_alternative<DbError>(counts)) return std::nullopt;
            const auto& n = std::get<Store::Counts>(counts);
            const auto it = texts.find(ev.id + "|" + lang.value_or(""));
            if (out.back() != '[') out += ',';
            out += it != texts.end() ? it->second->prefix : event_prefix(ev, lang);
            out += ",\"availability\":" + dump(to_json(availability(ev, n.confirmed, n.waitlisted, now))) + "}";
        }
        return out + "]";
    }

    // The text for this beginning: the kept one while the list has not changed.
    std::shared_ptr<EventText> text_for(const std::string& lang_key, std::string begin) {
        std::lock_guard<std::mutex> lock(mutex_);
        auto& kept = by_lang_[lang_key];
        if (!kept || kept->prefix != begin) {
            kept = std::make_shared<EventText>();
            kept->prefix = std::move(begin);
        }
        return kept;
    }

private:
    std::mutex mutex_;
    std::map<std::string, std::shared_ptr<EventText>> by_lang_; // "" for every language
};

} // namespace

void add_event_routes(httplib::Server& svr, Context& ctx) {
    auto texts = event_texts(ctx.events);
    auto lists = std::make_shared<EventLists>();
    svr.Get("/api/v1/events", [&ctx, texts, lists](const httplib::Request& req, httplib::Response& res) {
        const LangQuery q = lang_query(req);
        if (!q.valid) return send_error(res, 400, "request.invalid");
        const UnixTime now = ctx.clock();
        auto begin = EventLists::beginning(ctx, *texts, now, q.lang);
        if (!begin) return send_error(res, 500, "internal.error");
        const std::string end = ",\"server_time\":" + dump(server_time(now)) + "}";
        // Lists are kept for the catalog languages only (another code goes out uncompressed, as
        // send_event does for one event): made-up codes cannot grow the cache.
        const auto& langs = catalog_languages();
        if (q.lang && std::find(langs.begin(), langs.end(), *q.lang) == langs.end())
            return send_event(req, res, nullptr, *begin, end);
        auto text = lists->text_for(q.lang.value_or(""), std::move(*begin));
        send_event(req, res, text.get(), {}, end);
    });

    svr.Get(R"(/api/v1/events/([^/]{1,200}))", [&ctx, texts](const httplib::Request& req, httplib::Response& res) {
        const Event* ev = ctx.events.find(req.matches[1].str());
        if (!ev) return send_error(res, 404, "event.not_found");
        const LangQuery q = lang_query(req);
        if (!q.valid) return send_error(res, 400, "request.invalid");
        const UnixTime now = ctx.clock();
        auto counts = ctx.store->counts(ev->id);
        if (std::holds_alternative<DbError>(counts)) return send_error(res, 500, "internal.error");
        const auto& n = std::get<Store::Counts>(counts);
        const std::string end = ",\"availability\":" + dump(to_json(availability(*ev, n.confirmed, n.waitlisted, now))) +
                                ",\"server_time\":" + dump(server_time(now)) + "}";
        const auto it = texts->find(ev->id + "|" + q.lang.value_or(""));
        if (it != texts->end()) return send_event(req, res, it->second.get(), {}, end);
        send_event(req, res, nullptr, event_prefix(*ev, q.lang), end);
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
