// Tests of validate.hpp: every field type with valid and invalid answers, exact codes and
// params, normalised values, hidden and unknown answers, and the order of errors.
#include "deltag/validate.hpp"

#include <doctest/doctest.h>

using namespace deltag;
using nlohmann::json;

namespace {

const Form& big_form() {
    static const Form form = [] {
        auto r = parse_form(json::parse(R"({"id": "all", "fields": [
          {"id": "name", "type": "text", "label": {"sv": "Namn"}, "required": true, "min_length": 2, "max_length": 11},
          {"id": "bio", "type": "textarea", "label": {"sv": "Om dig"}, "max_length": 20},
          {"id": "email", "type": "email", "label": {"sv": "E-post"}, "required": true},
          {"id": "phone", "type": "phone", "label": {"sv": "Telefon"}},
          {"id": "age", "type": "number", "label": {"sv": "Ålder"}, "min": 18, "max": 99.5},
          {"id": "day", "type": "date", "label": {"sv": "Dag"}, "min_date": "2026-01-01", "max_date": "2026-12-31"},
          {"id": "size", "type": "select", "label": {"sv": "Storlek"}, "required": true,
           "options": [{"value": "s", "label": {"sv": "S"}}, {"value": "m", "label": {"sv": "M"}}]},
          {"id": "role", "type": "radio", "label": {"sv": "Roll"},
           "options": [{"value": "leader", "label": {"sv": "Chef"}}, {"value": "press", "label": {"sv": "Press"}}]},
          {"id": "press_card", "type": "text", "label": {"sv": "Presskort"}, "required": true,
           "visible_if": {"field": "role", "values": ["press"]}},
          {"id": "newsletter", "type": "checkbox", "label": {"sv": "Nyhetsbrev"}},
          {"id": "terms", "type": "checkbox", "label": {"sv": "Villkor"}, "required": true},
          {"id": "criteria", "type": "checkbox_group", "label": {"sv": "Kriterier"}, "min_selected": 1, "max_selected": 2,
           "options": [{"value": "a", "label": {"sv": "A"}}, {"value": "b", "label": {"sv": "B"}}, {"value": "c", "label": {"sv": "C"}}]},
          {"id": "topics", "type": "checkbox_group", "label": {"sv": "Ämnen"},
           "options": [{"value": "x", "label": {"sv": "X"}}, {"value": "y", "label": {"sv": "Y"}}]},
          {"id": "consent", "type": "consent", "label": {"sv": "Samtycke"}, "required": true, "consent_version": "2026-01"},
          {"id": "photos", "type": "consent", "label": {"sv": "Foton"}, "consent_version": "2026-01"},
          {"id": "org", "type": "organisation", "label": {"sv": "Organisation"}, "required": true, "countries": ["se", "dk"]},
          {"id": "org_dk", "type": "organisation", "label": {"sv": "Kommune"}, "countries": ["dk"]}
        ]})"));
        REQUIRE(r.ok());
        return r.value;
    }();
    return form;
}

// A form holding only `id` of the big form, so each case checks exactly one field.
Form only(const char* id) {
    const Field* f = big_form().find(id);
    REQUIRE(f != nullptr);
    Form form{"one", {*f}};
    form.fields[0].visible_if.reset();
    return form;
}

const json absent = json::value_t::discarded; // marker: the answers leave the field out

struct Case {
    const char* name;
    const char* field;
    json answer;
    const char* code; // "" when valid
    std::map<std::string, std::string> params;
    json normalised; // expected stored value; null: none
    const char* locale = "sv";
};

void run(const Case& c) {
    const std::string name = c.name;
    CAPTURE(name);
    const Form form = only(c.field);
    json answers = json::object();
    if (!c.answer.is_discarded())
        answers[c.field] = c.answer;
    const Validation v = validate(form, answers, c.locale);
    if (std::string(c.code).empty()) {
        const std::string first = v.errors.empty() ? "" : v.errors[0].code;
        CHECK(first == "");
    } else {
        REQUIRE(v.errors.size() == 1);
        CHECK(v.errors[0].field == c.field);
        CHECK(v.errors[0].code == c.code);
        CHECK(v.errors[0].params == c.params);
    }
    if (c.normalised.is_null())
        CHECK_FALSE(v.normalised.contains(c.field));
    else
        CHECK(v.normalised.value(c.field, json()) == c.normalised);
    // the single-field entry point agrees with the whole-form one
    CHECK(validate_field(form, form.fields[0], answers, c.locale).size() == v.errors.size());
}

} // namespace

