// Reads the event and form files. Untrusted only in the sense of "typo-prone": a bad file
// stops start-up with a message instead of serving half the events.
#include "event_catalog.hpp"

#include "deltag/demo.hpp"
#include "deltag/registration.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace deltag::server {

namespace fs = std::filesystem;

namespace {

std::vector<fs::path> json_files(const fs::path& dir, std::string& problem) {
    std::vector<fs::path> out;
    std::error_code ec;
    fs::directory_iterator it(dir, ec);
    if (ec) {
        problem = dir.string() + ": cannot read the directory (" + ec.message() + ")";
        return out;
    }
    for (const auto& entry : it)
        if (entry.path().extension() == ".json") out.push_back(entry.path());
    std::sort(out.begin(), out.end());
    return out;
}

std::variant<nlohmann::json, std::string> read_json(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) return file.string() + ": cannot open the file";
    std::stringstream ss;
    ss << in.rdbuf();
    auto parsed = parse_strict_json(ss.str());
    if (!parsed.ok())
        return file.string() + ": not valid JSON (" + parsed.errors.front().code + ")";
    return std::move(parsed.value);
}

std::string describe(const fs::path& file, const Errors& errors) {
    std::string msg = file.string() + ":";
    for (const auto& e : errors) {
        msg += " field \"" + (e.field.empty() ? std::string("(top level)") : e.field) + "\": " + e.code;
        for (const auto& [k, v] : e.params) msg += " " + k + "=" + v;
        msg += ";";
    }
    msg.pop_back();
    return msg;
}

} // namespace

std::variant<EventCatalog, std::string> EventCatalog::load(const std::string& dir, bool demo,
                                                           UnixTime now) {
    std::string problem;
    std::vector<Form> forms;
    const fs::path forms_dir = fs::path(dir) / "forms";
    if (fs::exists(forms_dir)) {
        for (const auto& file : json_files(forms_dir, problem)) {
            auto j = read_json(file);
            if (auto* err = std::get_if<std::string>(&j)) return *err;
            auto form = parse_form(std::get<nlohmann::json>(j));
            if (!form.ok()) return describe(file, form.errors);
            forms.push_back(std::move(form.value));
        }
        if (!problem.empty()) return problem;
    }
    std::vector<Event> events;
    for (const auto& file : json_files(fs::path(dir) / "events", problem)) {
        auto j = read_json(file);
        if (auto* err = std::get_if<std::string>(&j)) return *err;
        const auto& json = std::get<nlohmann::json>(j);
        auto event = parse_event(json, forms);
        if (!event.ok()) return describe(file, event.errors);
        if (demo) rebase_for_demo(event.value, json, now);
        for (const auto& other : events)
            if (other.id == event.value.id)
                return file.string() + ": field \"id\": event.id_duplicate (" + other.id + ")";
        events.push_back(std::move(event.value));
    }
    if (!problem.empty()) return problem;
    return from_events(std::move(events));
}

EventCatalog EventCatalog::from_events(std::vector<Event> events) {
    std::stable_sort(events.begin(), events.end(), [](const Event& a, const Event& b) {
        const UnixTime sa = a.sessions.empty() ? 0 : a.sessions.front().start_utc;
        const UnixTime sb = b.sessions.empty() ? 0 : b.sessions.front().start_utc;
        return sa < sb;
    });
    EventCatalog c;
    c.events_ = std::move(events);
    return c;
}

const Event* EventCatalog::find(std::string_view id) const {
    for (const auto& e : events_)
        if (e.id == id) return &e;
    return nullptr;
}

UnixTime last_session_end(const Event& e) {
    UnixTime end = 0;
    for (const auto& s : e.sessions) end = std::max(end, s.end_utc);
    return end;
}

} // namespace deltag::server
