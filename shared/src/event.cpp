// Events: strict parsing of event JSON (form by reference or inline, sessions sorted by
// start, closes_at required) and serialisation with the form inline. No exceptions.
#include "deltag/event.hpp"
#include "deltag/catalog.hpp"
#include "deltag/small_sort.hpp"

#include "json_read.hpp"

#include <algorithm>

namespace deltag {

using detail::ObjectReader;
using nlohmann::json;

namespace {

bool valid_event_id(std::string_view id) {
    if (id.empty() || id.size() > 100)
        return false;
    return std::all_of(id.begin(), id.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    });
}

// Reads an ISO 8601 time with offset; records event.time_invalid when malformed.
std::optional<UnixTime> read_time(ObjectReader& r, std::string_view key, std::string& text,
                                  bool required) {
    const auto s = r.string(key, required);
    if (!s)
        return std::nullopt;
    const auto t = parse_iso8601(*s);
    if (!t) {
        r.fail(key, "event.time_invalid", "value", *s);
        return std::nullopt;
    }
    text = *s;
    return t;
}

std::optional<int> positive(ObjectReader& r, std::string_view key) {
    const auto v = r.integer(key);
    if (v && *v < 1) {
        r.fail(key, "event.number_invalid", "min", "1");
        return std::nullopt;
    }
    return v;
}

Venue read_venue(const json& j, const std::string& path, Errors& errors) {
    Venue v;
    ObjectReader r(j, path, "event", errors);
    if (!r.ok())
        return v;
    r.only({"name", "address", "city", "online_platform"});
    v.name = r.text("name").value_or(LocalizedText{});
    v.address = r.string("address").value_or("");
    v.city = r.string("city").value_or("");
    v.online_platform = r.string("online_platform").value_or("");
    return v;
}

Session read_session(const json& j, const std::string& path, Errors& errors) {
    Session s;
    ObjectReader r(j, path, "event", errors);
    if (!r.ok())
        return s;
    r.only({"id", "title", "start", "end", "venue"});
    s.id = r.string("id", true).value_or("");
    s.title = r.text("title").value_or(LocalizedText{});
    const auto start = read_time(r, "start", s.start, true);
    const auto end = read_time(r, "end", s.end, true);
    if (start)
        s.start_utc = *start;
    if (end)
        s.end_utc = *end;
    if (start && end && *end < *start)
        r.fail("end", "event.time_order");
    if (const json* venue = r.get("venue"))
        s.venue = read_venue(*venue, r.path("venue"), errors);
    return s;
}

void prefix_errors(Errors& into, Errors from, const std::string& prefix) {
    for (auto& e : from) {
        e.field = e.field.empty() ? prefix : prefix + "." + e.field;
        into.push_back(std::move(e));
    }
}

} // namespace

