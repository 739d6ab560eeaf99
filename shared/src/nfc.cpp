// NFC (nfc.hpp): full canonical decomposition, canonical ordering, canonical composition
// (UAX #15), over the generated tables plus the Hangul syllable arithmetic. Standard library only.
#include "deltag/nfc.hpp"

#include "deltag/text.hpp"
#include "unicode_tables.hpp"

#include <algorithm>
#include <cstdint>
#include <vector>

namespace deltag {
namespace {

using namespace unicode;

constexpr char32_t hangul_s = 0xAC00, hangul_l = 0x1100, hangul_v = 0x1161, hangul_t = 0x11A7;
constexpr char32_t hangul_v_count = 21, hangul_t_count = 28, hangul_n = hangul_v_count * hangul_t_count,
                   hangul_s_count = 19 * hangul_n;

std::uint8_t combining_class(char32_t c) {
    const CombiningClass* end = combining_classes + combining_class_count;
    const CombiningClass* it =
        std::lower_bound(combining_classes, end, c, [](const CombiningClass& e, char32_t v) { return e.cp < v; });
    return it != end && it->cp == c ? it->ccc : 0;
}

void decompose(char32_t c, std::vector<char32_t>& out) {
    if (c >= hangul_s && c < hangul_s + hangul_s_count) {
        const char32_t s = c - hangul_s;
        out.push_back(hangul_l + s / hangul_n);
        out.push_back(hangul_v + (s % hangul_n) / hangul_t_count);
        if (s % hangul_t_count) out.push_back(hangul_t + s % hangul_t_count);
        return;
    }
    const Decomposition* end = decompositions + decomposition_count;
    const Decomposition* it =
        std::lower_bound(decompositions, end, c, [](const Decomposition& e, char32_t v) { return e.cp < v; });
    if (it == end || it->cp != c) {
        out.push_back(c);
        return;
    }
    decompose(it->first, out); // the tables hold one step; full decomposition recurses
    if (it->second) decompose(it->second, out);
}

char32_t compose_pair(char32_t a, char32_t b) {
    if (a >= hangul_l && a < hangul_l + 19 && b >= hangul_v && b < hangul_v + hangul_v_count)
        return hangul_s + ((a - hangul_l) * hangul_v_count + (b - hangul_v)) * hangul_t_count;
    if (a >= hangul_s && a < hangul_s + hangul_s_count && (a - hangul_s) % hangul_t_count == 0 && b > hangul_t &&
        b < hangul_t + hangul_t_count)
        return a + (b - hangul_t);
    const Composition* end = compositions + composition_count;
    const Composition* it = std::lower_bound(compositions, end, std::make_pair(a, b),
                                             [](const Composition& e, const std::pair<char32_t, char32_t>& v) {
                                                 return e.first != v.first ? e.first < v.first : e.second < v.second;
                                             });
    return it != end && it->first == a && it->second == b ? it->composite : 0;
}

// Stable sort of each run of non-starters by combining class (the canonical ordering).
void reorder(std::vector<char32_t>& cps) {
    for (std::size_t i = 0; i < cps.size();) {
        if (!combining_class(cps[i])) {
            ++i;
            continue;
        }
        std::size_t j = i;
        while (j < cps.size() && combining_class(cps[j])) ++j;
        std::stable_sort(cps.begin() + static_cast<std::ptrdiff_t>(i), cps.begin() + static_cast<std::ptrdiff_t>(j),
                         [](char32_t a, char32_t b) { return combining_class(a) < combining_class(b); });
        i = j;
    }
}

void compose(std::vector<char32_t>& cps) {
    if (cps.empty()) return;
    std::size_t starter = 0, out = 1;
    bool have_starter = combining_class(cps[0]) == 0;
    int last_class = have_starter ? 0 : 256;
    for (std::size_t i = 1; i < cps.size(); ++i) {
        const char32_t c = cps[i];
        const int cls = combining_class(c);
        // Blocked when a character of the same or higher class (or a starter) sits between.
        const bool blocked = last_class != 0 && last_class >= cls;
        if (have_starter && !blocked && (last_class == 0 ? out == starter + 1 : true)) {
            if (const char32_t composite = compose_pair(cps[starter], c)) {
                cps[starter] = composite;
                continue;
            }
        }
        if (cls == 0) {
            starter = out;
            have_starter = true;
        }
        last_class = cls;
        cps[out++] = c;
    }
    cps.resize(out);
}

} // namespace

std::string to_nfc(std::string_view text) {
    bool ascii = true;
    for (char c : text) ascii = ascii && static_cast<unsigned char>(c) < 0x80;
    if (ascii || !is_valid_utf8(text)) return std::string(text);
    std::vector<char32_t> cps;
    cps.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) decompose(*next_code_point(text, i), cps);
    reorder(cps);
    compose(cps);
    std::string out;
    out.reserve(text.size());
    for (char32_t c : cps) append_utf8(out, c);
    return out;
}

bool is_nfc(std::string_view text) { return to_nfc(text) == text; }

const char* nfc_unicode_version() { return unicode_version; }

} // namespace deltag
