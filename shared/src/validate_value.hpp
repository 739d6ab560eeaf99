// Internal: the checks of one answer against one field, shared by validate() and
// validate_field(). Standard library and nlohmann/json only.
#pragma once
#include "deltag/form.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <string_view>

namespace deltag::detail {

struct Checked {
    Errors errors;
    std::optional<nlohmann::json> normalised; // nullopt: nothing to store (empty answer)
};

// `answer` is nullptr when the answers have no (or a null) value for the field.
Checked check_answer(const Field& field, const nlohmann::json* answer, std::string_view locale);

// "-12,5" / "3.25" / "+7": digits with one optional decimal point or comma; `normal` gets
// the canonical text ("-12.5"). Nullopt for anything else, or beyond 15 digits.
std::optional<double> parse_decimal(const std::string& s, std::string& normal);
// "200", "2.5": how a bound is written into a message parameter.
std::string format_number(double d);

} // namespace deltag::detail
