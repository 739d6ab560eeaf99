// Tests of form.hpp: strict parsing with path-named errors, round trip, visibility chains.
#include "deltag/form.hpp"

#include <doctest/doctest.h>

using namespace deltag;
using nlohmann::json;

namespace {

json valid_form() {
    return json::parse(R"({"id": "f", "fields": [
      {"id": "name", "type": "text", "label": {"sv": "Namn", "en": "Name"}, "required": true,
       "max_length": 200, "autocomplete": "name", "help": {"sv": "För- och efternamn"}},
      {"id": "email", "type": "email", "label": {"sv": "E-post"}, "required": true, "unique_per_event": true},
      {"id": "age", "type": "number", "label": {"sv": "Ålder"}, "min": 18, "max": 99.5},
      {"id": "day", "type": "date", "label": {"sv": "Dag"}, "min_date": "2026-01-01", "max_date": "2026-12-31"},
      {"id": "role", "type": "radio", "label": {"sv": "Roll"},
       "options": [{"value": "leader", "label": {"sv": "Chef"}}, {"value": "press", "label": {"sv": "Press"}}]},
      {"id": "press_card", "type": "text", "label": {"sv": "Presskort"}, "required": true,
       "visible_if": {"field": "role", "values": ["press"]}},
      {"id": "criteria", "type": "checkbox_group", "label": {"sv": "Kriterier"}, "min_selected": 1, "max_selected": 2,
       "sensitive": true, "options": [{"value": "a", "label": {"sv": "A"}}, {"value": "b", "label": {"sv": "B"}}]},
      {"id": "consent_sensitive", "type": "consent", "label": {"sv": "Samtycke"}, "required": true,
       "consent_text": {"sv": "Jag samtycker"}, "consent_version": "2026-01"},
      {"id": "org", "type": "organisation", "label": {"sv": "Organisation"}, "countries": ["se"]}
    ]})");
}

} // namespace

TEST_CASE("a complete form parses into typed fields") {
    const auto r = parse_form(valid_form());
    REQUIRE(r.ok());
    const Form& f = r.value;
    CHECK(f.id == "f");
    REQUIRE(f.fields.size() == 9);
    CHECK(f.fields[0].type == FieldType::text);
    CHECK(f.fields[0].max_length == 200);
    CHECK(f.fields[0].help.at("sv") == "För- och efternamn");
    CHECK(f.fields[1].unique_per_event);
    CHECK(f.fields[2].min == 18.0);
    CHECK(f.fields[2].max == 99.5);
    CHECK(f.fields[3].min_date == std::string("2026-01-01"));
    CHECK(f.fields[4].options.size() == 2);
    REQUIRE(f.fields[5].visible_if.has_value());
    CHECK(f.fields[5].visible_if->field == "role");
    CHECK(f.fields[6].sensitive);
    CHECK(f.fields[7].consent_version == "2026-01");
    CHECK(f.fields[8].countries == std::vector<std::string>{"se"});
    CHECK(f.find("press_card") == &f.fields[5]);
    CHECK(f.find("nope") == nullptr);
}

TEST_CASE("every field type name maps both ways") {
    const char* names[] = {"text",     "textarea",       "email",   "phone",
                           "number",   "date",           "select",  "radio",
                           "checkbox", "checkbox_group", "consent", "organisation"};
    for (const char* name : names) {
        CAPTURE(name);
        const auto t = field_type_from_string(name);
        REQUIRE(t.has_value());
        CHECK(std::string(to_string(*t)) == name);
    }
    CHECK_FALSE(field_type_from_string("Text").has_value());
}

TEST_CASE("a form survives to_json and parse_form unchanged") {
    const auto first = parse_form(valid_form());
    REQUIRE(first.ok());
    const json once = to_json(first.value);
    const auto second = parse_form(once);
    REQUIRE(second.ok());
    CHECK(to_json(second.value) == once);
    CHECK(once["fields"][2]["min"] == 18);
    CHECK(once["fields"][2]["max"] == 99.5);
}

