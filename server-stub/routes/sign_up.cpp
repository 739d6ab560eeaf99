// Preparing a sign-up for the store. Pure functions over core values.
#include "sign_up.hpp"

#include "secrets.hpp"

#include <algorithm>
#include <cctype>

namespace deltag::server {

namespace {

std::string ascii_lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

} // namespace

Errors check_consents(const Form& form, const Registration& r, const nlohmann::json& normalised) {
    Errors errors;
    for (const auto& f : form.fields) {
        if (f.type != FieldType::consent) continue;
        auto it = normalised.find(f.id);
        if (it == normalised.end() || !it->is_boolean() || !it->get<bool>()) continue;
        auto given = r.consents.find(f.id);
        if (given == r.consents.end() || given->second != f.consent_version)
            errors.push_back(Error{f.id, "consent.outdated", {{"version", f.consent_version}}});
    }
    return errors;
}

std::optional<std::string> organisation_key(const nlohmann::json& answer) {
    if (!answer.is_object()) return std::nullopt;
    auto other = answer.find("other");
    if (other != answer.end() && other->is_string())
        return "other:" + ascii_lower(trim(other->get_ref<const std::string&>()));
    auto country = answer.find("country");
    auto code = answer.find("code");
    if (code != answer.end() && code->is_string()) {
        std::string c = country != answer.end() && country->is_string()
                            ? country->get_ref<const std::string&>()
                            : std::string();
        return c + ":" + code->get_ref<const std::string&>();
    }
    return std::nullopt;
}

SignUp make_sign_up(const Event& event, const Registration& r, const Validation& v) {
    SignUp s;
    s.event = &event;
    s.idempotency_key = r.idempotency_key;
    s.body_hash = sha256_hex(to_json_text(r));
    s.locale = r.locale;
    s.answers = nlohmann::json::object();
    s.sensitive_answers = nlohmann::json::object();
    s.consents = nlohmann::json::object();
    for (const auto& f : event.form.fields) {
        auto it = v.normalised.find(f.id);
        if (it == v.normalised.end()) continue;
        (f.sensitive ? s.sensitive_answers : s.answers)[f.id] = *it;
        if (f.type == FieldType::organisation && !s.organisation_key) s.organisation_key = organisation_key(*it);
        if (f.type == FieldType::consent && it->is_boolean() && it->get<bool>()) {
            auto given = r.consents.find(f.id);
            if (given != r.consents.end()) s.consents[f.id] = given->second;
        }
        if (f.unique_per_event && it->is_string()) {
            std::string value = it->get_ref<const std::string&>();
            // Mailboxes are case-insensitive in practice (Anna@ and anna@ are one person),
            // so the duplicate check compares the whole address lower-cased.
            if (f.type == FieldType::email) value = ascii_lower(normalise_email(value).value_or(value));
            s.unique_values.emplace_back(f.id, std::move(value));
        }
    }
    return s;
}

nlohmann::json errors_json(const Errors& errors) {
    auto list = nlohmann::json::array();
    for (const auto& e : errors)
        list.push_back({{"field", e.field}, {"code", e.code}, {"params", e.params}});
    return list;
}

} // namespace deltag::server
