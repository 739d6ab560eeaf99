// The item list of the sign-up form: one item (or a group of items) per visible field,
// the error summary, the privacy notice, the honeypot and the submit button. Core and std only.
#include "view_model.hpp"


#include "deltag/organisations.hpp"

namespace deltag::widget {

using nlohmann::json;

namespace {

// Option values become part of DOM ids: keep them to [a-z0-9_-].
std::string id_part(const std::string& value) {
    std::string out;
    for (char c : value) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
        out += ok ? c : (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : '_';
    }
    return out;
}

const char* input_type(FieldType t) {
    switch (t) {
    case FieldType::email: return "email";
    case FieldType::phone: return "tel";
    case FieldType::date: return "date";
    case FieldType::textarea: return "textarea";
    default: return "text";
    }
}

} // namespace

std::string ViewBuilder::error_text(const std::string& field_id) const {
    auto it = app.errors_.find(field_id);
    return it == app.errors_.end() ? std::string() : message(app.lang_, it->second);
}

// An item for a field with what every field shows: label, required, help, error, sensitivity.
Item& ViewBuilder::field_item(std::string id, Role role, const Field& f) {
    Item& it = add_text(std::move(id), role, f.label);
    it.required = f.required;
    it.help = pick(f.help, app.lang_);
    it.error = error_text(f.id);
    it.invalid = !it.error.empty();
    it.sensitive = f.sensitive;
    if (f.sensitive) it.badge = t("widget.form.sensitive");
    it.field_id = f.id;
    return it;
}

void ViewBuilder::form() {
    const EventEntry* e = app.current();
    if (!e) return loading();
    const Event& ev = e->event;
    button("l-back", t("widget.back.event"), "event", Look::secondary).role = Role::link;
    add("h-form", Role::heading, t("widget.form.title", {{"title", pick(ev.title, app.lang_)}})).level = 2;
    add("t-required-note", Role::text, t("widget.form.required_note"), Look::small);
    if (app.summary_shown_ && !app.errors_.empty()) summary();
    for (const auto& f : ev.form.fields)
        if (is_visible(ev.form, f, app.answers_)) field(f);
    if (const std::string& p = pick(ev.privacy, app.lang_); !p.empty()) {
        add("h-privacy", Role::heading, t("widget.form.privacy_title")).level = 3;
        add("t-privacy", Role::text, p, Look::small);
    }
    // People leave it empty; bots fill it. The page keeps it out of sight and out of tab order.
    Item& hp = add("f-hp", Role::textbox, t("widget.honeypot"));
    hp.honeypot = true;
    hp.input_type = "text";
    hp.autocomplete = "off";
    hp.field_id = "honeypot";
    hp.value = app.honeypot_;
    Item& submit = button("b-submit",
                          t(app.sending_ ? "widget.form.sending"
                            : ev.mode == Mode::application ? "widget.form.submit_application"
                                                           : "widget.form.submit"),
                          "submit");
    submit.disabled = app.sending_;
    submit.busy = app.sending_;
    offline_controls();
}

void ViewBuilder::summary() {
    const Form& form = app.current()->event.form;
    Item& s = add("s-summary", Role::alert, "");
    int n = 0;
    auto link_for = [&](const std::string& fid, const Error& err) {
        ItemLink l;
        const Field* f = form.find(fid);
        l.label = message(app.lang_, err);
        if (f) {
            // The field's label is the form's text, maybe in another language and direction
            // than the message: isolated, so "Vilka programpunkter vill du gå på?" keeps its
            // question mark on a Yiddish page.
            l.label = isolated_value(app.lang_, pick(f->label, app.lang_)) + ": " + l.label;
            l.target = "f-" + f->id;
            if ((f->type == FieldType::radio || f->type == FieldType::checkbox_group) && !f->options.empty())
                l.target = "f-" + f->id + "-" + id_part(f->options.front().value);
            if (f->type == FieldType::organisation && app.org_other_.count(f->id)) l.target += "-other";
        }
        s.links.push_back(l);
        ++n;
    };
    for (const auto& f : form.fields)
        if (auto it = app.errors_.find(f.id); it != app.errors_.end()) link_for(f.id, it->second);
    for (const auto& [fid, err] : app.errors_)
        if (!form.find(fid)) link_for(fid, err);
    s.label = n == 1 ? t("widget.form.summary_one") : t("widget.form.summary", {{"n", std::to_string(n)}});
}

void ViewBuilder::field(const Field& f) {
    switch (f.type) {
    case FieldType::radio:
    case FieldType::checkbox_group: return choice_group(f);
    case FieldType::organisation: return organisation(f);
    case FieldType::consent:
        if (const std::string& c = pick(f.consent_text, app.lang_); !c.empty())
            add("t-" + f.id + "-consent", Role::text, c, f.sensitive ? Look::emphasis : Look::normal);
        [[fallthrough]];
    case FieldType::checkbox: {
        Item& it = field_item("f-" + f.id, Role::checkbox, f);
        auto a = app.answers_.find(f.id);
        it.checked = a != app.answers_.end() && a->is_boolean() && a->get<bool>();
        it.has_checked = true;
        return;
    }
    case FieldType::select: {
        Item& it = field_item("f-" + f.id, Role::select, f);
        auto a = app.answers_.find(f.id);
        it.value = a != app.answers_.end() && a->is_string() ? a->get<std::string>() : std::string();
        it.options.push_back({"f-" + f.id + "-none", "", t("widget.form.choose"), it.value.empty(), {}});
        for (const auto& o : f.options)
            it.options.push_back({"f-" + f.id + "-" + id_part(o.value), o.value, pick(o.label, app.lang_),
                                  o.value == it.value, {}});
        return;
    }
    default: return text_field(f);
    }
}

void ViewBuilder::text_field(const Field& f) {
    Item& it = field_item("f-" + f.id, Role::textbox, f);
    it.input_type = input_type(f.type);
    if (f.type == FieldType::number) it.inputmode = "decimal";
    auto a = app.answers_.find(f.id);
    it.value = a != app.answers_.end() && a->is_string() ? a->get<std::string>() : std::string();
    it.autocomplete = f.autocomplete;
    it.max_length = f.max_length.value_or(0);
}

void ViewBuilder::choice_group(const Field& f) {
    const bool radio = f.type == FieldType::radio;
    const std::string gid = "g-" + f.id;
    // Copied, not referenced: adding the options below may move the group item.
    const bool invalid = field_item(gid, Role::group, f).invalid;
    const json* a = nullptr;
    if (auto it = app.answers_.find(f.id); it != app.answers_.end()) a = &*it;
    for (const auto& o : f.options) {
        Item& it = add("f-" + f.id + "-" + id_part(o.value), radio ? Role::radio : Role::checkbox,
                       pick(o.label, app.lang_));
        it.group = gid;
        if (radio) it.name = f.id;
        it.has_checked = true;
        if (a && a->is_string()) it.checked = a->get_ref<const std::string&>() == o.value;
        if (a && a->is_array())
            for (const auto& v : *a) it.checked = it.checked || (v.is_string() && v.get_ref<const std::string&>() == o.value);
        it.invalid = invalid;
        it.field_id = f.id;
        it.option_value = o.value;
    }
}

void ViewBuilder::organisation(const Field& f) {
    const std::string base = "f-" + f.id;
    const bool other = app.org_other_.count(f.id) > 0;
    Item& c = add_text(base, Role::combobox, f.label);
    auto q = app.org_query_.find(f.id);
    c.value = q != app.org_query_.end() ? q->second : std::string();
    if (other) c.value = t("widget.org.other");
    c.expanded = app.org_open_ == f.id;
    c.options_id = base + "-list";
    c.autocomplete = "off";
    c.required = f.required;
    c.help = pick(f.help, app.lang_);
    if (c.help.empty()) c.help = t("widget.org.help");
    c.error = other ? std::string() : error_text(f.id);
    c.invalid = !c.error.empty();
    c.field_id = f.id;
    if (c.expanded) {
        const std::string query = c.value;
        Item& l = add(base + "-list", Role::listbox, pick(f.label, app.lang_));
        l.field_id = f.id;
        const bool several = f.countries.size() != 1;
        for (const Municipality* m : search_municipalities(query, f.countries, 6)) {
            std::string label = m->name;
            if (several) label += m->country == "se" ? " (SE)" : m->country == "dk" ? " (DK)" : "";
            l.options.push_back({"o-" + f.id + "-" + m->country + "-" + m->code, m->country + ":" + m->code, label, false, {}});
        }
        if (const char* note = app.organisation_list_note(f)) l.help = t(note); // list loading or failed
        else if (l.options.empty()) l.help = t("widget.org.no_match");
        l.options.push_back({"o-" + f.id + "-other", "other", t("widget.org.other"), false, {}});
    }
    if (other) {
        Item& o = add(base + "-other", Role::textbox, t("widget.org.other_label"));
        o.input_type = "text";
        o.autocomplete = "organization";
        auto a = app.answers_.find(f.id);
        if (a != app.answers_.end() && a->is_object())
            if (auto v = a->find("other"); v != a->end() && v->is_string()) o.value = v->get<std::string>();
        o.required = f.required;
        o.error = error_text(f.id);
        o.invalid = !o.error.empty();
        o.field_id = f.id;
    }
}

} // namespace deltag::widget