TEST_CASE("text fields trim, count code points and refuse control characters") {
    const Case cases[] = {
        {"plain name", "name", "Anna", "", {}, "Anna"},
        {"trimmed incl. NBSP", "name", "\xC2\xA0 Anna Berg \t", "", {}, "Anna Berg"},
        {"Sami name is 11 code points", "name", "Áile Ŋuolja", "", {}, "Áile Ŋuolja"},
        {"Danish name is 9 code points", "name", "Søren Ærø", "", {}, "Søren Ærø"},
        {"Finnish name is 13 code points",
         "name",
         "Päivi Hyvönen",
         "field.too_long",
         {{"max", "11"}},
         nullptr},
        {"one code point is too short", "name", "Å", "field.too_short", {{"min", "2"}}, nullptr},
        {"missing", "name", absent, "field.required", {}, nullptr},
        {"null is missing", "name", nullptr, "field.required", {}, nullptr},
        {"empty", "name", "", "field.required", {}, nullptr},
        {"only spaces", "name", "   \xC2\xA0 ", "field.required", {}, nullptr},
        {"number instead of text",
         "name",
         42,
         "field.wrong_type",
         {{"expected", "string"}},
         nullptr},
        {"invalid UTF-8",
         "name",
         "An\xC3na",
         "field.wrong_type",
         {{"expected", "string"}},
         nullptr},
        {"NUL inside", "name", std::string("An\0na", 5), "field.control_chars", {}, nullptr},
        {"newline inside a one-line field", "name", "An\nna", "field.control_chars", {}, nullptr},
        {"tab inside a one-line field", "name", "An\tna", "field.control_chars", {}, nullptr},
        {"DEL", "name", "An\x7Fna", "field.control_chars", {}, nullptr},
        {"C1 control", "name", "An\xC2\x85na", "field.control_chars", {}, nullptr},
        {"line separator U+2028", "name", "An\xE2\x80\xA8na", "field.control_chars", {}, nullptr},
        {"escape", "name", "An\x1B[2Jna", "field.control_chars", {}, nullptr},
        {"textarea keeps newlines and tabs", "bio", "Rad 1\n\tRad 2", "", {}, "Rad 1\n\tRad 2"},
        {"textarea unifies CRLF", "bio", "Rad 1\r\nRad 2\rRad 3", "", {}, "Rad 1\nRad 2\nRad 3"},
        {"textarea refuses other controls", "bio", "Rad\x07", "field.control_chars", {}, nullptr},
        {"textarea length after trim",
         "bio",
         "  12345678901234567890  ",
         "",
         {},
         "12345678901234567890"},
        {"textarea too long",
         "bio",
         "123456789012345678901",
         "field.too_long",
         {{"max", "20"}},
         nullptr},
        {"optional textarea may be empty", "bio", "  ", "", {}, nullptr},
    };
    for (const auto& c : cases)
        run(c);
}

