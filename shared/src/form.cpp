// Forms: strict parsing of form JSON (every unknown key is an error naming its path),
// serialisation, and conditional visibility. Standard library and nlohmann/json only.
#include "deltag/form.hpp"
#include "deltag/organisations.hpp"
#include "deltag/time.hpp"

#include "json_read.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace deltag {

using detail::ObjectReader;
using nlohmann::json;

namespace {

constexpr const char* type_names[] = {"text",     "textarea",       "email",   "phone",
                                      "number",   "date",           "select",  "radio",
                                      "checkbox", "checkbox_group", "consent", "organisation"};

bool is_choice(FieldType t) {
    return t == FieldType::select || t == FieldType::radio || t == FieldType::checkbox_group;
}

bool valid_field_id(std::string_view id) {
    if (id.empty() || id.size() > 64 || id[0] < 'a' || id[0] > 'z')
        return false;
    return std::all_of(id.begin(), id.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    });
}

std::vector<Option> read_options(const json& j, const std::string& path, Errors& errors) {
    std::vector<Option> out;
    if (!j.is_array()) {
        errors.push_back({path, "form.invalid", {{"expected", "array"}}});
        return out;
    }
    for (std::size_t i = 0; i < j.size(); ++i) {
        ObjectReader r(j[i], detail::index_path(path, i), "form", errors);
        if (!r.ok())
            continue;
        r.only({"value", "label"});
        Option o;
        o.value = r.string("value", true).value_or("");
        o.label = r.text("label", true).value_or(LocalizedText{});
        const bool duplicate = std::any_of(out.begin(), out.end(),
                                           [&](const Option& p) { return p.value == o.value; });
        if (duplicate)
            r.fail("value", "form.option_duplicate", "value", o.value);
        out.push_back(std::move(o));
    }
    return out;
}

std::optional<VisibleIf> read_visible_if(const json& j, const std::string& path, Errors& errors) {
    ObjectReader r(j, path, "form", errors);
    if (!r.ok())
        return std::nullopt;
    r.only({"field", "values"});
    VisibleIf v;
    v.field = r.string("field", true).value_or("");
    auto values = r.strings("values");
    if (!values || values->empty()) {
        if (!r.get("values"))
            r.missing("values");
        return std::nullopt;
    }
    v.values = std::move(*values);
    return v;
}

Field read_field(const json& j, const std::string& path, Errors& errors) {
    Field f;
    ObjectReader r(j, path, "form", errors);
    if (!r.ok())
        return f;
    r.only({"id",           "type",
            "label",        "help",
            "required",     "min_length",
            "max_length",   "min",
            "max",          "min_date",
            "max_date",     "min_selected",
            "max_selected", "options",
            "autocomplete", "visible_if",
            "sensitive",    "unique_per_event",
            "consent_text", "consent_version",
            "countries"});
    f.id = r.string("id", true).value_or("");
    if (!f.id.empty() && !valid_field_id(f.id))
        r.fail("id", "form.field_id_invalid", "id", f.id);
    if (const auto type = r.string("type", true)) {
        if (const auto t = field_type_from_string(*type))
            f.type = *t;
        else
            r.fail("type", "form.field_type_unknown", "type", *type);
    }
    f.label = r.text("label", true).value_or(LocalizedText{});
    f.help = r.text("help").value_or(LocalizedText{});
    f.required = r.boolean("required").value_or(false);
    f.min_length = r.integer("min_length");
    f.max_length = r.integer("max_length");
    f.min = r.number("min");
    f.max = r.number("max");
    for (const char* key : {"min_date", "max_date"}) {
        auto date = r.string(key);
        if (date && !parse_date(*date)) {
            r.fail(key, "form.date_invalid", "value", *date);
            date.reset();
        }
        (std::string_view(key) == "min_date" ? f.min_date : f.max_date) = date;
    }
    f.min_selected = r.integer("min_selected");
    f.max_selected = r.integer("max_selected");
    if (const json* options = r.get("options"))
        f.options = read_options(*options, r.path("options"), errors);
    if (is_choice(f.type) && f.options.empty() && r.has("type"))
        r.fail("options", "form.options_missing");
    f.autocomplete = r.string("autocomplete").value_or("");
    if (const json* v = r.get("visible_if"))
        f.visible_if = read_visible_if(*v, r.path("visible_if"), errors);
    f.sensitive = r.boolean("sensitive").value_or(false);
    f.unique_per_event = r.boolean("unique_per_event").value_or(false);
    f.consent_text = r.text("consent_text").value_or(LocalizedText{});
    f.consent_version = r.string("consent_version").value_or("");
    // The server records which version each person agreed to, so a consent needs one.
    if (f.type == FieldType::consent && f.consent_version.empty() && r.has("type"))
        r.missing("consent_version");
    f.countries = r.strings("countries").value_or(std::vector<std::string>{});
    const std::vector<std::string>& known = municipality_countries();
    for (const auto& c : f.countries)
        if (std::find(known.begin(), known.end(), c) == known.end())
            r.fail("countries", "form.country_unknown", "country", c);
    if (f.type == FieldType::organisation && f.countries.empty())
        f.countries = known;
    if (f.min_length && f.max_length && *f.min_length > *f.max_length)
        r.fail("min_length", "form.range_invalid");
    if (f.min && f.max && *f.min > *f.max)
        r.fail("min", "form.range_invalid");
    if (f.min_selected && f.max_selected && *f.min_selected > *f.max_selected)
        r.fail("min_selected", "form.range_invalid");
    if (f.min_date && f.max_date && *parse_date(*f.min_date) > *parse_date(*f.max_date))
        r.fail("min_date", "form.range_invalid");
    return f;
}

