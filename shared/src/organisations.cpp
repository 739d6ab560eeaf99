// The Swedish and Danish municipality lists (compiled-in data/municipalities.json where the build
// has it, or loaded from text) and the picker's search. Standard library and nlohmann/json only;
// never throws.
#include "deltag/json_text.hpp"
#include "deltag/organisations.hpp"

#include "deltag/embedded.hpp"
#include "unicode_tables.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <tuple>

namespace deltag {
namespace {

using nlohmann::json;

const std::string* string_at(const json& object, const char* key) {
    auto it = object.find(key);
    return it != object.end() && it->is_string() ? it->get_ptr<const std::string*>() : nullptr;
}

// Appends the valid rows of one country's array; false when there are none (or it is no array).
bool read_country(const json& list, const std::string& country, std::vector<Municipality>& out) {
    if (!list.is_array())
        return false;
    const std::size_t before = out.size();
    for (const json& row : list) {
        if (!row.is_object())
            continue;
        const std::string* code = string_at(row, "code");
        const std::string* name = string_at(row, "name");
        if (!code || !name || code->empty() || name->empty())
            continue;
        Municipality m{*code, country, *name, {}};
        auto others = row.find("other_names");
        if (others != row.end() && others->is_array())
            for (const json& other : *others)
                if (other.is_string())
                    m.other_names.push_back(other.get_ref<const std::string&>());
        out.push_back(std::move(m));
    }
    return out.size() > before;
}

// The lists at hand, and a count of loads so the search keys know when to fold again.
struct Lists {
    std::vector<Municipality> all;
    unsigned generation = 0;
};

Lists& lists() {
    static Lists lists = [] {
        Lists l;
        json root = parse_json(embedded_file("municipalities.json"));
        if (root.is_object())
            for (const std::string& country : municipality_countries())
                if (auto list = root.find(country); list != root.end())
                    read_country(*list, country, l.all);
        return l;
    }();
    return lists;
}

constexpr std::uint32_t malformed = 0xFFFFFFFF;

// Decodes one UTF-8 sequence at s[i]; a malformed byte is `malformed` with len 1, so that
// folding copies it unchanged and never loses or invents input.
std::uint32_t decode(std::string_view s, std::size_t i, std::size_t& len) {
    auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    unsigned char b = byte(i);
    std::size_t need = b < 0x80           ? 0
                       : (b >> 5) == 0x6  ? 1
                       : (b >> 4) == 0xE  ? 2
                       : (b >> 3) == 0x1E ? 3
                                          : 9;
    if (need == 0 || need == 9 || i + need >= s.size()) {
        len = 1;
        return need == 0 ? b : malformed;
    }
    std::uint32_t cp = b & (0x3F >> need);
    for (std::size_t k = 1; k <= need; ++k) {
        if ((byte(i + k) & 0xC0) != 0x80) {
            len = 1;
            return malformed;
        }
        cp = (cp << 6) | (byte(i + k) & 0x3F);
    }
    len = need + 1;
    return cp;
}

// Case and marks out, for Latin (Swedish, Danish, Finnish, Sami, Romani, German, Vietnamese),
// Greek, Cyrillic, Hebrew (Yiddish points; ײ as יי) and Arabic (harakat): the table is generated
// from Python's unicodedata at build time (cmake/gen_unicode_tables.py).
const char* fold_code_point(std::uint32_t cp) {
    if (cp < 0x80)
        return nullptr;
    using unicode::search_folds;
    const unicode::SearchFold* end = search_folds + unicode::search_fold_count;
    const unicode::SearchFold* it = std::lower_bound(
        search_folds, end, cp, [](const unicode::SearchFold& f, std::uint32_t v) { return f.cp < v; });
    return it != end && it->cp == cp ? it->folded : nullptr;
}

struct Candidate {
    int rank;
    const std::string* key;
    const Municipality* m;
};

bool starts_with(std::string_view s, std::string_view prefix) {
    return s.substr(0, prefix.size()) == prefix;
}

// 0: name starts with the query (or the code does), 1: a later word of the name does,
// 2: a minority-language name does, 3: the query is inside the name; -1: no match.
// The folded names, computed once: the picker searches on every keystroke.
struct SearchKey {
    std::string name;
    std::vector<std::string> other_names;
};

const std::vector<SearchKey>& search_keys() {
    static std::vector<SearchKey> keys;
    static unsigned folded_generation = ~0u;
    if (folded_generation != lists().generation) {
        keys.clear();
        for (const Municipality& m : municipalities()) {
            SearchKey k{fold_for_search(m.name), {}};
            for (const std::string& other : m.other_names)
                k.other_names.push_back(fold_for_search(other));
            keys.push_back(std::move(k));
        }
        folded_generation = lists().generation;
    }
    return keys;
}

int match_rank(const Municipality& m, const SearchKey& key, const std::string& query) {
    const std::string& name_key = key.name;
    if (starts_with(name_key, query) || starts_with(m.code, query))
        return 0;
    if (name_key.find(" " + query) != std::string::npos)
        return 1;
    for (const std::string& other : key.other_names)
        if (starts_with(other, query))
            return 2;
    if (name_key.find(query) != std::string::npos)
        return 3;
    return -1;
}

bool before(const Candidate& a, const Candidate& b) {
    return std::tie(a.rank, *a.key) < std::tie(b.rank, *b.key);
}

} // namespace

std::string fold_for_search(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        std::size_t len = 1;
        std::uint32_t cp = decode(text, i, len);
        if (cp >= 'A' && cp <= 'Z')
            out += static_cast<char>(cp - 'A' + 'a');
        else if (cp == '-')
            out += ' ';
        else if (const char* base = fold_code_point(cp))
            out += base;
        else
            out.append(text.substr(i, len));
        i += len;
    }
    return out;
}

