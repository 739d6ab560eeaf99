// The "_locale" block of a catalog file as flat texts (catalog_locale.hpp). Std and nlohmann/json.
#include "catalog_locale.hpp"

namespace deltag {
namespace {

std::string join_bars(const nlohmann::json& names) {
    std::string out;
    for (const auto& n : names) {
        if (!n.is_string()) return {};
        out += (out.empty() ? "" : "|") + n.get<std::string>();
    }
    return out;
}

// The rule family locale_format.cpp knows, from the categories the block lists (CLDR's rules
// for sv/da/en/de/fi/fit/rom are "one: i = 1 and v = 0" or "n = 1", the same for counts).
std::string plural_family(const nlohmann::json& plural) {
    if (!plural.is_object()) return {};
    if (plural.contains("zero") || plural.contains("few") || plural.contains("many")) return "arabic";
    if (plural.contains("two")) return "one-two-other";
    if (plural.contains("one")) return "one-other";
    return "other";
}

} // namespace

std::string ldml_to_placeholders(const std::string& p) {
    static const std::pair<const char*, const char*> fields[] = {
        {"EEEE", "{weekday}"}, {"EEE", "{weekday}"}, {"MMMM", "{month}"}, {"MMM", "{month}"},
        {"MM", "{month_number}"}, {"M", "{month_n}"}, {"dd", "{day_number}"}, {"d", "{day}"},
        {"yyyy", "{year}"}, {"y", "{year}"}, {"HH", "{hour}"}, {"H", "{hour}"}, {"mm", "{minute}"},
    };
    std::string out;
    for (std::size_t i = 0; i < p.size();) {
        if (p[i] == '\'') {
            if (i + 1 < p.size() && p[i + 1] == '\'') {
                out += '\'';
                i += 2;
                continue;
            }
            const std::size_t end = p.find('\'', i + 1);
            out += p.substr(i + 1, end == std::string::npos ? std::string::npos : end - i - 1);
            i = end == std::string::npos ? p.size() : end + 1;
            continue;
        }
        bool matched = false;
        for (const auto& [letters, placeholder] : fields) {
            const std::string l(letters);
            if (p.compare(i, l.size(), l) == 0) {
                out += placeholder;
                i += l.size();
                matched = true;
                break;
            }
        }
        if (!matched) out += p[i++];
    }
    return out;
}

void flatten_locale_block(const nlohmann::json& block, const std::function<void(std::string, std::string)>& put) {
    if (!block.is_object()) return;
    const auto text = [&](const char* key) {
        auto it = block.find(key);
        return it != block.end() && it->is_string() ? it->get<std::string>() : std::string();
    };
    if (std::string e = text("endonym"); !e.empty()) put("_locale.endonym", e);
    for (const char* list : {"months", "weekdays"})
        if (auto it = block.find(list); it != block.end() && it->is_array())
            if (std::string joined = join_bars(*it); !joined.empty()) put(std::string("_locale.") + list, joined);
    if (std::string d = text("date"); !d.empty()) put("_locale.date", ldml_to_placeholders(d));
    if (std::string t = text("time"); !t.empty()) put("_locale.time", ldml_to_placeholders(t));
    if (auto it = block.find("plural"); it != block.end())
        if (std::string family = plural_family(*it); !family.empty()) put("_locale.plural", family);
}

void flatten_metadata(const std::string& key, const nlohmann::json& value,
                      const std::function<void(std::string, std::string)>& put) {
    if (key == "_locale") {
        flatten_locale_block(value, put);
    } else if (key == "_names" && value.is_object()) {
        for (auto it = value.begin(); it != value.end(); ++it)
            if (it->is_string() && !it->get_ref<const std::string&>().empty())
                put("_locale.name." + it.key(), it->get<std::string>());
    }
}

} // namespace deltag
