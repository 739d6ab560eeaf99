// Internal: non-throwing readers for configuration JSON with path-named errors.
// Only type-checked accessors are used, so nothing here can abort under JSON_NOEXCEPTION.
#include "json_read.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace deltag::detail {

using nlohmann::json;

std::string join_path(const std::string& path, std::string_view key) {
    return path.empty() ? std::string(key) : path + "." + std::string(key);
}

std::string index_path(const std::string& path, std::size_t i) {
    return path + "[" + std::to_string(i) + "]";
}

ObjectReader::ObjectReader(const json& j, std::string path, std::string prefix, Errors& errors)
    : j_(j), path_(std::move(path)), prefix_(std::move(prefix)), errors_(errors) {
    object_ = j.is_object();
    if (!object_)
        errors_.push_back({path_, prefix_ + ".invalid", {{"expected", "object"}}});
}

std::string ObjectReader::path(std::string_view key) const {
    return join_path(path_, key);
}

void ObjectReader::fail(std::string_view key, const std::string& code,
                        std::map<std::string, std::string> params) {
    errors_.push_back({key.empty() ? path_ : path(key), code, std::move(params)});
}

void ObjectReader::fail(std::string_view key, const std::string& code, const char* param,
                        std::string value) {
    fail(key, code, {{param, std::move(value)}});
}

void ObjectReader::only(std::initializer_list<std::string_view> allowed) {
    if (!object_)
        return;
    for (const auto& item : j_.items())
        if (std::find(allowed.begin(), allowed.end(), item.key()) == allowed.end())
            fail(item.key(), prefix_ + ".unknown_key", "key", item.key());
}

const json* ObjectReader::get(std::string_view key) const {
    if (!object_)
        return nullptr;
    const auto it = j_.find(key);
    if (it == j_.end() || it->is_null())
        return nullptr;
    return &*it;
}

std::optional<std::string> ObjectReader::string(std::string_view key, bool required) {
    const json* v = get(key);
    if (!v) {
        if (required && object_)
            missing(key);
        return std::nullopt;
    }
    if (!v->is_string()) {
        wrong_type(key, "string");
        return std::nullopt;
    }
    const auto& s = v->get_ref<const std::string&>();
    if (!is_valid_utf8(s)) {
        wrong_type(key, "string");
        return std::nullopt;
    }
    if (required && trim(s).empty()) {
        missing(key);
        return std::nullopt;
    }
    return s;
}

std::optional<bool> ObjectReader::boolean(std::string_view key) {
    const json* v = get(key);
    if (!v)
        return std::nullopt;
    if (!v->is_boolean()) {
        wrong_type(key, "boolean");
        return std::nullopt;
    }
    return v->get_ref<const json::boolean_t&>();
}

std::optional<int> ObjectReader::integer(std::string_view key, bool required) {
    const json* v = get(key);
    if (!v) {
        if (required && object_)
            missing(key);
        return std::nullopt;
    }
    if (v->is_number_unsigned()) {
        const auto u = v->get_ref<const json::number_unsigned_t&>();
        if (u <= static_cast<json::number_unsigned_t>(std::numeric_limits<int>::max()))
            return static_cast<int>(u);
    } else if (v->is_number_integer()) {
        const auto i = v->get_ref<const json::number_integer_t&>();
        if (i >= std::numeric_limits<int>::min() && i <= std::numeric_limits<int>::max())
            return static_cast<int>(i);
    }
    wrong_type(key, "integer");
    return std::nullopt;
}

std::optional<double> ObjectReader::number(std::string_view key) {
    const json* v = get(key);
    if (!v)
        return std::nullopt;
    if (v->is_number_float()) {
        const double d = v->get_ref<const json::number_float_t&>();
        if (std::isfinite(d))
            return d;
    } else if (v->is_number_unsigned()) {
        return static_cast<double>(v->get_ref<const json::number_unsigned_t&>());
    } else if (v->is_number_integer()) {
        return static_cast<double>(v->get_ref<const json::number_integer_t&>());
    }
    wrong_type(key, "number");
    return std::nullopt;
}

std::optional<LocalizedText> ObjectReader::text(std::string_view key, bool required) {
    const json* v = get(key);
    if (!v) {
        if (required && object_)
            missing(key);
        return std::nullopt;
    }
    if (!v->is_object()) {
        wrong_type(key, "object");
        return std::nullopt;
    }
    LocalizedText out;
    bool good = true;
    for (const auto& item : v->items()) {
        const auto& value = item.value();
        if (!value.is_string() || !is_valid_utf8(value.get_ref<const std::string&>())) {
            errors_.push_back(
                {join_path(path(key), item.key()), prefix_ + ".invalid", {{"expected", "string"}}});
            good = false;
            continue;
        }
        out[item.key()] = value.get_ref<const std::string&>();
    }
    if (!good)
        return std::nullopt;
    if (required && pick(out, "en").empty()) {
        missing(key);
        return std::nullopt;
    }
    return out;
}

std::optional<std::vector<std::string>> ObjectReader::strings(std::string_view key) {
    const json* v = get(key);
    if (!v)
        return std::nullopt;
    if (!v->is_array()) {
        wrong_type(key, "array");
        return std::nullopt;
    }
    std::vector<std::string> out;
    for (std::size_t i = 0; i < v->size(); ++i) {
        const json& item = (*v)[i];
        if (!item.is_string()) {
            errors_.push_back(
                {index_path(path(key), i), prefix_ + ".invalid", {{"expected", "string"}}});
            return std::nullopt;
        }
        out.push_back(item.get_ref<const std::string&>());
    }
    return out;
}

json to_json(const LocalizedText& t) {
    json out = json::object();
    for (const auto& [lang, text] : t)
        out[lang] = text;
    return out;
}

std::string dump(const json& j) {
    return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

} // namespace deltag::detail
