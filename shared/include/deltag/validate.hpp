// Validation of a visitor's answers against a form: one pure function used by the widget
// as the visitor types and by the server before anything is stored.
#pragma once
#include "deltag/error.hpp"
#include "deltag/form.hpp"

#include <nlohmann/json.hpp>

#include <string_view>

namespace deltag {

struct Validation {
    Errors errors; // in form order; empty means valid
    nlohmann::json normalised =
        nlohmann::json::object(); // trimmed text, E.164 phones, ...
                                  // only visible fields; what the server stores
    bool ok() const { return errors.empty(); }
};

// Answers are a JSON object keyed by field id. Value types: string (text, textarea, email,
// phone, number as typed (a JSON number is accepted too), date "YYYY-MM-DD", select, radio),
// bool (checkbox, consent), array of strings (checkbox_group), organisation
// {"country": "se", "code": "0180"} (country may be left out when the field offers one
// country) or {"other": "..."}. A null answer is the same as no answer.
// Text is trimmed (Unicode white space incl. NBSP) before any check; a required field with
// only white space is field.required. field.control_chars: C0 controls (a textarea allows
// \n, \t and \r; \r\n and \r become \n), DEL, C1, U+2028/U+2029 (they break CSV
// and JS consumers). Invalid UTF-8 is field.wrong_type. Hidden fields (visible_if false)
// with an answer are field.hidden; answers for ids not in the form are field.unknown
// (after the form's errors, in key order). A required checkbox that is not true is
// field.required; a required consent that is not true is consent.required.
// Codes: field.required, field.too_short, field.too_long, field.control_chars,
// field.wrong_type, field.unknown, field.hidden, email.invalid, phone.invalid,
// number.invalid, number.too_small, number.too_large, date.invalid, date.too_early,
// date.too_late, option.invalid, selection.too_few, selection.too_many,
// consent.required, organisation.invalid
// `locale` ("sv", "da", "en") picks the default country for national phone numbers.
Validation validate(const Form& form, const nlohmann::json& answers, std::string_view locale);

// Validates only one field (the widget's live validation after the field is left).
Errors validate_field(const Form& form, const Field& field, const nlohmann::json& answers,
                      std::string_view locale);

// Building blocks, exposed for tests and the server's duplicate check.
std::optional<std::string> normalise_email(std::string_view text); // lower-cased domain
std::optional<std::string> normalise_phone(std::string_view text,
                                           std::string_view country); // E.164

} // namespace deltag
