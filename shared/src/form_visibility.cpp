// Conditional visibility of form fields: follows chains of visible_if over the raw answers.
// Standard library and nlohmann/json only.
#include "deltag/form.hpp"

#include <algorithm>

namespace deltag {

using nlohmann::json;

namespace {

// Whether the answer to `controller` is one of `values`. A missing checkbox is "false".
bool answer_matches(const Field& controller, const json& answers,
                    const std::vector<std::string>& values) {
    const auto has = [&](std::string_view v) {
        return std::find(values.begin(), values.end(), v) != values.end();
    };
    const json* a = nullptr;
    if (answers.is_object()) {
        const auto it = answers.find(controller.id);
        if (it != answers.end() && !it->is_null())
            a = &*it;
    }
    if (controller.type == FieldType::checkbox || controller.type == FieldType::consent) {
        const bool checked = a && a->is_boolean() && a->get_ref<const json::boolean_t&>();
        return has(checked ? "true" : "false");
    }
    if (!a)
        return false;
    if (a->is_string())
        return has(trim(a->get_ref<const std::string&>()));
    if (a->is_array())
        for (const auto& item : *a)
            if (item.is_string() && has(item.get_ref<const std::string&>()))
                return true;
    return false;
}

} // namespace

bool is_visible(const Form& form, const Field& field, const json& answers) {
    const Field* current = &field;
    // Parsed forms only point backwards; the bound still protects hand-built forms.
    for (std::size_t hops = 0; hops <= form.fields.size(); ++hops) {
        if (!current->visible_if)
            return true;
        const Field* controller = form.find(current->visible_if->field);
        if (!controller || !answer_matches(*controller, answers, current->visible_if->values))
            return false;
        current = controller;
    }
    return false;
}

} // namespace deltag