TEST_CASE("e-mail addresses: practical RFC 5321, IDN domains, lower-cased domain") {
    const std::string long_local(64, 'a');
    const std::string long_domain = std::string(63, 'b') + "." + std::string(63, 'c') + "." +
                                    std::string(63, 'd') + "." + std::string(55, 'e') +
                                    ".se"; // 250 bytes
    const Case cases[] = {
        {"simple", "email", "anna@example.se", "", {}, "anna@example.se"},
        {"domain lower-cased, local kept",
         "email",
         " Anna.Berg@Example.SE ",
         "",
         {},
         "Anna.Berg@example.se"},
        {"plus and subdomain",
         "email",
         "a+tag@mail.kommun.example",
         "",
         {},
         "a+tag@mail.kommun.example"},
        {"UTF-8 local part", "email", "användare@exempel.se", "", {}, "användare@exempel.se"},
        {"IDN domain", "email", "info@københavn.dk", "", {}, "info@københavn.dk"},
        {"IDN domain lower-cased", "email", "info@KØBENHAVN.DK", "", {}, "info@københavn.dk"},
        {"punycode domain",
         "email",
         "info@xn--kbenhavn-54a.dk",
         "",
         {},
         "info@xn--kbenhavn-54a.dk"},
        {"64-character local part", "email", long_local + "@x.se", "", {}, long_local + "@x.se"},
        {"65-character local part", "email", long_local + "a@x.se", "email.invalid", {}, nullptr},
        {"over 254 characters", "email", "abcdefghij@" + long_domain, "email.invalid", {}, nullptr},
        {"no at", "email", "anna.example.se", "email.invalid", {}, nullptr},
        {"two ats", "email", "anna@berg@example.se", "email.invalid", {}, nullptr},
        {"no TLD", "email", "anna@localhost", "email.invalid", {}, nullptr},
        {"one-letter TLD", "email", "anna@example.s", "email.invalid", {}, nullptr},
        {"numeric TLD", "email", "anna@10.0.0.1", "email.invalid", {}, nullptr},
        {"leading dot", "email", ".anna@example.se", "email.invalid", {}, nullptr},
        {"double dot", "email", "an..na@example.se", "email.invalid", {}, nullptr},
        {"empty label", "email", "anna@example..se", "email.invalid", {}, nullptr},
        {"hyphen at label start", "email", "anna@-example.se", "email.invalid", {}, nullptr},
        {"space inside", "email", "an na@example.se", "email.invalid", {}, nullptr},
        {"quoted local part is not supported",
         "email",
         "\"anna\"@example.se",
         "email.invalid",
         {},
         nullptr},
        {"IP literal", "email", "anna@[10.0.0.1]", "email.invalid", {}, nullptr},
        {"missing", "email", absent, "field.required", {}, nullptr},
        {"spaces", "email", "  ", "field.required", {}, nullptr},
        {"wrong type", "email", true, "field.wrong_type", {{"expected", "string"}}, nullptr},
    };
    for (const auto& c : cases)
        run(c);
}

TEST_CASE("phone numbers: Swedish and Danish national, E.164 and 00, stored as E.164") {
    const Case cases[] = {
        {"Swedish mobile", "phone", "070-123 45 67", "", {}, "+46701234567"},
        {"Stockholm number", "phone", "08-123 456 78", "", {}, "+46812345678"},
        {"Swedish E.164", "phone", "+46701234567", "", {}, "+46701234567"},
        {"Swedish E.164 with (0)", "phone", "+46 (0)70-123 45 67", "", {}, "+46701234567"},
        {"00 prefix", "phone", "0046 70 123 45 67", "", {}, "+46701234567"},
        {"Danish national in Danish", "phone", "12 34 56 78", "", {}, "+4512345678", "da"},
        {"Danish E.164 in Swedish", "phone", "+4512345678", "", {}, "+4512345678"},
        {"Danish 00 prefix", "phone", "0045 12 34 56 78", "", {}, "+4512345678"},
        {"Norwegian E.164", "phone", "+47 22 33 44 55", "", {}, "+4722334455"},
        {"English defaults to Sweden", "phone", "070 123 45 67", "", {}, "+46701234567", "en"},
        {"Danish digits without prefix in Swedish",
         "phone",
         "12 34 56 78",
         "phone.invalid",
         {},
         nullptr},
        {"Swedish national in Danish",
         "phone",
         "070-123 45 67",
         "phone.invalid",
         {},
         nullptr,
         "da"},
        {"Danish with 7 digits", "phone", "+45 1234567", "phone.invalid", {}, nullptr},
        {"Swedish too short", "phone", "070-12", "phone.invalid", {}, nullptr},
        {"Swedish too long", "phone", "070-123 45 67 89", "phone.invalid", {}, nullptr},
        {"letters", "phone", "070-CALL-ME", "phone.invalid", {}, nullptr},
        {"plus in the middle", "phone", "070+1234567", "phone.invalid", {}, nullptr},
        {"over 15 digits", "phone", "+1234567890123456", "phone.invalid", {}, nullptr},
        {"optional and empty", "phone", "", "", {}, nullptr},
        {"wrong type", "phone", 701234567, "field.wrong_type", {{"expected", "string"}}, nullptr},
    };
    for (const auto& c : cases)
        run(c);
}

