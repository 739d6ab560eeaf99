// Tests of localize.hpp: one language's view of a text and of a whole event (the server's
// GET /api/v1/events?lang= answers), with pick's fallback, read back by parse_event.
#include "deltag/localize.hpp"

#include "demo_files.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

using namespace deltag;
using nlohmann::json;
using deltag::test_files::demo_json_files;
using deltag::test_files::read_file;

namespace {

std::vector<Event> demo_events() {
    std::vector<Form> forms;
    for (const auto& path : demo_json_files("forms"))
        forms.push_back(parse_form(json::parse(read_file(path), nullptr, false)).value);
    std::vector<Event> events;
    for (const auto& path : demo_json_files("events")) {
        auto parsed = parse_event(json::parse(read_file(path), nullptr, false), forms);
        REQUIRE(parsed.ok());
        events.push_back(std::move(parsed.value));
    }
    return events;
}

// The largest number of languages any localized text in the JSON has: an object whose keys are
// all language codes of the demo data is a localized text.
std::size_t most_languages(const json& j) {
    static const std::set<std::string> langs{"sv", "da", "en"};
    std::size_t most = 0;
    if (j.is_object()) {
        bool text = !j.empty();
        for (const auto& item : j.items())
            text = text && langs.count(item.key()) && item.value().is_string();
        if (text)
            most = j.size();
    }
    if (j.is_structured())
        for (const auto& child : j)
            most = std::max(most, most_languages(child));
    return most;
}

} // namespace

TEST_CASE("a text in one language keeps the text pick chooses, keyed by the language it is in") {
    struct Case {
        LocalizedText text;
        const char* lang;
        LocalizedText expected;
    };
    const LocalizedText all{{"sv", "Namn"}, {"da", "Navn"}, {"en", "Name"}};
    const Case cases[] = {
        {all, "da", {{"da", "Navn"}}},
        {all, "sv", {{"sv", "Namn"}}},
        {all, "fi", {{"sv", "Namn"}}},                          // Finnish: its chain, fi -> sv
        {all, "fit", {{"sv", "Namn"}}},                         // fit -> fi -> sv
        {{{"fi", "Nimi"}, {"sv", "Namn"}}, "fit", {{"fi", "Nimi"}}},
        {all, "de", {{"da", "Navn"}}},                          // de -> da
        {all, "pl", {{"en", "Name"}}},                          // no chain: English
        {{{"sv", "Namn"}, {"da", "Navn"}}, "en", {{"sv", "Namn"}}}, // then Swedish
        {{{"da", "Navn"}}, "sv", {{"da", "Navn"}}},             // then Danish
        {{{"se", "Nama"}}, "sv", {{"se", "Nama"}}},             // then any
        {{{"sv", ""}, {"en", "Name"}}, "sv", {{"en", "Name"}}}, // an empty text does not count
        {{{"sv", ""}}, "sv", {}},
        {{}, "sv", {}},
    };
    for (const auto& c : cases) {
        CAPTURE(c.lang);
        CHECK(in_language(c.text, c.lang) == c.expected);
    }
}

TEST_CASE("an event in one language has one text everywhere and the same rules and form") {
    const std::vector<Event> events = demo_events();
    REQUIRE(events.size() >= 6);
    std::size_t most_before = 0;
    for (const Event& full : events) {
        const json full_json = to_json(full);
        most_before = std::max(most_before, most_languages(full_json));
        for (const char* lang : {"sv", "da", "en"}) {
            CAPTURE(full.id);
            CAPTURE(lang);
            const Event one = in_language(full, lang);
            const json served = to_json(one);
            CHECK(most_languages(served) == 1);
            CHECK(pick(one.title, lang) == pick(full.title, lang));
            CHECK(pick(one.privacy, lang) == pick(full.privacy, lang));
            // What a client reads back is the same event apart from the texts.
            auto reread = parse_event(served);
            REQUIRE(reread.ok());
            CHECK(to_json(reread.value) == served);
            CHECK(served["capacity"] == full_json["capacity"]);
            CHECK(served["closes_at"] == full_json["closes_at"]);
            REQUIRE(one.form.fields.size() == full.form.fields.size());
            for (std::size_t i = 0; i < full.form.fields.size(); ++i) {
                const Field& f = full.form.fields[i];
                CHECK(one.form.fields[i].id == f.id);
                CHECK(one.form.fields[i].required == f.required);
                CHECK(pick(one.form.fields[i].label, lang) == pick(f.label, lang));
                CHECK(pick(one.form.fields[i].help, lang) == pick(f.help, lang));
                CHECK(pick(one.form.fields[i].consent_text, lang) == pick(f.consent_text, lang));
                REQUIRE(one.form.fields[i].options.size() == f.options.size());
                for (std::size_t k = 0; k < f.options.size(); ++k)
                    CHECK(pick(one.form.fields[i].options[k].label, lang) ==
                          pick(f.options[k].label, lang));
            }
        }
    }
    // The demo data really has texts in several languages, so the cut is tested, not assumed.
    CHECK(most_before >= 2);
}