TEST_CASE("form errors name the JSON path and a stable code") {
    struct Case {
        const char* name;
        const char* fields; // JSON array text
        const char* path;
        const char* code;
    };
    const Case cases[] = {
        {"unknown key", R"([{"id": "a", "type": "text", "label": {"sv": "A"}, "colour": "red"}])",
         "fields[0].colour", "form.unknown_key"},
        {"unknown type", R"([{"id": "a", "type": "slider", "label": {"sv": "A"}}])",
         "fields[0].type", "form.field_type_unknown"},
        {"duplicate id",
         R"([{"id": "a", "type": "text", "label": {"sv": "A"}}, {"id": "a", "type": "text", "label": {"sv": "B"}}])",
         "fields[1].id", "form.field_id_duplicate"},
        {"bad id", R"([{"id": "A b", "type": "text", "label": {"sv": "A"}}])", "fields[0].id",
         "form.field_id_invalid"},
        {"missing id", R"([{"type": "text", "label": {"sv": "A"}}])", "fields[0].id",
         "form.field_missing"},
        {"missing label", R"([{"id": "a", "type": "text"}])", "fields[0].label",
         "form.field_missing"},
        {"label not text", R"([{"id": "a", "type": "text", "label": "A"}])", "fields[0].label",
         "form.invalid"},
        {"label value not string", R"([{"id": "a", "type": "text", "label": {"sv": 1}}])",
         "fields[0].label.sv", "form.invalid"},
        {"required not bool",
         R"([{"id": "a", "type": "text", "label": {"sv": "A"}, "required": "yes"}])",
         "fields[0].required", "form.invalid"},
        {"max_length not int",
         R"([{"id": "a", "type": "text", "label": {"sv": "A"}, "max_length": 2.5}])",
         "fields[0].max_length", "form.invalid"},
        {"min above max",
         R"([{"id": "a", "type": "text", "label": {"sv": "A"}, "min_length": 5, "max_length": 2}])",
         "fields[0].min_length", "form.range_invalid"},
        {"bad date bound",
         R"([{"id": "a", "type": "date", "label": {"sv": "A"}, "min_date": "2026-02-30"}])",
         "fields[0].min_date", "form.date_invalid"},
        {"choice without options", R"([{"id": "a", "type": "select", "label": {"sv": "A"}}])",
         "fields[0].options", "form.options_missing"},
        {"duplicate option",
         R"([{"id": "a", "type": "radio", "label": {"sv": "A"}, "options": [{"value": "x", "label": {"sv": "X"}}, {"value": "x", "label": {"sv": "Y"}}]}])",
         "fields[0].options[1].value", "form.option_duplicate"},
        {"unknown option key",
         R"([{"id": "a", "type": "radio", "label": {"sv": "A"}, "options": [{"value": "x", "label": {"sv": "X"}, "x": 1}]}])",
         "fields[0].options[0].x", "form.unknown_key"},
        {"visible_if forward",
         R"([{"id": "a", "type": "text", "label": {"sv": "A"}, "visible_if": {"field": "b", "values": ["x"]}}, {"id": "b", "type": "text", "label": {"sv": "B"}}])",
         "fields[0].visible_if.field", "form.visible_if_invalid"},
        {"visible_if without values",
         R"([{"id": "b", "type": "text", "label": {"sv": "B"}}, {"id": "a", "type": "text", "label": {"sv": "A"}, "visible_if": {"field": "b"}}])",
         "fields[1].visible_if.values", "form.field_missing"},
        {"consent without version", R"([{"id": "a", "type": "consent", "label": {"sv": "A"}}])",
         "fields[0].consent_version", "form.field_missing"},
        {"unknown country",
         R"([{"id": "a", "type": "organisation", "label": {"sv": "A"}, "countries": ["no"]}])",
         "fields[0].countries", "form.country_unknown"},
        {"field not object", R"([42])", "fields[0]", "form.invalid"},
    };
    for (const auto& c : cases) {
        const std::string captured = c.name;
        CAPTURE(captured);
        json j = {{"id", "f"}, {"fields", json::parse(c.fields)}};
        const auto r = parse_form(j);
        REQUIRE(r.errors.size() == 1);
        CHECK(r.errors[0].field == c.path);
        CHECK(r.errors[0].code == c.code);
    }
}

TEST_CASE("a form must be an object with id and fields and no other keys") {
    CHECK(parse_form(json::array()).errors.at(0).code == "form.invalid");
    auto r = parse_form(json{{"id", "f"}});
    REQUIRE(r.errors.size() == 1);
    CHECK(r.errors[0].field == "fields");
    CHECK(r.errors[0].code == "form.field_missing");
    r = parse_form(json{{"id", "f"}, {"fields", json::array()}, {"title", "x"}});
    REQUIRE(r.errors.size() == 1);
    CHECK(r.errors[0].field == "title");
    CHECK(r.errors[0].code == "form.unknown_key");
}

TEST_CASE("visibility follows chains of visible_if") {
    const auto r = parse_form(json::parse(R"({"id": "f", "fields": [
      {"id": "attend", "type": "checkbox", "label": {"sv": "Kommer"}},
      {"id": "role", "type": "radio", "label": {"sv": "Roll"}, "visible_if": {"field": "attend", "values": ["true"]},
       "options": [{"value": "leader", "label": {"sv": "Chef"}}, {"value": "press", "label": {"sv": "Press"}}]},
      {"id": "press_card", "type": "text", "label": {"sv": "Presskort"}, "visible_if": {"field": "role", "values": ["press"]}},
      {"id": "topics", "type": "checkbox_group", "label": {"sv": "Ämnen"},
       "options": [{"value": "a", "label": {"sv": "A"}}, {"value": "b", "label": {"sv": "B"}}]},
      {"id": "b_detail", "type": "text", "label": {"sv": "B"}, "visible_if": {"field": "topics", "values": ["b"]}},
      {"id": "why_not", "type": "text", "label": {"sv": "Varför inte"}, "visible_if": {"field": "attend", "values": ["false"]}}
    ]})"));
    REQUIRE(r.ok());
    const Form& f = r.value;
    const Field& role = *f.find("role");
    const Field& card = *f.find("press_card");
    const Field& detail = *f.find("b_detail");
    const Field& why = *f.find("why_not");

    CHECK(is_visible(f, *f.find("attend"), json::object()));
    CHECK_FALSE(is_visible(f, role, json::object()));
    CHECK(is_visible(f, why, json::object())); // an unanswered checkbox is false
    CHECK(is_visible(f, role, json{{"attend", true}}));
    CHECK_FALSE(is_visible(f, card, json{{"attend", true}, {"role", "leader"}}));
    CHECK(is_visible(f, card, json{{"attend", true}, {"role", "press"}}));
    // the controlling field is hidden, so its stale answer does not count
    CHECK_FALSE(is_visible(f, card, json{{"attend", false}, {"role", "press"}}));
    CHECK(is_visible(f, detail, json{{"topics", {"a", "b"}}}));
    CHECK_FALSE(is_visible(f, detail, json{{"topics", {"a"}}}));
}