TEST_CASE("numbers accept a decimal point or comma and respect the range") {
    const Case cases[] = {
        {"integer", "age", "42", "", {}, "42"},
        {"decimal comma", "age", "42,5", "", {}, "42.5"},
        {"decimal point", "age", " 99.5 ", "", {}, "99.5"},
        {"JSON number", "age", 30, "", {}, "30"},
        {"lower bound", "age", "18", "", {}, "18"},
        {"below", "age", "17,9", "number.too_small", {{"min", "18"}}, nullptr},
        {"above", "age", "99.6", "number.too_large", {{"max", "99.5"}}, nullptr},
        {"negative", "age", "-20", "number.too_small", {{"min", "18"}}, nullptr},
        {"two separators", "age", "1.000,5", "number.invalid", {}, nullptr},
        {"letters", "age", "forty", "number.invalid", {}, nullptr},
        {"trailing separator", "age", "42.", "number.invalid", {}, nullptr},
        {"leading separator", "age", ".5", "number.invalid", {}, nullptr},
        {"exponent", "age", "1e2", "number.invalid", {}, nullptr},
        {"too many digits", "age", "1234567890123456", "number.invalid", {}, nullptr},
        {"optional and empty", "age", "", "", {}, nullptr},
        {"wrong type", "age", json::array(), "field.wrong_type", {{"expected", "string"}}, nullptr},
    };
    for (const auto& c : cases)
        run(c);
}

TEST_CASE("dates must be real calendar dates within the range") {
    const Case cases[] = {
        {"in range", "day", "2026-06-15", "", {}, "2026-06-15"},
        {"first day", "day", "2026-01-01", "", {}, "2026-01-01"},
        {"last day", "day", "2026-12-31", "", {}, "2026-12-31"},
        {"too early", "day", "2025-12-31", "date.too_early", {{"min", "2026-01-01"}}, nullptr},
        {"too late", "day", "2027-01-01", "date.too_late", {{"max", "2026-12-31"}}, nullptr},
        {"no such day", "day", "2026-02-29", "date.invalid", {}, nullptr},
        {"Swedish format", "day", "15/6 2026", "date.invalid", {}, nullptr},
        {"optional and empty", "day", "", "", {}, nullptr},
        {"wrong type", "day", 20260615, "field.wrong_type", {{"expected", "string"}}, nullptr},
    };
    for (const auto& c : cases)
        run(c);
}

TEST_CASE("select, radio and checkbox groups accept only their options") {
    const Case cases[] = {
        {"select option", "size", "m", "", {}, "m"},
        {"select unknown", "size", "xl", "option.invalid", {{"value", "xl"}}, nullptr},
        {"select required", "size", absent, "field.required", {}, nullptr},
        {"select wrong type", "size", 1, "field.wrong_type", {{"expected", "string"}}, nullptr},
        {"radio option", "role", "press", "", {}, "press"},
        {"radio unknown", "role", "Press", "option.invalid", {{"value", "Press"}}, nullptr},
        {"radio optional", "role", absent, "", {}, nullptr},
        {"group in option order", "criteria", {"b", "a"}, "", {}, {"a", "b"}},
        {"group repeats collapse", "criteria", {"c", "c"}, "", {}, {"c"}},
        {"group too few", "criteria", json::array(), "selection.too_few", {{"min", "1"}}, nullptr},
        {"group missing is too few",
         "criteria",
         absent,
         "selection.too_few",
         {{"min", "1"}},
         nullptr},
        {"group too many",
         "criteria",
         {"a", "b", "c"},
         "selection.too_many",
         {{"max", "2"}},
         nullptr},
        {"group unknown", "criteria", {"a", "z"}, "option.invalid", {{"value", "z"}}, nullptr},
        {"group not array", "criteria", "a", "field.wrong_type", {{"expected", "array"}}, nullptr},
        {"group item not string",
         "criteria",
         {"a", 1},
         "field.wrong_type",
         {{"expected", "array of strings"}},
         nullptr},
        {"optional group empty", "topics", json::array(), "", {}, nullptr},
    };
    for (const auto& c : cases)
        run(c);
}

