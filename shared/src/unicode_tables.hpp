// The Unicode tables cmake/gen_unicode_tables.py generates at build time from Python's
// unicodedata (nfc.cpp and the organisation search read them). Each array is sorted by its
// first member(s), for binary search. Standard library only.
#pragma once
#include <cstddef>
#include <cstdint>

namespace deltag::unicode {

struct Decomposition {
    char32_t cp, first, second; // canonical decomposition; second = 0 for a singleton
};
struct CombiningClass {
    char32_t cp;
    std::uint8_t ccc; // only the non-zero ones are listed
};
struct Composition {
    char32_t first, second, composite; // primary composites only (no exclusions)
};
struct SearchFold {
    char32_t cp;
    const char* folded; // UTF-8, "" for a mark the search ignores
};

extern const char* const unicode_version;
extern const Decomposition decompositions[];
extern const std::size_t decomposition_count;
extern const CombiningClass combining_classes[];
extern const std::size_t combining_class_count;
extern const Composition compositions[];
extern const std::size_t composition_count;
extern const SearchFold search_folds[];
extern const std::size_t search_fold_count;

} // namespace deltag::unicode
