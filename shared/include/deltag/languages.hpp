// Language tags as data: which tags are well formed and which language a reader of one
// falls back to when a text is missing (issue 12). Standard library only.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace deltag {

// A primary language subtag as the catalogs and the API use it: 2 or 3 lowercase ASCII letters
// ("sv", "fit", "smj"). Region and script subtags are cut off before (negotiate_language).
bool is_language_tag(std::string_view tag);

// The languages a reader of `lang` reads next, `lang` first: fit -> fi -> sv; fi -> sv;
// se/smj/sma -> sv; rom -> sv; yi -> sv; de -> da; ar -> en; sv, da and en end the chain.
// Any other tag reads English next. Never empty for a well-formed tag.
std::vector<std::string> fallback_chain(std::string_view lang);

} // namespace deltag