TEST_CASE("checkboxes and consents are booleans; required ones must be true") {
    const Case cases[] = {
        {"checked", "newsletter", true, "", {}, true},
        {"unchecked", "newsletter", false, "", {}, false},
        {"absent is unchecked", "newsletter", absent, "", {}, false},
        {"required and checked", "terms", true, "", {}, true},
        {"required and unchecked", "terms", false, "field.required", {}, nullptr},
        {"required and absent", "terms", absent, "field.required", {}, nullptr},
        {"string true is not a boolean",
         "terms",
         "true",
         "field.wrong_type",
         {{"expected", "boolean"}},
         nullptr},
        {"consent given", "consent", true, "", {}, true},
        {"consent refused", "consent", false, "consent.required", {}, nullptr},
        {"consent absent", "consent", absent, "consent.required", {}, nullptr},
        {"consent as number", "consent", 1, "field.wrong_type", {{"expected", "boolean"}}, nullptr},
        {"optional consent refused", "photos", false, "", {}, false},
    };
    for (const auto& c : cases)
        run(c);
}

TEST_CASE("organisations are real municipalities of the offered countries or free text") {
    const Case cases[] = {
        {"Stockholm",
         "org",
         {{"country", "se"}, {"code", "0180"}},
         "",
         {},
         {{"country", "se"}, {"code", "0180"}}},
        {"København",
         "org",
         {{"country", "dk"}, {"code", "101"}},
         "",
         {},
         {{"country", "dk"}, {"code", "101"}}},
        {"other", "org", {{"other", "  Sametinget "}}, "", {}, {{"other", "Sametinget"}}},
        {"code alone when one country",
         "org_dk",
         {{"code", "101"}},
         "",
         {},
         {{"country", "dk"}, {"code", "101"}}},
        {"code alone when two countries",
         "org",
         {{"code", "0180"}},
         "organisation.invalid",
         {},
         nullptr},
        {"no such code",
         "org",
         {{"country", "se"}, {"code", "9999"}},
         "organisation.invalid",
         {},
         nullptr},
        {"country not offered",
         "org_dk",
         {{"country", "se"}, {"code", "0180"}},
         "organisation.invalid",
         {},
         nullptr},
        {"unknown country",
         "org",
         {{"country", "no"}, {"code", "0301"}},
         "organisation.invalid",
         {},
         nullptr},
        {"code of wrong type",
         "org",
         {{"country", "se"}, {"code", 180}},
         "field.wrong_type",
         {{"expected", "object"}},
         nullptr},
        {"extra key",
         "org",
         {{"country", "se"}, {"code", "0180"}, {"name", "x"}},
         "field.wrong_type",
         {{"expected", "object"}},
         nullptr},
        {"other with code",
         "org",
         {{"other", "X"}, {"code", "0180"}},
         "field.wrong_type",
         {{"expected", "object"}},
         nullptr},
        {"string instead of object",
         "org",
         "Stockholm",
         "field.wrong_type",
         {{"expected", "object"}},
         nullptr},
        {"empty other", "org", {{"other", "  "}}, "field.required", {}, nullptr},
        {"empty object", "org", json::object(), "field.required", {}, nullptr},
        {"absent", "org", absent, "field.required", {}, nullptr},
        {"other with control", "org", {{"other", "A\x01"}}, "field.control_chars", {}, nullptr},
        {"other too long",
         "org",
         {{"other", std::string(201, 'x')}},
         "field.too_long",
         {{"max", "200"}},
         nullptr},
        {"optional absent", "org_dk", absent, "", {}, nullptr},
    };
    for (const auto& c : cases)
        run(c);
}