json number_json(double d) {
    if (std::floor(d) == d && std::fabs(d) < 9e15)
        return static_cast<std::int64_t>(d);
    return d;
}

} // namespace

std::optional<FieldType> field_type_from_string(std::string_view s) {
    for (std::size_t i = 0; i < std::size(type_names); ++i)
        if (s == type_names[i])
            return static_cast<FieldType>(i);
    return std::nullopt;
}

const char* to_string(FieldType t) {
    return type_names[static_cast<std::size_t>(t)];
}

const Field* Form::find(std::string_view field_id) const {
    for (const auto& f : fields)
        if (f.id == field_id)
            return &f;
    return nullptr;
}

Result<Form> parse_form(const json& j) {
    Result<Form> out;
    ObjectReader r(j, "", "form", out.errors);
    if (!r.ok())
        return out;
    r.only({"id", "fields"});
    out.value.id = r.string("id", true).value_or("");
    const json* fields = r.get("fields");
    if (!fields) {
        r.missing("fields");
        return out;
    }
    if (!fields->is_array()) {
        r.wrong_type("fields", "array");
        return out;
    }
    for (std::size_t i = 0; i < fields->size(); ++i) {
        const std::string path = detail::index_path("fields", i);
        Field f = read_field((*fields)[i], path, out.errors);
        if (!f.id.empty() && out.value.find(f.id))
            out.errors.push_back({path + ".id", "form.field_id_duplicate", {{"id", f.id}}});
        // Only an earlier field may control visibility: this rules out cycles by construction.
        if (f.visible_if) {
            const Field* target = out.value.find(f.visible_if->field);
            if (!target)
                out.errors.push_back({path + ".visible_if.field",
                                      "form.visible_if_invalid",
                                      {{"field", f.visible_if->field}}});
        }
        out.value.fields.push_back(std::move(f));
    }
    return out;
}

json to_json(const Form& form) {
    json fields = json::array();
    for (const Field& f : form.fields) {
        json o = {{"id", f.id}, {"type", to_string(f.type)}, {"label", detail::to_json(f.label)}};
        if (!f.help.empty())
            o["help"] = detail::to_json(f.help);
        if (f.required)
            o["required"] = true;
        if (f.min_length)
            o["min_length"] = *f.min_length;
        if (f.max_length)
            o["max_length"] = *f.max_length;
        if (f.min)
            o["min"] = number_json(*f.min);
        if (f.max)
            o["max"] = number_json(*f.max);
        if (f.min_date)
            o["min_date"] = *f.min_date;
        if (f.max_date)
            o["max_date"] = *f.max_date;
        if (f.min_selected)
            o["min_selected"] = *f.min_selected;
        if (f.max_selected)
            o["max_selected"] = *f.max_selected;
        if (!f.options.empty()) {
            json options = json::array();
            for (const auto& opt : f.options)
                options.push_back({{"value", opt.value}, {"label", detail::to_json(opt.label)}});
            o["options"] = std::move(options);
        }
        if (!f.autocomplete.empty())
            o["autocomplete"] = f.autocomplete;
        if (f.visible_if)
            o["visible_if"] = {{"field", f.visible_if->field}, {"values", f.visible_if->values}};
        if (f.sensitive)
            o["sensitive"] = true;
        if (f.unique_per_event)
            o["unique_per_event"] = true;
        if (!f.consent_text.empty())
            o["consent_text"] = detail::to_json(f.consent_text);
        if (!f.consent_version.empty())
            o["consent_version"] = f.consent_version;
        if (!f.countries.empty())
            o["countries"] = f.countries;
        fields.push_back(std::move(o));
    }
    return {{"id", form.id}, {"fields", std::move(fields)}};
}

} // namespace deltag
