// Tests of the demo data (shared/demo): every file loads, a sample answer set validates, and
// each rule the seed announcements imply (seeds/README.md) is expressed in the data.
#include "deltag/demo.hpp"
#include "deltag/event.hpp"
#include "deltag/form.hpp"
#include "deltag/organisations.hpp"
#include "deltag/rules.hpp"
#include "deltag/validate.hpp"

#include "demo_files.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

using namespace deltag;
using nlohmann::json;
using deltag::test_files::demo_json_files;
using deltag::test_files::read_file;

namespace {

struct Demo {
    std::vector<Form> forms;
    std::map<std::string, Event> events;
    std::map<std::string, json> sources;
    std::map<std::string, std::string> file_names; // event id -> file stem
};

Demo load_demo() {
    Demo demo;
    for (const auto& path : demo_json_files("forms")) {
        auto parsed = parse_form(json::parse(read_file(path), nullptr, false));
        CAPTURE(path.string());
        for (const Error& e : parsed.errors)
            FAIL_CHECK(e.field << ": " << e.code);
        CHECK(parsed.value.id == path.stem().string());
        demo.forms.push_back(std::move(parsed.value));
    }
    for (const auto& path : demo_json_files("events")) {
        json source = json::parse(read_file(path), nullptr, false);
        auto parsed = parse_event(source, demo.forms);
        CAPTURE(path.string());
        for (const Error& e : parsed.errors)
            FAIL_CHECK(e.field << ": " << e.code);
        const std::string id = parsed.value.id;
        demo.file_names[id] = path.stem().string();
        demo.sources[id] = std::move(source);
        demo.events[id] = std::move(parsed.value);
    }
    return demo;
}

const Demo& demo() {
    static const Demo loaded = load_demo();
    return loaded;
}

const Event& event(const std::string& id) {
    auto it = demo().events.find(id);
    REQUIRE_MESSAGE(it != demo().events.end(), "no demo event " << id);
    return it->second;
}

const Field& field(const Event& e, const std::string& id) {
    const Field* f = e.form.find(id);
    REQUIRE_MESSAGE(f != nullptr, "no field " << id << " in form " << e.form_id);
    return *f;
}

std::vector<std::string> option_values(const Field& f) {
    std::vector<std::string> values;
    for (const Option& o : f.options)
        values.push_back(o.value);
    return values;
}

// A valid answer for every visible field, built from the field's own constraints.
json sample_answers(const Form& form) {
    json answers = json::object();
    for (const Field& f : form.fields) {
        if (!is_visible(form, f, answers))
            continue;
        switch (f.type) {
        case FieldType::text:
        case FieldType::textarea: {
            std::string text = "Exempel";
            if (f.min_length && text.size() < static_cast<std::size_t>(*f.min_length))
                text.resize(static_cast<std::size_t>(*f.min_length), 'x');
            answers[f.id] = text;
            break;
        }
        case FieldType::email:
            answers[f.id] = "namn@exempel.se";
            break;
        case FieldType::phone:
            answers[f.id] = "+46 70 123 45 67";
            break;
        case FieldType::number:
            answers[f.id] = f.min ? std::to_string(static_cast<long>(*f.min)) : "1";
            break;
        case FieldType::date:
            answers[f.id] = f.min_date.value_or("2026-01-15");
            break;
        case FieldType::select:
        case FieldType::radio:
            REQUIRE_FALSE(f.options.empty());
            answers[f.id] = f.options.front().value;
            break;
        case FieldType::checkbox:
        case FieldType::consent:
            answers[f.id] = true;
            break;
        case FieldType::checkbox_group: {
            json picked = json::array();
            const std::size_t n = static_cast<std::size_t>(std::max(1, f.min_selected.value_or(1)));
            for (std::size_t i = 0; i < n && i < f.options.size(); ++i)
                picked.push_back(f.options[i].value);
            answers[f.id] = picked;
            break;
        }
        case FieldType::organisation: {
            const std::string country = f.countries.empty() ? "se" : f.countries.front();
            const auto found = search_municipalities("", {country}, 1);
            REQUIRE(found.size() == 1);
            answers[f.id] = {{"country", country}, {"code", found.front()->code}};
            break;
        }
        }
    }
    return answers;
}

std::set<std::string> error_codes_of(const Validation& v, const std::string& field_id) {
    std::set<std::string> codes;
    for (const Error& e : v.errors)
        if (e.field == field_id)
            codes.insert(e.code);
    return codes;
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

const std::string roma = "erfarenhetsutbyte-romsk-inkludering";
const std::string elderly = "erfarenhetsutbyte-minoriteter-aldreomsorg";
const std::string reference_group = "referensgrupp-mot-rasism";
const std::string webinar = "webinar-covid-19-etniske-minoriteter";
const std::string launch = "lansering-gora-jamlikt";
const std::string knowledge = "kunskapsstod-diskriminering-minoriteter";

} // namespace

TEST_SUITE("demo data") {

    TEST_CASE("every demo form and event loads without errors") {
        CHECK(demo_json_files("forms").size() == 5);
        CHECK(demo_json_files("events").size() == 6);
        CHECK(demo().forms.size() == 5);
        CHECK(demo().events.size() == 6);
        for (const auto& [id, stem] : demo().file_names)
            CHECK(id == stem);
    }

    TEST_CASE("a sample answer set validates for every event") {
        for (const auto& entry : demo().events) {
            const std::string& id =
                entry.first; // not a binding: CAPTURE's lambda can't take one (clang 14)
            const Event& e = entry.second;
            for (const char* lang : {"sv", "da", "en"}) {
                CAPTURE(id);
                CAPTURE(lang);
                const Validation v = validate(e.form, sample_answers(e.form), lang);
                for (const Error& err : v.errors)
                    FAIL_CHECK(err.field << ": " << err.code);
                CHECK(v.ok());
            }
        }
    }

    TEST_CASE("every event speaks its default language and English, with privacy text in each") {
        for (const auto& entry : demo().events) {
            const std::string& id =
                entry.first; // not a binding: CAPTURE's lambda can't take one (clang 14)
            const Event& e = entry.second;
            CAPTURE(id);
            const json& source = demo().sources.at(id);
            const std::string lang = source.value("default_language", "");
            REQUIRE((lang == "sv" || lang == "da"));
            for (const LocalizedText* text :
                 {&e.title, &e.description, &e.audience, &e.organiser, &e.privacy}) {
                CHECK(text->count(lang) == 1);
                CHECK(text->count("en") == 1);
            }
            for (const Field& f : e.form.fields) {
                CAPTURE(f.id);
                CHECK(f.label.count(lang) == 1);
                CHECK(f.label.count("en") == 1);
            }
            for (const auto& entry : e.privacy) {
                const std::string& privacy_lang =
                    entry.first; // not a binding: CAPTURE's lambda can't take one (clang 14)
                const std::string& text = entry.second;
                CAPTURE(privacy_lang);
                const char* basis = privacy_lang == "sv"   ? "artikel 6.1 e"
                                    : privacy_lang == "da" ? "artikel 6, stk. 1, litra e"
                                                           : "Article 6(1)(e)";
                CHECK(contains(text, basis));
                CHECK(contains(text, e.contact.email));
                CHECK(contains(text, std::to_string(e.delete_after_days.value_or(-1))));
            }
            CHECK(e.delete_after_days.has_value());
        }
    }

    TEST_CASE(
        "demo contacts are role addresses on reserved example domains, never the named staff") {
        const char* named_people_and_real_addresses[] = {
            "Annika", "Rosendal", "arn@kl.dk", "Frykman",    "jonas.",
            "skl.se", "Knape",    "Labba",     "Moa Nordin", "regionvastmanland.se",
            "dikko",  "452 7",    "0768",
        };
        for (const auto& entry : demo().events) {
            const std::string& id =
                entry.first; // not a binding: CAPTURE's lambda can't take one (clang 14)
            const Event& e = entry.second;
            CAPTURE(id);
            const std::string at = "@";
            const std::string domain = e.contact.email.substr(e.contact.email.find(at) + 1);
            CHECK(domain.size() > 8);
            CHECK(domain.substr(domain.size() - 8) == ".example");
            CHECK(e.contact.phone.empty());
            const std::string all = demo().sources.at(id).dump();
            for (const char* bad : named_people_and_real_addresses) {
                CAPTURE(bad);
                CHECK_FALSE(contains(all, bad));
            }
        }
    }

    TEST_CASE("at least one demo event is shown as closed") {
        int closed = 0;
        for (const auto& [id, source] : demo().sources)
            closed += source.contains("demo") && source["demo"].value("state", "") == "closed";
        CHECK(closed >= 1);
        CHECK(demo().sources.at(reference_group).value("/demo/state"_json_pointer, "") == "closed");
    }

    TEST_CASE("the closed demo event is closed and the others are open after rebasing") {
        const UnixTime now = 1767225600; // 2026-01-01T00:00:00Z
        for (const auto& entry : demo().events) {
            const std::string& id =
                entry.first; // not a binding: CAPTURE's lambda can't take one (clang 14)
            const Event& original = entry.second;
            CAPTURE(id);
            Event e = original;
            rebase_for_demo(e, demo().sources.at(id), now);
            const Availability a = availability(e, 0, 0, now);
            CHECK(a.state == (id == reference_group ? State::closed : State::open));
        }
    }

    // --- one test per rule of the seeds README table

    TEST_CASE("000: several events from one organiser") {
        std::map<std::string, int> per_organiser;
        for (const auto& [id, e] : demo().events)
            ++per_organiser[pick(e.organiser, demo().sources.at(id).value("default_language", ""))];
        CHECK(per_organiser["Socialstyrelsen"] == 2);
        CHECK(event(roma).organiser == event(elderly).organiser);
        CHECK(event(roma).title.at("sv") != event(elderly).title.at("sv"));
    }

    TEST_CASE("000: each experience exchange has its own audience text") {
        CHECK(contains(event(roma).audience.at("sv"), "socialtjänst eller äldreomsorg"));
        CHECK(contains(event(roma).audience.at("sv"), "romsk inkludering"));
        CHECK(contains(event(elderly).audience.at("sv"), "biståndshandläggare"));
        CHECK(contains(event(elderly).audience.at("en"), "needs assessors"));
        CHECK(event(roma).audience != event(elderly).audience);
    }

    TEST_CASE("000: the experience exchanges are online, at the announced times") {
        struct Case {
            std::string id, start, end;
        };
        const Case cases[] = {
            {roma, "2023-09-15T09:00:00+02:00", "2023-09-15T10:30:00+02:00"},
            {elderly, "2023-09-28T14:00:00+02:00", "2023-09-28T15:30:00+02:00"},
        };
        for (const Case& c : cases) {
            CAPTURE(c.id);
            const Event& e = event(c.id);
            REQUIRE(e.sessions.size() == 1);
            CHECK(e.sessions[0].start == c.start);
            CHECK(e.sessions[0].end == c.end);
            CHECK(e.sessions[0].venue.online_platform == "Microsoft Teams");
            CHECK(e.sessions[0].venue.address.empty());
            CHECK(e.sessions[0].venue.city.empty());
        }
    }

    TEST_CASE("000: questions can be sent in advance, and are optional") {
        for (const std::string& id : {roma, elderly}) {
            CAPTURE(id);
            const Field& questions = field(event(id), "questions");
            CHECK(questions.type == FieldType::textarea);
            CHECK_FALSE(questions.required);
            CHECK(questions.max_length == 2000);
            json answers = sample_answers(event(id).form);
            answers.erase("questions");
            CHECK(validate(event(id).form, answers, "sv").ok());
        }
    }

    TEST_CASE("001: the reference group is an application, not first come first served") {
        const Event& e = event(reference_group);
        CHECK(e.mode == Mode::application);
        CHECK_FALSE(e.capacity.has_value());
        const UnixTime before_deadline = e.closes_utc - 3600;
        CHECK(decide(e, Counts{500, 0, 0, false}, before_deadline).outcome == Outcome::received);
    }

    TEST_CASE("001: the eligibility criteria are checkboxes") {
        const Event& e = event(reference_group);
        const Field& racism = field(e, "racism_experience");
        CHECK(racism.type == FieldType::checkbox_group);
        CHECK(option_values(racism) ==
              std::vector<std::string>{"anti_muslim_racism", "antiziganism", "antisemitism",
                                       "anti_black_racism", "hatred_of_sami"});
        CHECK(racism.min_selected == 1);
        const Field& profession = field(e, "profession");
        CHECK(profession.type == FieldType::checkbox_group);
        CHECK(option_values(profession) ==
              std::vector<std::string>{"health_care", "dental_care", "social_services"});
        CHECK(profession.min_selected == 1);

        json answers = sample_answers(e.form);
        answers["profession"] = json::array();
        const Validation v = validate(e.form, answers, "sv");
        CHECK(error_codes_of(v, "profession") == std::set<std::string>{"field.required"});
    }

    TEST_CASE("001 and 002: registration has a deadline") {
        CHECK(event(reference_group).closes_at == "2025-04-25T23:59:00+02:00");
        CHECK(event(webinar).closes_at == "2020-11-30T23:59:00+01:00");
        const Event& e = event(reference_group);
        CHECK(decide(e, {}, e.closes_utc).code == "registration.closed");
        CHECK(decide(e, {}, e.closes_utc - 1).outcome == Outcome::received);
    }

    TEST_CASE("001: sensitive answers need a separate, explicit consent that names them") {
        const Event& e = event(reference_group);
        const Field& racism = field(e, "racism_experience");
        CHECK(racism.sensitive);
        const Field& consent = field(e, "consent_sensitive");
        CHECK(consent.type == FieldType::consent);
        CHECK(consent.required);
        CHECK(consent.sensitive);
        CHECK(consent.consent_version == "2025-03");
        CHECK(contains(consent.consent_text.at("sv"), "erfarenhet av rasism"));
        CHECK(contains(consent.consent_text.at("sv"), "etniskt ursprung"));
        CHECK(contains(consent.consent_text.at("sv"), "referensgruppen"));
        CHECK(contains(consent.consent_text.at("en"), "experience of racism"));
        CHECK(contains(consent.consent_text.at("en"), "withdraw"));
        CHECK(contains(e.privacy.at("sv"), "artikel 9.2 a"));
        CHECK(contains(e.privacy.at("en"), "Article 9(2)(a)"));

        // Not ticked is not consent: the box is never pre-ticked and must be ticked.
        json answers = sample_answers(e.form);
        answers.erase("consent_sensitive");
        CHECK(error_codes_of(validate(e.form, answers, "sv"), "consent_sensitive") ==
              std::set<std::string>{"consent.required"});
        answers["consent_sensitive"] = false;
        CHECK(error_codes_of(validate(e.form, answers, "sv"), "consent_sensitive") ==
              std::set<std::string>{"consent.required"});

        // Minimised: the only sensitive answers are yes/no boxes, never free text.
        for (const Field& f : e.form.fields) {
            CAPTURE(f.id);
            if (f.sensitive)
                CHECK((f.type == FieldType::checkbox_group || f.type == FieldType::consent));
            CHECK(f.type != FieldType::textarea);
        }
    }

    TEST_CASE("002: first come first served with a limit per organisation and a waiting list") {
        const Event& e = event(webinar);
        CHECK(e.mode == Mode::first_come);
        CHECK(e.capacity == 150);
        CHECK(e.waitlist);
        CHECK(e.max_per_organisation == 2);
        const Field& organisation = field(e, "organisation");
        CHECK(organisation.type == FieldType::organisation);
        CHECK(organisation.required);
        CHECK(organisation.countries == std::vector<std::string>{"dk"});

        const UnixTime open = e.closes_utc - 86400;
        CHECK(decide(e, Counts{10, 0, 1, false}, open).outcome == Outcome::confirmed);
        const Decision third = decide(e, Counts{10, 0, 2, false}, open);
        CHECK(third.outcome == Outcome::waitlisted);
        CHECK(third.reason == "organisation_limit");
        const Decision full = decide(e, Counts{150, 0, 0, false}, open);
        CHECK(full.outcome == Outcome::waitlisted);
        CHECK(full.reason == "capacity");

        // A housing organisation is not a municipality: it is entered as "other".
        json answers = sample_answers(e.form);
        answers["organisation"] = {{"other", "Boligselskabet Sjælland"}};
        CHECK(validate(e.form, answers, "da").ok());
        answers["organisation"] = {{"country", "dk"}, {"code", "101"}};
        CHECK(validate(e.form, answers, "da").ok());
        answers["organisation"] = {{"country", "se"}, {"code", "0180"}};
        CHECK(error_codes_of(validate(e.form, answers, "da"), "organisation") ==
              std::set<std::string>{"organisation.invalid"});
    }

    TEST_CASE(
        "002: the webinar is on 3 December 09:15-12:15 on Teams, and asks to give up a seat") {
        const Event& e = event(webinar);
        REQUIRE(e.sessions.size() == 1);
        CHECK(e.sessions[0].start == "2020-12-03T09:15:00+01:00");
        CHECK(e.sessions[0].end == "2020-12-03T12:15:00+01:00");
        CHECK(e.sessions[0].venue.online_platform == "Microsoft Teams");
        CHECK(contains(e.description.at("da"), "en anden kan overtage din plads"));
        CHECK(contains(e.description.at("en"), "someone else can take your place"));
        CHECK(contains(e.audience.at("da"), "team- og mellemledere"));
        CHECK(e.title.count("da") == 1);
    }

    TEST_CASE("003: one event with three sessions at two venues in two cities") {
        const Event& e = event(launch);
        REQUIRE(e.sessions.size() == 3);
        struct Case {
            const char* id;
            const char* start;
            const char* city;
        };
        const Case cases[] = {
            {"bibliotek", "2016-11-14T11:30:00+01:00", "Stockholm"},
            {"debatt", "2016-11-14T15:00:00+01:00", "Stockholm"},
            {"goteborg", "2016-11-16T13:50:00+01:00", "Göteborg"},
        };
        std::set<std::string> venues, cities;
        for (std::size_t i = 0; i < 3; ++i) {
            CAPTURE(i);
            const Session& s = e.sessions[i];
            CHECK(s.id == cases[i].id);
            CHECK(s.start == cases[i].start);
            CHECK(s.venue.city == cases[i].city);
            CHECK(s.venue.online_platform.empty());
            CHECK_FALSE(s.title.at("sv").empty());
            const std::string name = s.venue.name.at("sv");
            venues.insert(name.substr(0, name.find(',')));
            cities.insert(s.venue.city);
        }
        CHECK(venues == std::set<std::string>{"Kulturhuset", "Svenska mässan"});
        CHECK(cities.size() == 2);

        // The visitor picks sessions; the choices are the event's sessions.
        const Field& sessions = field(e, "sessions");
        CHECK(sessions.type == FieldType::checkbox_group);
        CHECK(option_values(sessions) ==
              std::vector<std::string>{"bibliotek", "debatt", "goteborg"});
        CHECK(sessions.min_selected == 1);
    }

    TEST_CASE("003: press registration asks for press credentials only from the press") {
        const Event& e = event(launch);
        const Field& role = field(e, "role");
        CHECK(role.type == FieldType::radio);
        CHECK(option_values(role) == std::vector<std::string>{"participant", "press"});
        const Field& press_card = field(e, "press_card");
        REQUIRE(press_card.visible_if.has_value());
        CHECK(press_card.visible_if->field == "role");
        CHECK(press_card.visible_if->values == std::vector<std::string>{"press"});
        CHECK(press_card.required);

        json answers = sample_answers(e.form);
        answers["role"] = "participant";
        CHECK_FALSE(is_visible(e.form, press_card, answers));
        CHECK(validate(e.form, answers, "sv").ok());

        answers["role"] = "press";
        CHECK(is_visible(e.form, press_card, answers));
        CHECK(error_codes_of(validate(e.form, answers, "sv"), "press_card") ==
              std::set<std::string>{"field.required"});
        answers["press_card"] = "Svenska Journalistförbundet 12345";
        CHECK(validate(e.form, answers, "sv").ok());
    }

    TEST_CASE("004: the audience is public bodies and names the minority languages") {
        const Event& e = event(knowledge);
        for (const char* word : {"kommuner", "regioner", "myndigheter", "finska", "meänkieli",
                                 "samiska", "romani chib", "jiddisch"}) {
            CAPTURE(word);
            CHECK(contains(e.audience.at("sv"), word));
        }
        for (const char* word : {"municipalities", "regions", "agencies", "Finnish", "Meänkieli",
                                 "Sami", "Romani Chib", "Yiddish"}) {
            CAPTURE(word);
            CHECK(contains(e.audience.at("en"), word));
        }
        const Field& organisation = field(e, "organisation");
        CHECK(organisation.countries == std::vector<std::string>{"se"});
        json answers = sample_answers(e.form);
        answers["organisation"] = {{"country", "se"}, {"code", "2584"}}; // Kiruna
        CHECK(validate(e.form, answers, "sv").ok());
        CHECK(e.organiser.at("sv") == "Länsstyrelsen Stockholm och Sametinget");
    }

} // TEST_SUITE
