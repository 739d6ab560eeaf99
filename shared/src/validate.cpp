// Validation of a visitor's answers: visibility, unknown and hidden answers, and the order
// of errors. The per-type checks live in validate_value.cpp. Pure; no exceptions.
#include "deltag/validate.hpp"

#include "validate_value.hpp"

namespace deltag {

using nlohmann::json;

namespace {

const json* answer_for(const json& answers, const std::string& id) {
    if (!answers.is_object())
        return nullptr;
    const auto it = answers.find(id);
    if (it == answers.end() || it->is_null())
        return nullptr;
    return &*it;
}

} // namespace

Validation validate(const Form& form, const json& answers, std::string_view locale) {
    Validation out;
    if (!answers.is_object() && !answers.is_null()) {
        out.errors.push_back({"", "field.wrong_type", {{"expected", "object"}}});
        return out;
    }
    for (const Field& field : form.fields) {
        const json* answer = answer_for(answers, field.id);
        if (!is_visible(form, field, answers)) {
            if (answer)
                out.errors.push_back({field.id, "field.hidden", {}});
            continue;
        }
        auto checked = detail::check_answer(field, answer, locale);
        for (auto& e : checked.errors)
            out.errors.push_back(std::move(e));
        if (checked.normalised)
            out.normalised[field.id] = std::move(*checked.normalised);
    }
    if (answers.is_object())
        for (const auto& item : answers.items())
            if (!form.find(item.key()))
                out.errors.push_back({item.key(), "field.unknown", {}});
    return out;
}

Errors validate_field(const Form& form, const Field& field, const json& answers,
                      std::string_view locale) {
    const json* answer = answer_for(answers, field.id);
    if (!is_visible(form, field, answers)) {
        if (answer)
            return {{field.id, "field.hidden", {}}};
        return {};
    }
    return detail::check_answer(field, answer, locale).errors;
}

} // namespace deltag
