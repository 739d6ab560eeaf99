// Internal: one answer checked against one field, per field type: text and lengths in code
// points, control characters, e-mail, phone, number, date, options, consents, organisations.
// Standard library and nlohmann/json only; never throws.
#include "validate_value.hpp"

#include "deltag/organisations.hpp"
#include "deltag/text.hpp"
#include "deltag/time.hpp"
#include "deltag/validate.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace deltag::detail {

using nlohmann::json;

namespace {

constexpr int max_other_organisation = 200;

struct Checker {
    const Field& field;
    Checked out;

    void fail(const char* code) { out.errors.push_back({field.id, code, {}}); }
    // The one-entry map is built here, not at each of the call sites (code size in wasm).
    void fail(const char* code, const char* param, std::string value) {
        out.errors.push_back({field.id, code, {{param, std::move(value)}}});
    }
    void empty() {
        if (field.required)
            fail("field.required");
    }

    bool is_control(char32_t c) const {
        if (field.type == FieldType::textarea && (c == '\n' || c == '\t'))
            return false;
        return c < 0x20 || c == 0x7F || (c >= 0x80 && c <= 0x9F) || c == 0x2028 || c == 0x2029;
    }

    // The trimmed text of a string answer; nullopt after recording an error.
    std::optional<std::string> text(const json& v) {
        if (!v.is_string() || !is_valid_utf8(v.get_ref<const std::string&>())) {
            fail("field.wrong_type", "expected", "string");
            return std::nullopt;
        }
        std::string s = v.get_ref<const std::string&>();
        if (field.type == FieldType::textarea) {
            std::string unified; // \r\n and lone \r (old Mac, some pastes) become \n
            for (std::size_t i = 0; i < s.size(); ++i) {
                if (s[i] == '\r') {
                    unified += '\n';
                    if (i + 1 < s.size() && s[i + 1] == '\n')
                        ++i;
                } else {
                    unified += s[i];
                }
            }
            s = std::move(unified);
        }
        s = trim(s);
        for (std::size_t i = 0; i < s.size();) {
            const auto c = next_code_point(s, i);
            if (c && is_control(*c)) {
                fail("field.control_chars");
                return std::nullopt;
            }
        }
        return s;
    }

    void lengths(const std::string& s, std::optional<int> min, std::optional<int> max) {
        const auto n = code_points(s);
        if (min && n < static_cast<std::size_t>(*min))
            fail("field.too_short", "min", std::to_string(*min));
        else if (max && n > static_cast<std::size_t>(*max))
            fail("field.too_long", "max", std::to_string(*max));
    }

    void plain_text(const json* a) {
        const auto s = a ? text(*a) : std::optional<std::string>("");
        if (!s)
            return;
        if (s->empty())
            return empty();
        lengths(*s, field.min_length, field.max_length);
        if (out.errors.empty())
            out.normalised = *s;
    }

    void email(const json* a) {
        const auto s = a ? text(*a) : std::optional<std::string>("");
        if (!s)
            return;
        if (s->empty())
            return empty();
        const auto e = normalise_email(*s);
        if (!e)
            return fail("email.invalid");
        lengths(*s, field.min_length, field.max_length);
        if (out.errors.empty())
            out.normalised = *e;
    }

    void phone(const json* a, std::string_view locale) {
        const auto s = a ? text(*a) : std::optional<std::string>("");
        if (!s)
            return;
        if (s->empty())
            return empty();
        const auto p = normalise_phone(*s, locale == "da" ? "dk" : "se");
        if (!p)
            return fail("phone.invalid");
        out.normalised = *p;
    }

    void number(const json* a) {
        std::optional<double> value;
        std::string normal;
        if (a && a->is_number()) {
            value = a->get<double>(); // type checked: cannot throw
            normal = format_number(*value);
        } else {
            const auto s = a ? text(*a) : std::optional<std::string>("");
            if (!s)
                return;
            if (s->empty())
                return empty();
            value = parse_decimal(*s, normal);
            if (!value)
                return fail("number.invalid");
        }
        if (field.min && *value < *field.min)
            return fail("number.too_small", "min", format_number(*field.min));
        if (field.max && *value > *field.max)
            return fail("number.too_large", "max", format_number(*field.max));
        out.normalised = normal;
    }

