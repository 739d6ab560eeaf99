// Message catalogs: <lang>.json (core) merged with widget.<lang>.json and offline.<lang>.json
// (widget UI) from the compiled-in files where the build has them, or loaded from text (the
// widget); placeholder substitution, fallback and language negotiation. Std and nlohmann/json only.
#include "deltag/catalog.hpp"
#include "deltag/bidi.hpp"
#include "deltag/json_text.hpp"

#include "catalog_locale.hpp"
#include "deltag/embedded.hpp"
#include "deltag/languages.hpp"
#include "deltag/small_sort.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <iterator>
#include <set>

namespace deltag {
namespace {

using Table = std::map<std::string, std::string, std::less<>>;
using Tables = std::map<std::string, Table, std::less<>>;

// Keys already in the table win over later ones: merged after the core catalog, a widget string
// must not be able to change what an error code says.
// Keys starting with "_" are metadata objects (shared/catalogs/README.md): "_meta" is for review,
// "_locale" becomes the flat "_locale.*" texts the core and the widget read.
void merge_object(Table& table, const nlohmann::json& j) {
    for (auto it = j.begin(); it != j.end(); ++it)
        if (it->is_string())
            table.emplace(it.key(), it->get_ref<const std::string&>());
        else if (it.key() == "_locale" || it.key() == "_names")
            flatten_metadata(it.key(), *it, [&](std::string key, std::string text) { table.emplace(std::move(key), std::move(text)); });
}

// Metadata: an object under a key starting with "_" ("_meta", "_locale"), never a message.
bool is_metadata(const std::string& key, const nlohmann::json& value) {
    return !key.empty() && key[0] == '_' && value.is_object();
}

void merge_file(Table& table, std::string_view file_name) {
    nlohmann::json j = parse_json(embedded_file(file_name));
    if (j.is_object())
        merge_object(table, j);
}

// The compiled-in catalogs where this build has them (embedded_file is empty in the widget's
// wasm), plus whatever load_catalog installed. A language without any file has no table.
Tables& tables() {
    static Tables all = [] {
        Tables t;
        for (const std::string& lang : catalog_languages()) {
            Table table;
            merge_file(table, lang + ".json");
            merge_file(table, "widget." + lang + ".json");
            merge_file(table, "offline." + lang + ".json"); // outbox, storage, kiosk (#6)
            merge_file(table, "manage." + lang + ".json");  // manage and staff pages (#14)
            merge_file(table, "locale." + lang + ".json");  // endonym, dates, plurals (#12)
            if (!table.empty())
                t.emplace(lang, std::move(table));
        }
        return t;
    }();
    return all;
}

// The languages at hand: the compiled-in "<lang>.json" files (sv, da, en first, as the
// switch shows them, then by tag), then the ones declared or added at run time.
std::vector<std::string>& languages() {
    static std::vector<std::string> langs = [] {
        std::vector<std::string> found;
        for (std::string_view name : embedded_file_names()) {
            const std::string_view tag = name.substr(0, name.size() < 5 ? 0 : name.size() - 5);
            if (name.size() >= 5 && name.substr(name.size() - 5) == ".json" && is_language_tag(tag))
                found.emplace_back(tag);
        }
        const auto rank = [](const std::string& l) { return l == "sv" ? 0 : l == "da" ? 1 : l == "en" ? 2 : 3; };
        std::sort(found.begin(), found.end(), [&](const std::string& a, const std::string& b) {
            return rank(a) != rank(b) ? rank(a) < rank(b) : a < b;
        });
        return found;
    }();
    return langs;
}

const std::string* lookup(std::string_view lang, std::string_view key) {
    auto table = tables().find(lang);
    if (table == tables().end())
        return nullptr;
    auto it = table->second.find(key);
    return it == table->second.end() ? nullptr : &it->second;
}

bool is_placeholder_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

} // namespace

// A placeholder without a value stays as written, so a missing parameter shows up in review
// instead of silently vanishing.
std::string fill_placeholders(const std::string& text, const std::map<std::string, std::string>& params) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        if (text[i] == '{') {
            std::size_t end = i + 1;
            while (end < text.size() && is_placeholder_char(text[end]))
                ++end;
            if (end < text.size() && text[end] == '}' && end > i + 1) {
                auto it = params.find(text.substr(i + 1, end - i - 1));
                if (it != params.end()) {
                    out += it->second;
                    i = end + 1;
                    continue;
                }
            }
        }
        out += text[i++];
    }
    return out;
}

