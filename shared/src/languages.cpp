// Language tags and fallback chains (languages.hpp). The chains follow who reads what: Meänkieli
// readers read Finnish, the Sami, Romani and Yiddish minorities in Sweden read Swedish, the German
// minority in Denmark reads Danish. Standard library only.
#include "deltag/languages.hpp"

namespace deltag {
namespace {

struct Next {
    const char* lang;
    const char* next;
};
// One step each; fallback_chain follows them. sv, da and en have no step: they end a chain.
constexpr Next steps[] = {
    {"fit", "fi"}, {"fi", "sv"},  {"se", "sv"}, {"smj", "sv"}, {"sma", "sv"},
    {"rom", "sv"}, {"yi", "sv"},  {"de", "da"}, {"ar", "en"},
    // Inari and Skolt Sami are languages of Finland: Finnish, then Swedish.
    {"smn", "fi"}, {"sms", "fi"},
    // Norwegian readers read Danish most easily (Bokmål grew out of written Danish).
    {"nb", "da"},  {"nn", "da"}, {"no", "da"},
};

const char* next_of(std::string_view lang) {
    for (const Next& s : steps)
        if (lang == s.lang)
            return s.next;
    if (lang == "sv" || lang == "da" || lang == "en")
        return nullptr;
    return "en";
}

} // namespace

bool is_language_tag(std::string_view tag) {
    if (tag.size() < 2 || tag.size() > 3)
        return false;
    for (char c : tag)
        if (c < 'a' || c > 'z')
            return false;
    return true;
}

std::vector<std::string> fallback_chain(std::string_view lang) {
    std::vector<std::string> chain;
    if (!is_language_tag(lang))
        return chain;
    chain.emplace_back(lang);
    // The steps table has no cycle, so this ends; the bound keeps a future edit honest.
    for (const char* next = next_of(lang); next && chain.size() < 8; next = next_of(next))
        chain.emplace_back(next);
    return chain;
}

} // namespace deltag
