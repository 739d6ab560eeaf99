// The registration payload: strict, exception-free JSON parsing (size, NUL bytes, duplicate
// keys, depth) and the payload's shape. Standard library and nlohmann/json only.
#include "deltag/catalog.hpp"
#include "deltag/json_text.hpp"
#include "deltag/registration.hpp"

#include "deltag/catalog.hpp"
#include "deltag/nfc.hpp"
#include "json_read.hpp"

#include <algorithm>
#include <limits>
#include <set>
#include <vector>

namespace deltag {

using nlohmann::json;

namespace {

// Deeper nesting than any real payload; bounds the recursion of the checks below.
constexpr int max_depth = 32;

void check_strings(const json& j, const std::string& path, Errors& errors) {
    if (j.is_string()) {
        if (j.get_ref<const std::string&>().size() > max_string_bytes)
            errors.push_back(
                {path, "payload.too_long", {{"max", std::to_string(max_string_bytes)}}});
    } else if (j.is_object()) {
        for (const auto& item : j.items()) {
            const std::string child = detail::join_path(path, item.key());
            if (item.key().size() > max_string_bytes)
                errors.push_back(
                    {child, "payload.too_long", {{"max", std::to_string(max_string_bytes)}}});
            check_strings(item.value(), child, errors);
        }
    } else if (j.is_array()) {
        for (std::size_t i = 0; i < j.size(); ++i)
            check_strings(j[i], detail::index_path(path, i), errors);
    }
}

bool valid_key(std::string_view key) {
    if (key.size() < 16 || key.size() > 64)
        return false;
    return std::all_of(key.begin(), key.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '_' || c == '-';
    });
}

} // namespace

Result<json> parse_strict_json(std::string_view text) {
    Result<json> out;
    if (text.find('\0') != std::string_view::npos) {
        out.errors.push_back({"", "payload.nul_byte", {}});
        return out;
    }
    // One set of seen keys per open object; arrays push an empty set to keep depths aligned.
    std::vector<std::set<std::string>> seen;
    bool duplicate = false, too_deep = false;
    std::string duplicate_key;
    const auto callback = [&](int depth, json::parse_event_t event, json& parsed) {
        switch (event) {
        case json::parse_event_t::object_start:
        case json::parse_event_t::array_start:
            seen.emplace_back();
            if (depth >= max_depth)
                too_deep = true;
            break;
        case json::parse_event_t::object_end:
        case json::parse_event_t::array_end:
            if (!seen.empty())
                seen.pop_back();
            break;
        case json::parse_event_t::key:
            if (!seen.empty() && parsed.is_string() &&
                !seen.back().insert(parsed.get_ref<const std::string&>()).second && !duplicate) {
                duplicate = true;
                duplicate_key = parsed.get_ref<const std::string&>();
            }
            break;
        case json::parse_event_t::value:
            break;
        }
        return true;
    };
    json parsed = parse_json(text, callback);
    if (parsed.is_discarded()) {
        out.errors.push_back({"", "payload.malformed", {}});
    } else if (too_deep) {
        out.errors.push_back({"", "payload.malformed", {{"max_depth", std::to_string(max_depth)}}});
    } else if (duplicate) {
        out.errors.push_back({duplicate_key, "payload.duplicate_key", {{"key", duplicate_key}}});
    } else {
        out.value = std::move(parsed);
    }
    return out;
}

void normalise_answers_nfc(nlohmann::json& answers) {
    if (answers.is_string()) {
        answers = to_nfc(answers.get_ref<const std::string&>());
    } else if (answers.is_array() || answers.is_object()) {
        for (auto& value : answers) normalise_answers_nfc(value);
    }
}

