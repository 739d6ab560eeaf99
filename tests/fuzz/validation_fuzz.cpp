// Fuzz target: validate() of a visitor's answers against each demo and test form. Input: a JSON
// object {"event": id, "locale": l, "answers": {...}} (an unknown id picks an event by hash).
// Invariants: every error has a catalog code and names a form field (or the unknown key);
// valid answers' normalised form is valid again, trimmed, and normalises to itself;
// validate_field agrees with validate per field.
#include "fuzz_support.hpp"

#include "deltag/registration.hpp"
#include "deltag/validate.hpp"

#include <set>

using namespace deltag;
using deltag::fuzz::check;

namespace {

std::string string_at(const nlohmann::json& j, const char* key) {
    auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::string describe(const Errors& errors) {
    std::string out;
    for (const auto& e : errors) out += e.field + ":" + e.code + " ";
    return out;
}

// No white space at either end: ASCII, NBSP (C2 A0) or the common Unicode spaces (E2 80 8x).
bool trimmed(const std::string& s) {
    if (s.empty()) return true;
    const auto space_at_end = [&](std::string_view tail) {
        return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
    };
    const auto space_at_start = [&](std::string_view head) { return s.compare(0, head.size(), head) == 0; };
    for (std::string_view sp : {" ", "\t", "\n", "\r", "\xC2\xA0", "\xE2\x80\x80", "\xE2\x80\x8A", "\xE3\x80\x80"})
        if (space_at_start(sp) || space_at_end(sp)) return false;
    return true;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    auto parsed = parse_strict_json(fuzz::as_text(data, size));
    if (!parsed.ok() || !parsed.value.is_object()) return 0;
    const nlohmann::json& input = parsed.value;
    const Event& event = fuzz::event_for(string_at(input, "event"));
    const std::string locale = string_at(input, "locale");
    auto answers_it = input.find("answers");
    const nlohmann::json answers = answers_it == input.end() ? nlohmann::json::object() : *answers_it;
    if (!answers.is_object()) return 0; // parse_registration rejects these before validate

    const Validation v = validate(event.form, answers, locale);
    fuzz::check_codes(v.errors, "validate's error codes are in the catalogs");
    // An error names a form field, or for field.unknown the answer's key (which may be ""; the
    // code, not an empty field, tells it from a whole-input error).
    for (const auto& e : v.errors) {
        if (e.code == "field.unknown")
            check(answers.contains(e.field) && event.form.find(e.field) == nullptr,
                  "field.unknown names a key of the answers that the form lacks", e.field);
        else
            check(event.form.find(e.field) != nullptr, "every other validation error names a form field",
                  e.field + ":" + e.code);
    }
    check(v.normalised.is_object(), "normalised answers are an object");

    // The widget validates one field at a time as the visitor leaves it; it must say what the
    // server will say about that field.
    for (const auto& field : event.form.fields) {
        const Errors one = validate_field(event.form, field, answers, locale);
        fuzz::check_codes(one, "validate_field's error codes are in the catalogs");
        std::multiset<std::string> from_field, from_form;
        for (const auto& e : one) from_field.insert(e.field + ":" + e.code);
        for (const auto& e : v.errors)
            if (e.field == field.id) from_form.insert(e.field + ":" + e.code);
        check(from_field == from_form, "validate_field agrees with validate",
              field.id + " field: " + describe(one) + "| form: " + describe(v.errors));
    }

    if (!v.ok()) return 0;
    for (const auto& item : v.normalised.items()) {
        check(event.form.find(item.key()) != nullptr, "normalised answers hold only form fields", item.key());
        if (item.value().is_string()) check(trimmed(item.value().get<std::string>()), "normalised text is trimmed", item.value().dump());
    }
    // What the server stores must pass the same validation unchanged (re-validation on edit,
    // exports, the widget restoring saved answers).
    const Validation again = validate(event.form, v.normalised, locale);
    check(again.ok(), "normalised answers are valid", v.normalised.dump() + " -> " + describe(again.errors));
    check(again.normalised == v.normalised, "normalising is idempotent",
          v.normalised.dump() + " -> " + again.normalised.dump());
    return 0;
}