const std::vector<Municipality>& municipalities() { return lists().all; }

const std::vector<std::string>& municipality_countries() {
    static const std::vector<std::string> countries{"se", "dk"};
    return countries;
}

bool load_municipalities(std::string_view country, std::string_view json_text) {
    const auto& known = municipality_countries();
    auto slot = std::find(known.begin(), known.end(), country);
    if (slot == known.end())
        return false;
    std::vector<Municipality> loaded;
    if (!read_country(parse_json(json_text), *slot, loaded))
        return false;
    // Keep the countries in their fixed order whatever order they arrive in.
    std::vector<Municipality> next;
    for (const std::string& c : known) {
        if (c == country) {
            next.insert(next.end(), std::make_move_iterator(loaded.begin()),
                        std::make_move_iterator(loaded.end()));
            continue;
        }
        for (Municipality& m : lists().all)
            if (m.country == c)
                next.push_back(std::move(m));
    }
    lists().all = std::move(next);
    ++lists().generation;
    return true;
}

void unload_municipalities(std::string_view country) {
    auto& all = lists().all;
    all.erase(std::remove_if(all.begin(), all.end(), [&](const Municipality& m) { return m.country == country; }),
              all.end());
    ++lists().generation;
}

bool municipalities_loaded(std::string_view country) {
    for (const Municipality& m : municipalities())
        if (m.country == country)
            return true;
    return false;
}

std::string municipalities_json(std::string_view country) {
    json out = json::array();
    for (const Municipality& m : municipalities()) {
        if (m.country != country)
            continue;
        json row = {{"code", m.code}, {"name", m.name}};
        if (!m.other_names.empty())
            row["other_names"] = m.other_names;
        out.push_back(std::move(row));
    }
    return out.dump();
}

const Municipality* find_municipality(std::string_view country, std::string_view code) {
    for (const Municipality& m : municipalities())
        if (m.country == country && m.code == code)
            return &m;
    return nullptr;
}

std::vector<const Municipality*> search_municipalities(std::string_view query,
                                                       const std::vector<std::string>& countries,
                                                       std::size_t limit) {
    std::string folded = fold_for_search(query);
    // Surrounding blanks are typing noise, not part of a name.
    auto first = folded.find_first_not_of(' ');
    folded = first == std::string::npos
                 ? std::string{}
                 : folded.substr(first, folded.find_last_not_of(' ') - first + 1);
    std::vector<Candidate> found;
    const std::vector<Municipality>& all = municipalities();
    const std::vector<SearchKey>& keys = search_keys();
    for (std::size_t i = 0; i < all.size(); ++i) {
        const Municipality& m = all[i];
        if (!countries.empty() &&
            std::find(countries.begin(), countries.end(), m.country) == countries.end())
            continue;
        int rank = folded.empty() ? 0 : match_rank(m, keys[i], folded);
        if (rank < 0)
            continue;
        // Only the best `limit` are kept, in order, ties in list order: each candidate sinks
        // into a short list (6 in the widget), cheaper than sorting all and smaller in wasm
        // than a std::stable_sort instantiation.
        found.push_back({rank, &keys[i].name, &m});
        for (auto j = found.end() - 1; j != found.begin() && before(*j, *(j - 1)); --j)
            std::iter_swap(j, j - 1);
        if (found.size() > limit)
            found.pop_back();
    }
    std::vector<const Municipality*> result;
    for (const Candidate& c : found)
        result.push_back(c.m);
    return result;
}

} // namespace deltag
