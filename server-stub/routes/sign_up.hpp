// Turns a parsed, validated registration into what the store keeps: answers split into
// ordinary and sensitive ones, the organisation key for the per-organisation limit, the
// normalised values that must be unique per event, and the consents. No I/O.
#pragma once
#include "store.hpp"

#include "deltag/registration.hpp"
#include "deltag/validate.hpp"

namespace deltag::server {

// Consents must name the version of the text the form shows now; otherwise errors
// (code "consent.outdated") so the visitor sees the current text before agreeing.
Errors check_consents(const Form& form, const Registration& r, const nlohmann::json& normalised);

SignUp make_sign_up(const Event& event, const Registration& r, const Validation& v);

// "se:0180" / "dk:101" for a municipality, "other:<lower-cased text>" otherwise.
std::optional<std::string> organisation_key(const nlohmann::json& answer);

// The JSON shape of core errors in a 422 body.
nlohmann::json errors_json(const Errors& errors);

} // namespace deltag::server