    void date(const json* a) {
        const auto s = a ? text(*a) : std::optional<std::string>("");
        if (!s)
            return;
        if (s->empty())
            return empty();
        const auto d = parse_date(*s);
        if (!d)
            return fail("date.invalid");
        if (field.min_date && *d < parse_date(*field.min_date).value_or(*d))
            return fail("date.too_early", "min", *field.min_date);
        if (field.max_date && *d > parse_date(*field.max_date).value_or(*d))
            return fail("date.too_late", "max", *field.max_date);
        out.normalised = *s;
    }

    bool has_option(const std::string& v) const {
        return std::any_of(field.options.begin(), field.options.end(),
                           [&](const Option& o) { return o.value == v; });
    }

    void choice(const json* a) {
        const auto s = a ? text(*a) : std::optional<std::string>("");
        if (!s)
            return;
        if (s->empty())
            return empty();
        if (!has_option(*s))
            return fail("option.invalid", "value", *s);
        out.normalised = *s;
    }

    void group(const json* a) {
        if (a && !a->is_array())
            return fail("field.wrong_type", "expected", "array");
        std::vector<std::string> chosen;
        if (a) {
            for (const auto& item : *a) {
                if (!item.is_string() || !is_valid_utf8(item.get_ref<const std::string&>()))
                    return fail("field.wrong_type", "expected", "array of strings");
                const auto& v = item.get_ref<const std::string&>();
                if (!has_option(v))
                    return fail("option.invalid", "value", v);
                chosen.push_back(v);
            }
        }
        json normal = json::array(); // canonical: the form's option order, no repeats
        for (const auto& o : field.options)
            if (std::find(chosen.begin(), chosen.end(), o.value) != chosen.end())
                normal.push_back(o.value);
        const int n = static_cast<int>(normal.size());
        if (n == 0 && field.required)
            return fail("field.required");
        if (field.min_selected && n < *field.min_selected)
            return fail("selection.too_few", "min", std::to_string(*field.min_selected));
        if (field.max_selected && n > *field.max_selected)
            return fail("selection.too_many", "max", std::to_string(*field.max_selected));
        if (n > 0)
            out.normalised = std::move(normal);
    }

    void checkbox(const json* a) {
        if (a && !a->is_boolean())
            return fail("field.wrong_type", "expected", "boolean");
        const bool checked = a && a->get_ref<const json::boolean_t&>();
        if (!checked && field.required)
            return fail(field.type == FieldType::consent ? "consent.required" : "field.required");
        out.normalised = checked;
    }

    void organisation(const json* a) {
        if (!a || (a->is_object() && a->empty()))
            return empty();
        if (!a->is_object())
            return fail("field.wrong_type", "expected", "object");
        const auto other = a->find("other");
        if (other != a->end()) {
            if (a->size() != 1)
                return fail("field.wrong_type", "expected", "object");
            const auto s = text(*other);
            if (!s)
                return;
            if (s->empty())
                return empty();
            lengths(*s, std::nullopt, max_other_organisation);
            if (out.errors.empty())
                out.normalised = json{{"other", *s}};
            return;
        }
        const auto code = a->find("code");
        const auto country = a->find("country");
        const std::size_t expected_keys = 1 + (country != a->end());
        if (code == a->end() || !code->is_string() || a->size() != expected_keys ||
            (country != a->end() && !country->is_string()))
            return fail("field.wrong_type", "expected", "object");
        std::string c;
        if (country != a->end())
            c = country->get_ref<const std::string&>();
        else if (field.countries.size() == 1)
            c = field.countries.front();
        const bool offered =
            field.countries.empty() ||
            std::find(field.countries.begin(), field.countries.end(), c) != field.countries.end();
        const auto& code_text = code->get_ref<const std::string&>();
        if (!offered || !find_municipality(c, code_text))
            return fail("organisation.invalid");
        out.normalised = json{{"country", c}, {"code", code_text}};
    }
};

} // namespace

Checked check_answer(const Field& field, const json* answer, std::string_view locale) {
    Checker c{field, {}};
    switch (field.type) {
    case FieldType::text:
    case FieldType::textarea:
        c.plain_text(answer);
        break;
    case FieldType::email:
        c.email(answer);
        break;
    case FieldType::phone:
        c.phone(answer, locale);
        break;
    case FieldType::number:
        c.number(answer);
        break;
    case FieldType::date:
        c.date(answer);
        break;
    case FieldType::select:
    case FieldType::radio:
        c.choice(answer);
        break;
    case FieldType::checkbox_group:
        c.group(answer);
        break;
    case FieldType::checkbox:
    case FieldType::consent:
        c.checkbox(answer);
        break;
    case FieldType::organisation:
        c.organisation(answer);
        break;
    }
    return std::move(c.out);
}

} // namespace deltag::detail