namespace {

std::string lower_ascii(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::string_view trim_blanks(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
        s.remove_suffix(1);
    return s;
}

// The q value of one "tag;q=0.8" entry (1 if absent; 0 if malformed, i.e. not acceptable).
double quality(std::string_view params) {
    auto q = params.find("q=");
    if (q == std::string_view::npos)
        return 1.0;
    std::string_view v = trim_blanks(params.substr(q + 2));
    if (v.empty() || (v[0] != '0' && v[0] != '1'))
        return 0.0;
    double value = v[0] - '0';
    if (v.size() > 1 && v[1] == '.') {
        double scale = 0.1;
        for (std::size_t i = 2;
             i < v.size() && i < 5 && std::isdigit(static_cast<unsigned char>(v[i])); ++i) {
            value += (v[i] - '0') * scale;
            scale /= 10;
        }
    }
    return std::min(value, 1.0);
}

// The table of lang as a JSON object text with the keys `keep` accepts; "{}" without a table.
std::string table_json(std::string_view lang, bool (*keep)(std::string_view)) {
    auto table = tables().find(lang);
    if (table == tables().end())
        return "{}";
    nlohmann::json j = nlohmann::json::object();
    for (const auto& [key, text] : table->second)
        if (keep(key))
            j[key] = text;
    return j.dump();
}

struct Wanted {
    std::string primary;
    double q;
};

} // namespace

const std::vector<std::string>& catalog_languages() { return languages(); }

void declare_catalog_language(std::string_view lang) {
    if (is_language_tag(lang) && !has_catalog(lang))
        languages().emplace_back(lang);
}

bool has_catalog(std::string_view lang) {
    const auto& langs = catalog_languages();
    return std::find(langs.begin(), langs.end(), lang) != langs.end();
}

std::string negotiate_language(std::string_view tags) {
    std::vector<Wanted> wanted;
    while (!tags.empty()) {
        auto comma = tags.find(',');
        std::string_view entry = tags.substr(0, comma);
        tags = comma == std::string_view::npos ? std::string_view{} : tags.substr(comma + 1);
        auto semi = entry.find(';');
        std::string_view tag = trim_blanks(entry.substr(0, semi));
        double q = semi == std::string_view::npos ? 1.0 : quality(entry.substr(semi + 1));
        std::string primary = lower_ascii(tag.substr(0, tag.find_first_of("-_")));
        if (q > 0 && !primary.empty())
            wanted.push_back({primary, q});
    }
    stable_sort_small(wanted.begin(), wanted.end(),
                      [](const Wanted& a, const Wanted& b) { return a.q > b.q; });
    for (const Wanted& w : wanted)
        if (has_catalog(w.primary))
            return w.primary;
    // Norwegian readers read Danish more easily than Swedish (Bokmål grew out of written
    // Danish), but a language the visitor named outright comes first.
    for (const Wanted& w : wanted)
        if (w.primary == "nb" || w.primary == "nn" || w.primary == "no")
            return "da";
    return "sv";
}

std::vector<std::string> catalog_chain(std::string_view lang) {
    std::vector<std::string> chain = fallback_chain(lang);
    // English is every chain's last resort: a visitor never reads a bare key while any
    // catalog has the text.
    if (std::find(chain.begin(), chain.end(), "en") == chain.end())
        chain.emplace_back("en");
    return chain;
}

ResolvedMessage resolve_message(std::string_view lang, std::string_view key,
                                const std::map<std::string, std::string>& params) {
    for (const std::string& l : catalog_chain(lang))
        if (const std::string* text = lookup(l, key))
            return {fill_placeholders(*text, isolated_values(lang, params)), l};
    return {std::string(key), {}};
}

std::string message(std::string_view lang, std::string_view key,
                    const std::map<std::string, std::string>& params) {
    return resolve_message(lang, key, params).text;
}

// Inserted names, dates, numbers and references are isolated (FSI...PDI) wherever their
// direction can differ from the text around them: every value in a right-to-left language's
// text, and a value with right-to-left letters in any text. Left-to-right values in
// left-to-right text cannot reorder, and stay as they are (plain text in mails and logs).
std::string isolated_value(std::string_view lang, const std::string& value) {
    return !value.empty() && (text_direction(lang) == "rtl" || has_rtl_letters(value)) ? isolate(value) : value;
}

std::map<std::string, std::string> isolated_values(std::string_view lang,
                                                   const std::map<std::string, std::string>& params) {
    std::map<std::string, std::string> out;
    for (const auto& [name, value] : params) out.emplace(name, isolated_value(lang, value));
    return out;
}

std::string message(std::string_view lang, const Error& e) {
    return message(lang, e.code, e.params);
}

std::vector<std::string> catalog_keys(std::string_view lang) {
    std::vector<std::string> keys;
    auto table = tables().find(lang);
    if (table == tables().end())
        return keys;
    for (const auto& entry : table->second)
        keys.push_back(entry.first);
    return keys;
}

bool load_catalog(std::string_view lang, std::string_view merged_json_text) {
    if (!has_catalog(lang))
        return false;
    nlohmann::json j = parse_json(merged_json_text);
    if (!j.is_object() || j.empty())
        return false;
    for (auto it = j.begin(); it != j.end(); ++it)
        if (!it->is_string() && !is_metadata(it.key(), *it))
            return false;
    Table table;
    merge_object(table, j);
    tables()[std::string(lang)] = std::move(table);
    return true;
}

namespace {

std::set<std::string> placeholder_names(const std::string& text) {
    std::set<std::string> names;
    for (std::size_t open = text.find('{'); open != std::string::npos; open = text.find('{', open + 1)) {
        std::size_t end = open + 1;
        while (end < text.size() && is_placeholder_char(text[end]))
            ++end;
        if (end < text.size() && text[end] == '}' && end > open + 1)
            names.insert(text.substr(open + 1, end - open - 1));
    }
    return names;
}

} // namespace

// Swedish is the reference: every catalog is translated from it, so a key it lacks is a typo or
// a key of another version, and a placeholder it lacks would show as written.
Errors check_agency_catalog(std::string_view lang, std::string_view json_text) {
    Errors errors;
    if (!is_language_tag(lang))
        return {{"", "catalog.lang_invalid", {{"lang", std::string(lang)}}}};
    const nlohmann::json j = parse_json(json_text);
    if (!j.is_object() || j.empty())
        return {{"", "catalog.invalid", {}}};
    for (auto it = j.begin(); it != j.end(); ++it) {
        if (is_metadata(it.key(), *it) && (it.key() == "_meta" || it.key() == "_locale" || it.key() == "_names"))
            continue; // the review state, and the dates and names (merged as _locale.* texts)
        const std::string* reference = lookup("sv", it.key());
        if (!reference) {
            errors.push_back({it.key(), "catalog.unknown_key", {}});
        } else if (!it->is_string() || it->get_ref<const std::string&>().empty()) {
            errors.push_back({it.key(), "catalog.not_text", {}});
        } else {
            const std::set<std::string> allowed = placeholder_names(*reference);
            for (const std::string& name : placeholder_names(it->get_ref<const std::string&>()))
                if (!allowed.count(name))
                    errors.push_back({it.key(), "catalog.placeholder_unknown", {{"name", name}}});
        }
    }
    return errors;
}

Errors add_catalog(std::string_view lang, std::string_view json_text) {
    Errors errors = check_agency_catalog(lang, json_text);
    if (!errors.empty())
        return errors;
    const nlohmann::json j = parse_json(json_text);
    Table& table = tables()[std::string(lang)];
    // The agency's text wins over the compiled-in one: that is what overriding means.
    for (auto it = j.begin(); it != j.end(); ++it)
        if (it->is_string())
            table[it.key()] = it->get_ref<const std::string&>();
        else if (it.key() == "_locale" || it.key() == "_names")
            flatten_metadata(it.key(), *it, [&](std::string key, std::string text) { table[key] = std::move(text); });
    declare_catalog_language(lang);
    return {};
}

bool catalog_loaded(std::string_view lang) { return tables().find(lang) != tables().end(); }

std::string catalog_json(std::string_view lang) {
    return table_json(lang, [](std::string_view) { return true; });
}

namespace {

// The texts `keep` accepts, each from the first language of lang's chain that has it: what
// message() would show, as one object a page can load alone.
nlohmann::json chain_object(std::string_view lang, bool (*keep)(std::string_view)) {
    nlohmann::json j = nlohmann::json::object();
    for (const std::string& l : catalog_chain(lang))
        if (auto table = tables().find(l); table != tables().end())
            for (const auto& [key, text] : table->second)
                if (keep(key) && !j.contains(key))
                    j[key] = text;
    return j;
}

} // namespace

// The widget reads one catalog, so this one carries what it would otherwise fetch others for:
// a key an agency's partial catalog lacks, from the next language of the chain (the widget
// still never shows a key), and every language's own name for the switch.
std::string visitor_catalog_json(std::string_view lang) {
    if (tables().find(lang) == tables().end())
        return "{}";
    nlohmann::json j = chain_object(lang, visitor_can_see);
    for (const std::string& other : catalog_languages())
        if (const std::string* endonym = lookup(other, "_locale.endonym"))
            j["_locale.endonym." + other] = *endonym;
    return j.dump();
}

void unload_catalog(std::string_view lang) {
    auto table = tables().find(lang);
    if (table != tables().end())
        tables().erase(table);
    // A language an agency added or a test declared goes with its texts; a compiled-in one
    // stays a language (the widget fetches it again).
    if (embedded_file(std::string(lang) + ".json").empty()) {
        auto& langs = languages();
        langs.erase(std::remove(langs.begin(), langs.end(), lang), langs.end());
    }
}

namespace {

// One family per line reads better than one code per line.
// clang-format off
const char* const visitor_codes[] = {
    // answers (validate.hpp)
    "field.required", "field.too_short", "field.too_long", "field.control_chars",
    "field.wrong_type", "field.unknown", "field.hidden", "email.invalid", "phone.invalid",
    "number.invalid", "number.too_small", "number.too_large", "date.invalid",
    "date.too_early", "date.too_late", "option.invalid", "selection.too_few",
    "selection.too_many", "consent.required", "organisation.invalid",
    // the payload (registration.hpp, and the server's checks around it)
    "payload.too_large", "payload.nul_byte", "payload.malformed", "payload.duplicate_key",
    "payload.unknown_field", "payload.wrong_type", "payload.missing_field",
    "payload.too_long", "payload.bad_key", "payload.bad_locale", "payload.bad_header",
    "payload.event_mismatch", "payload.key_mismatch", "payload.unsupported_media_type",
    "consent.outdated", "idempotency.key_reused",
    // the rules (rules.hpp) and the server's look-ups
    "registration.closed", "registration.full", "registration.duplicate",
    "registration.not_open_yet", "registration.not_found", "registration.not_confirmed",
    "event.not_found", "session.not_found",
    // the server and the network. The kiosk shows the code of any final refusal of a sign-up
    // (wasm/app/outbox.cpp refusal_code), so whatever the server can answer a POST stays here:
    // cors.origin_not_allowed too (a same-origin page the allow-list forgot sees the 403).
    "request.rate_limited", "request.unsupported_media_type", "request.not_found",
    "request.bad_header", "request.idempotency_conflict", "request.idempotency_mismatch",
    "request.invalid", "request.uri_too_long", "request.range_not_satisfiable",
    // the reception's final refusals (server-stub/http/request_framing.hpp); its 408, 429 and 503
    // are retried and shown as network.* codes
    "request.bad_framing", "request.header_too_large",
    "idempotency.in_progress", "storage.unavailable", "cors.origin_not_allowed",
    "internal.error",
    "network.offline", "network.error", "network.unreachable", "network.timeout",
    "network.rate_limited", "network.server_error",
    // the manage page (issue 14): read there, never by the widget (manage_only_codes)
    "registration.not_active", "registration.substitute_unsupported",
};

// The visitor codes only the manage page shows; the widget's catalog leaves them out.
const char* const manage_codes[] = {"registration.not_active", "registration.substitute_unsupported"};

// Read by staff only: the admin API's answers (its caller holds the admin token), and the
// configuration files' errors (event.hpp, form.hpp): parse_event and parse_form report them
// when the server loads its files; the widget parses the events the server serves with
// parse_event too, but drops an event that fails (wasm/app/app_network.cpp entry_from) and never
// shows why. The server answers a visitor's request with none of them.
const char* const staff_codes[] = {
    "admin.unauthorized", "admin.disabled",
    "event.invalid", "event.field_missing", "event.unknown_key", "event.id_invalid",
    "event.language_unknown", "event.mode_unknown", "event.number_invalid",
    "event.organisation_field_missing", "event.session_id_duplicate", "event.time_invalid",
    "event.time_order", "event.form_unknown", "event.join_url_invalid",
    "form.invalid", "form.field_missing", "form.unknown_key", "form.field_type_unknown",
    "form.field_id_duplicate", "form.field_id_invalid", "form.country_unknown",
    "form.date_invalid", "form.option_duplicate", "form.options_missing",
    "form.range_invalid", "form.visible_if_invalid",
    // the staff pages (issue 14)
    "registration.not_waitlisted", "application.not_pending", "application.over_capacity",
    "staff.csrf_invalid", "staff.session_required",
};
// clang-format on

} // namespace

const std::vector<std::string>& error_codes() {
    static const std::vector<std::string> codes = [] {
        std::vector<std::string> all(std::begin(visitor_codes), std::end(visitor_codes));
        all.insert(all.end(), std::begin(staff_codes), std::end(staff_codes));
        return all;
    }();
    return codes;
}

const std::vector<std::string>& staff_only_codes() {
    static const std::vector<std::string> codes(std::begin(staff_codes), std::end(staff_codes));
    return codes;
}

bool visitor_can_see(std::string_view key) {
    const auto& staff = staff_only_codes();
    if (key.substr(0, 7) == "manage." || key.substr(0, 6) == "staff.") return false;
    if (std::find(std::begin(manage_codes), std::end(manage_codes), key) != std::end(manage_codes)) return false;
    return std::find(staff.begin(), staff.end(), key) == staff.end();
}

bool manage_page_can_see(std::string_view key) {
    if (key.substr(0, 7) == "manage.") return true;
    const auto& codes = error_codes();
    if (std::find(codes.begin(), codes.end(), key) == codes.end()) return false;
    const auto& staff = staff_only_codes();
    return std::find(staff.begin(), staff.end(), key) == staff.end();
}

// Like the widget's, the manage page's catalog carries the chain's text for a key its language
// lacks (fit, se, smj, sma and rom have no manage texts of their own yet).
std::string manage_catalog_json(std::string_view lang) {
    if (tables().find(lang) == tables().end())
        return "{}";
    return chain_object(lang, manage_page_can_see).dump();
}

} // namespace deltag
