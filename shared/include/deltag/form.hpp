// A sign-up form: ordered fields with labels per language, constraints, options,
// conditional visibility, sensitivity and consents. Parsed from JSON without throwing.
#pragma once
#include "deltag/error.hpp"
#include "deltag/text.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace deltag {

enum class FieldType {
    text,
    textarea,
    email,
    phone,
    number,
    date,
    select,
    radio,
    checkbox,
    checkbox_group,
    consent,
    organisation
};
// "text", "checkbox_group", ... <-> FieldType
std::optional<FieldType> field_type_from_string(std::string_view s);
const char* to_string(FieldType t);

struct Option {
    std::string value;
    LocalizedText label;
};

// The field is shown (and validated and accepted) only while `field` has one of `values`
// (for a checkbox: "true"/"false"; for a checkbox group: any checked value matches).
struct VisibleIf {
    std::string field;
    std::vector<std::string> values;
};

struct Field {
    std::string id; // [a-z][a-z0-9_]*, unique in the form
    FieldType type = FieldType::text;
    LocalizedText label;
    LocalizedText help;
    bool required = false;
    std::optional<int> min_length, max_length;     // code points (text, textarea)
    std::optional<double> min, max;                // number
    std::optional<std::string> min_date, max_date; // date, "YYYY-MM-DD"
    std::optional<int> min_selected, max_selected; // checkbox_group
    std::vector<Option> options;                   // select, radio, checkbox_group
    std::string autocomplete;                      // HTML autocomplete token, e.g. "email", "tel"
    std::optional<VisibleIf> visible_if;
    bool sensitive = false;        // special-category data (GDPR art. 9)
    bool unique_per_event = false; // email: one registration per address
    // consent only: the text the visitor agrees to and its version ("2026-01")
    LocalizedText consent_text;
    std::string consent_version;
    // organisation only: which countries' municipality lists to offer ("se", "dk")
    std::vector<std::string> countries;
};

struct Form {
    std::string id;
    std::vector<Field> fields;
    const Field* find(std::string_view field_id) const;
};

// Errors carry JSON-path-like fields ("fields[3].type") and codes: "form.invalid" (wrong
// JSON type), "form.unknown_key", "form.field_missing", "form.field_type_unknown",
// "form.field_id_invalid", "form.field_id_duplicate", "form.options_missing" (select, radio,
// checkbox_group), "form.option_duplicate", "form.visible_if_invalid" (must name an earlier
// field: no cycles), "form.date_invalid", "form.range_invalid" (min above max),
// "form.country_unknown"; a consent needs "consent_version". An organisation field without
// "countries" offers both "se" and "dk".
Result<Form> parse_form(const nlohmann::json& j);
nlohmann::json to_json(const Form& f);

// Whether the field is shown for these answers (follows chains of visible_if).
bool is_visible(const Form& form, const Field& field, const nlohmann::json& answers);

} // namespace deltag