TEST_CASE("answers for hidden fields are refused and hidden required fields are not required") {
    const Form& form = big_form();
    json answers = {{"name", "Anna"},
                    {"email", "anna@example.se"},
                    {"size", "s"},
                    {"terms", true},
                    {"criteria", {"a"}},
                    {"consent", true},
                    {"org", {{"other", "Sametinget"}}}};
    auto v = validate(form, answers, "sv");
    CHECK(v.ok());
    CHECK_FALSE(v.normalised.contains("press_card"));

    answers["role"] = "leader";
    answers["press_card"] = "123";
    v = validate(form, answers, "sv");
    REQUIRE(v.errors.size() == 1);
    CHECK(v.errors[0].field == "press_card");
    CHECK(v.errors[0].code == "field.hidden");
    CHECK(validate_field(form, *form.find("press_card"), answers, "sv").at(0).code ==
          "field.hidden");

    answers["role"] = "press";
    CHECK(validate(form, answers, "sv").ok());
    answers.erase("press_card");
    v = validate(form, answers, "sv");
    REQUIRE(v.errors.size() == 1);
    CHECK(v.errors[0].field == "press_card");
    CHECK(v.errors[0].code == "field.required");
}

TEST_CASE("errors come in form order, then unknown answers by key") {
    const json answers = {{"zz_extra", 1}, {"email", "nope"}, {"aa_extra", "x"}, {"age", "10"}};
    const auto v = validate(big_form(), answers, "sv");
    std::vector<std::pair<std::string, std::string>> got;
    for (const auto& e : v.errors)
        got.emplace_back(e.field, e.code);
    const std::vector<std::pair<std::string, std::string>> expected = {
        {"name", "field.required"},      {"email", "email.invalid"},
        {"age", "number.too_small"},     {"size", "field.required"},
        {"terms", "field.required"},     {"criteria", "selection.too_few"},
        {"consent", "consent.required"}, {"org", "field.required"},
        {"aa_extra", "field.unknown"},   {"zz_extra", "field.unknown"}};
    CHECK(got == expected);
}

TEST_CASE("a complete valid answer set is normalised for storage") {
    const json answers = {{"name", " Søren Ærø "},
                          {"email", "Soren@KOMMUNE.dk"},
                          {"phone", "12 34 56 78"},
                          {"age", "42,0"},
                          {"size", "s"},
                          {"terms", true},
                          {"criteria", {"c", "a"}},
                          {"consent", true},
                          {"org", {{"country", "dk"}, {"code", "101"}}}};
    const auto v = validate(big_form(), answers, "da");
    REQUIRE(v.ok());
    const json expected = {{"name", "Søren Ærø"},
                           {"email", "Soren@kommune.dk"},
                           {"phone", "+4512345678"},
                           {"age", "42.0"},
                           {"size", "s"},
                           {"newsletter", false},
                           {"terms", true},
                           {"criteria", {"a", "c"}},
                           {"consent", true},
                           {"photos", false},
                           {"org", {{"country", "dk"}, {"code", "101"}}}};
    CHECK(v.normalised == expected);
}

TEST_CASE("answers that are not an object are field.wrong_type for the whole input") {
    const auto v = validate(big_form(), json::array(), "sv");
    REQUIRE(v.errors.size() == 1);
    CHECK(v.errors[0].field == "");
    CHECK(v.errors[0].code == "field.wrong_type");
}

TEST_CASE("normalise_email and normalise_phone are usable on their own") {
    CHECK(normalise_email("Info@Exempel.SE") == std::string("Info@exempel.se"));
    CHECK_FALSE(normalise_email("").has_value());
    CHECK(normalise_phone("08-123 456 78", "se") == std::string("+46812345678"));
    CHECK(normalise_phone("12345678", "dk") == std::string("+4512345678"));
    CHECK_FALSE(normalise_phone("12345678", "").has_value());
    CHECK(normalise_phone("+4512345678", "") == std::string("+4512345678"));
}
