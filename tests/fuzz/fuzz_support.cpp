// Loads the events once per fuzz process and implements the shared checks.
#include "fuzz_support.hpp"

#include "deltag/catalog.hpp"
#include "deltag/registration.hpp"
#include "event_catalog.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <set>
#include <sstream>
#include <variant>

namespace deltag::fuzz {

namespace {

void add_events(std::vector<Event>& out, const std::string& dir) {
    auto loaded = server::EventCatalog::load(dir, false, 0);
    if (auto* problem = std::get_if<std::string>(&loaded)) {
        std::fprintf(stderr, "fuzz: cannot load %s: %s\n", dir.c_str(), problem->c_str());
        std::abort();
    }
    for (const auto& e : std::get<server::EventCatalog>(loaded).all()) out.push_back(e);
}

void add_forms(std::vector<Form>& out, const std::filesystem::path& dir) {
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(dir))
        if (entry.path().extension() == ".json") files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    for (const auto& file : files) {
        std::ifstream in(file, std::ios::binary);
        std::stringstream text;
        text << in.rdbuf();
        auto j = parse_strict_json(text.str());
        check(j.ok(), "a demo form file parses", file.string());
        auto form = parse_form(j.value);
        check(form.ok(), "a demo form file is a valid form", file.string());
        out.push_back(std::move(form.value));
    }
}

} // namespace

const std::vector<Event>& known_events() {
    static const std::vector<Event> events = [] {
        std::vector<Event> out;
        add_events(out, DELTAG_SOURCE_DIR "/shared/demo");
        add_events(out, DELTAG_SOURCE_DIR "/tests/server/fixtures");
        std::sort(out.begin(), out.end(), [](const Event& a, const Event& b) { return a.id < b.id; });
        check(!out.empty(), "the demo events load");
        return out;
    }();
    return events;
}

const Event& event_for(std::string_view id) {
    const auto& events = known_events();
    for (const auto& e : events)
        if (e.id == id) return e;
    return events[std::hash<std::string_view>{}(id) % events.size()];
}

const std::vector<Form>& known_forms() {
    static const std::vector<Form> forms = [] {
        std::vector<Form> out;
        add_forms(out, DELTAG_SOURCE_DIR "/shared/demo/forms");
        add_forms(out, DELTAG_SOURCE_DIR "/tests/server/fixtures/forms");
        return out;
    }();
    return forms;
}

void check(bool ok, const char* invariant) { check(ok, invariant, {}); }

void check(bool ok, const char* invariant, std::string_view detail) {
    if (ok) return;
    std::fprintf(stderr, "fuzz: invariant broken: %s\n", invariant);
    if (!detail.empty())
        std::fprintf(stderr, "fuzz: detail: %.*s\n", static_cast<int>(detail.size()), detail.data());
    std::abort();
}

void check_codes(const Errors& errors, const char* where) {
    static const std::set<std::string> codes(error_codes().begin(), error_codes().end());
    for (const auto& e : errors) {
        check(!e.code.empty(), where, "an error without a code");
        check(codes.count(e.code) == 1, where, "an error code with no catalog message: " + e.code);
    }
}

} // namespace deltag::fuzz
