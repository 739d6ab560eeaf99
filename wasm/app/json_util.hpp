// Small readers for JSON the widget receives (server answers, config): never throw, never
// abort under JSON_NOEXCEPTION. Core and std only.
#pragma once
#include <nlohmann/json.hpp>

#include <string>

namespace deltag::widget {

// The string at `key` of an object, or "" when `j` is no object or the value is no string.
inline std::string string_at(const nlohmann::json& j, const char* key) {
    if (!j.is_object()) return {};
    auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get_ref<const std::string&>() : std::string();
}

} // namespace deltag::widget
