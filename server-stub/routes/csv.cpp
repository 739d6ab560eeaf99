// The admin export. Answers are rendered as plain text (lists joined with "; ",
// municipalities by name) so the file is readable without the form definition.
#include "csv.hpp"

#include "deltag/organisations.hpp"

namespace deltag::server {

std::string csv_cell(std::string_view value) {
    std::string v(value);
    if (!v.empty() && (v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@' || v[0] == '\t' || v[0] == '\r'))
        v.insert(v.begin(), '\'');
    if (v.find_first_of(",\"\r\n") == std::string::npos) return v;
    std::string out = "\"";
    for (char c : v) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

namespace {

std::string answer_text(const nlohmann::json& a) {
    if (a.is_string()) return a.get_ref<const std::string&>();
    if (a.is_boolean()) return a.get<bool>() ? "true" : "false";
    if (a.is_number()) return a.dump();
    if (a.is_array()) {
        std::string out;
        for (const auto& item : a) out += (out.empty() ? "" : "; ") + answer_text(item);
        return out;
    }
    if (a.is_object()) {
        auto other = a.find("other");
        if (other != a.end() && other->is_string()) return other->get_ref<const std::string&>();
        auto code = a.find("code");
        auto country = a.find("country");
        if (code != a.end() && code->is_string()) {
            const std::string c = country != a.end() && country->is_string() ? country->get_ref<const std::string&>() : "";
            if (const Municipality* m = find_municipality(c, code->get_ref<const std::string&>()))
                return m->name + " (" + m->country + " " + m->code + ")";
            return c + " " + code->get_ref<const std::string&>();
        }
    }
    return a.is_null() ? std::string() : a.dump();
}

void add_row(std::string& out, const std::vector<std::string>& cells) {
    for (std::size_t i = 0; i < cells.size(); ++i) {
        if (i) out += ',';
        out += csv_cell(cells[i]);
    }
    out += "\r\n";
}

} // namespace

std::string registrations_csv(const Event& event, const std::vector<ExportRow>& rows, bool include_sensitive) {
    std::vector<const Field*> fields;
    for (const auto& f : event.form.fields)
        if (include_sensitive || !f.sensitive) fields.push_back(&f);

    std::string out = "\xEF\xBB\xBF";
    std::vector<std::string> header{"reference", "status", "waitlist_position", "waitlist_reason",
                                    "registered_at", "locale"};
    for (const Field* f : fields) header.push_back(f->id);
    add_row(out, header);
    for (const auto& r : rows) {
        std::vector<std::string> cells{r.reference, r.status,
                                       r.waitlist_position ? std::to_string(*r.waitlist_position) : "",
                                       r.waitlist_reason, format_iso8601(r.created_at, 0), r.locale};
        for (const Field* f : fields) {
            const auto& source = f->sensitive ? r.sensitive_answers : r.answers;
            auto it = source.find(f->id);
            std::string text = it == source.end() ? "" : answer_text(*it);
            if (f->type == FieldType::consent && it != source.end()) {
                auto version = r.consents.find(f->id);
                if (version != r.consents.end() && version->is_string())
                    text += " (" + version->get<std::string>() + ")";
            }
            cells.push_back(std::move(text));
        }
        add_row(out, cells);
    }
    return out;
}

} // namespace deltag::server