Result<Event> parse_event(const json& j, const std::vector<Form>& forms) {
    Result<Event> out;
    Event& e = out.value;
    ObjectReader r(j, "", "event", out.errors);
    if (!r.ok())
        return out;
    r.only({"id", "organiser", "title", "description", "audience", "sessions", "capacity",
            "opens_at", "closes_at", "mode", "waitlist", "max_per_organisation", "contact", "form",
            "delete_after_days", "privacy", "default_language", "demo", "join_url",
            "reminder_days_before"});
    e.id = r.string("id", true).value_or("");
    if (!e.id.empty() && !valid_event_id(e.id))
        r.fail("id", "event.id_invalid", "id", e.id);
    e.organiser = r.text("organiser").value_or(LocalizedText{});
    e.title = r.text("title", true).value_or(LocalizedText{});
    e.description = r.text("description").value_or(LocalizedText{});
    e.audience = r.text("audience").value_or(LocalizedText{});

    if (const json* sessions = r.get("sessions"); !sessions) {
        r.missing("sessions");
    } else if (!sessions->is_array()) {
        r.wrong_type("sessions", "array");
    } else {
        if (sessions->empty())
            r.missing("sessions");
        for (std::size_t i = 0; i < sessions->size(); ++i) {
            const std::string path = detail::index_path("sessions", i);
            Session s = read_session((*sessions)[i], path, out.errors);
            const bool duplicate =
                !s.id.empty() && std::any_of(e.sessions.begin(), e.sessions.end(),
                                             [&](const Session& o) { return o.id == s.id; });
            if (duplicate)
                out.errors.push_back({path + ".id", "event.session_id_duplicate", {{"id", s.id}}});
            e.sessions.push_back(std::move(s));
        }
        stable_sort_small(
            e.sessions.begin(), e.sessions.end(),
            [](const Session& a, const Session& b) { return a.start_utc < b.start_utc; });
    }

    e.capacity = positive(r, "capacity");
    e.opens_utc = read_time(r, "opens_at", e.opens_at, false);
    if (const auto closes = read_time(r, "closes_at", e.closes_at, true))
        e.closes_utc = *closes;
    if (e.opens_utc && !e.closes_at.empty() && *e.opens_utc >= e.closes_utc)
        r.fail("closes_at", "event.time_order");

    if (const auto mode = r.string("mode")) {
        if (*mode == "first_come")
            e.mode = Mode::first_come;
        else if (*mode == "application")
            e.mode = Mode::application;
        else
            r.fail("mode", "event.mode_unknown", "mode", *mode);
    }
    e.waitlist = r.boolean("waitlist").value_or(false);
    e.max_per_organisation = positive(r, "max_per_organisation");
    e.delete_after_days = positive(r, "delete_after_days");
    e.privacy = r.text("privacy").value_or(LocalizedText{});
    e.join_url = r.string("join_url").value_or("");
    if (!e.join_url.empty() && e.join_url.rfind("https://", 0) != 0)
        r.fail("join_url", "event.join_url_invalid", "value", e.join_url);
    if (const auto days = r.integer("reminder_days_before")) {
        if (*days < 0 || *days > 60)
            r.fail("reminder_days_before", "event.number_invalid", "min", "0");
        else
            e.reminder_days_before = static_cast<int>(*days);
    }
    e.default_language = r.string("default_language").value_or("");
    if (!e.default_language.empty() && !has_catalog(e.default_language))
        r.fail("default_language", "event.language_unknown", "language", e.default_language);

    if (const json* contact = r.get("contact")) {
        ObjectReader c(*contact, r.path("contact"), "event", out.errors);
        if (c.ok()) {
            c.only({"name", "email", "phone"});
            e.contact.name = c.string("name").value_or("");
            e.contact.email = c.string("email").value_or("");
            e.contact.phone = c.string("phone").value_or("");
        }
    }
    if (const json* demo = r.get("demo")) {
        ObjectReader d(*demo, r.path("demo"), "event", out.errors);
        if (d.ok()) {
            d.only({"state"});
            d.string("state");
        }
    }

    const json* form = r.get("form");
    if (!form) {
        r.missing("form");
    } else if (form->is_string()) {
        e.form_id = form->get_ref<const std::string&>();
        const auto it = std::find_if(forms.begin(), forms.end(),
                                     [&](const Form& f) { return f.id == e.form_id; });
        if (it == forms.end())
            r.fail("form", "event.form_unknown", "form", e.form_id);
        else
            e.form = *it;
    } else if (form->is_object()) {
        auto parsed = parse_form(*form);
        prefix_errors(out.errors, std::move(parsed.errors), "form");
        e.form = std::move(parsed.value);
        e.form_id = e.form.id;
    } else {
        r.wrong_type("form", "string or object");
    }
    if (e.max_per_organisation &&
        std::none_of(e.form.fields.begin(), e.form.fields.end(),
                     [](const Field& f) { return f.type == FieldType::organisation; }) &&
        form && out.errors.empty())
        r.fail("max_per_organisation", "event.organisation_field_missing");
    return out;
}

json to_json(const Event& e) {
    json sessions = json::array();
    for (const Session& s : e.sessions) {
        json o = {{"id", s.id}, {"start", s.start}, {"end", s.end}};
        if (!s.title.empty())
            o["title"] = detail::to_json(s.title);
        o["venue"] = {{"name", detail::to_json(s.venue.name)},
                      {"address", s.venue.address},
                      {"city", s.venue.city},
                      {"online_platform", s.venue.online_platform}};
        sessions.push_back(std::move(o));
    }
    json out = {
        {"id", e.id},
        {"organiser", detail::to_json(e.organiser)},
        {"title", detail::to_json(e.title)},
        {"description", detail::to_json(e.description)},
        {"audience", detail::to_json(e.audience)},
        {"sessions", std::move(sessions)},
        {"capacity", e.capacity ? json(*e.capacity) : json(nullptr)},
        {"closes_at", e.closes_at},
        {"mode", e.mode == Mode::application ? "application" : "first_come"},
        {"waitlist", e.waitlist},
        {"contact",
         {{"name", e.contact.name}, {"email", e.contact.email}, {"phone", e.contact.phone}}},
        {"form", to_json(e.form)},
        {"privacy", detail::to_json(e.privacy)}};
    if (!e.opens_at.empty())
        out["opens_at"] = e.opens_at;
    if (e.max_per_organisation)
        out["max_per_organisation"] = *e.max_per_organisation;
    if (e.delete_after_days)
        out["delete_after_days"] = *e.delete_after_days;
    if (!e.default_language.empty())
        out["default_language"] = e.default_language;
    return out;
}

} // namespace deltag