Result<Registration> parse_registration(std::string_view body) {
    Result<Registration> out;
    if (body.size() > max_payload_bytes) {
        out.errors.push_back(
            {"", "payload.too_large", {{"max", std::to_string(max_payload_bytes)}}});
        return out;
    }
    auto parsed = parse_strict_json(body);
    if (!parsed.ok()) {
        out.errors = std::move(parsed.errors);
        return out;
    }
    const json& j = parsed.value;
    Errors& errors = out.errors;
    if (!j.is_object()) {
        errors.push_back({"", "payload.wrong_type", {{"expected", "object"}}});
        return out;
    }
    check_strings(j, "", errors);
    if (!errors.empty())
        return out;

    static const char* const known[] = {"event",           "answers", "locale",  "consents",
                                        "idempotency_key", "fill_ms", "honeypot"};
    for (const auto& item : j.items())
        if (std::none_of(std::begin(known), std::end(known),
                         [&](const char* k) { return item.key() == k; }))
            errors.push_back({item.key(), "payload.unknown_field", {{"key", item.key()}}});

    const auto wrong = [&](const std::string& field, const char* expected) {
        errors.push_back({field, "payload.wrong_type", {{"expected", expected}}});
    };
    // A required string member: missing, wrong type, or its value.
    const auto string_member = [&](const char* key, bool required) -> const std::string* {
        const auto it = j.find(key);
        if (it == j.end()) {
            if (required)
                errors.push_back({key, "payload.missing_field", {}});
            return nullptr;
        }
        if (!it->is_string()) {
            wrong(key, "string");
            return nullptr;
        }
        return &it->get_ref<const std::string&>();
    };

    Registration& r = out.value;
    if (const auto* event = string_member("event", true))
        r.event = *event;
    if (const auto it = j.find("answers"); it == j.end())
        errors.push_back({"answers", "payload.missing_field", {}});
    else if (!it->is_object())
        wrong("answers", "object");
    else
        r.answers = *it;
    if (const auto* locale = string_member("locale", true)) {
        // Any language with a catalog (issue 12): the visitor signs up in the language shown.
        if (has_catalog(*locale))
            r.locale = *locale;
        else
            errors.push_back({"locale", "payload.bad_locale", {{"locale", *locale}}});
    }
    if (const auto it = j.find("consents"); it != j.end()) {
        if (!it->is_object()) {
            wrong("consents", "object");
        } else {
            for (const auto& item : it->items()) {
                if (item.value().is_string())
                    r.consents[item.key()] = item.value().get_ref<const std::string&>();
                else
                    wrong("consents." + item.key(), "string");
            }
        }
    }
    if (const auto* key = string_member("idempotency_key", true)) {
        if (valid_key(*key))
            r.idempotency_key = *key;
        else
            errors.push_back({"idempotency_key", "payload.bad_key", {}});
    }
    if (const auto it = j.find("fill_ms"); it != j.end() && !it->is_null()) {
        // Integers beyond int64 arrive as unsigned or float: both are the wrong type here.
        if (it->is_number_integer() && !it->is_number_unsigned() &&
            it->get_ref<const json::number_integer_t&>() >= 0)
            r.fill_ms = it->get_ref<const json::number_integer_t&>();
        else if (it->is_number_unsigned() &&
                 it->get_ref<const json::number_unsigned_t&>() <=
                     static_cast<json::number_unsigned_t>(std::numeric_limits<std::int64_t>::max()))
            r.fill_ms = static_cast<std::int64_t>(it->get_ref<const json::number_unsigned_t&>());
        else
            wrong("fill_ms", "integer");
    }
    if (const auto* honeypot = string_member("honeypot", false))
        r.honeypot = *honeypot;
    return out;
}

std::string to_json_text(const Registration& r) {
    json consents = json::object();
    for (const auto& [field, version] : r.consents)
        consents[field] = version;
    json j = {{"event", r.event},
              {"answers", r.answers},
              {"locale", r.locale},
              {"consents", std::move(consents)},
              {"idempotency_key", r.idempotency_key},
              {"honeypot", r.honeypot}};
    if (r.fill_ms)
        j["fill_ms"] = *r.fill_ms;
    return detail::dump(j);
}

} // namespace deltag
