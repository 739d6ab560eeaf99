// A test's guard for a compiled-in language's texts: whatever the test loads or adds for `lang`
// (load_catalog, add_catalog), the text it had comes back when the guard goes, also when a
// REQUIRE ends the test early, so the other tests see the catalogs unchanged.
#pragma once
#include "deltag/catalog.hpp"

#include <string>
#include <utility>

namespace deltag::test {

struct KeepCatalog {
    std::string lang, text;
    explicit KeepCatalog(std::string l) : lang(std::move(l)), text(catalog_json(lang)) {}
    ~KeepCatalog() { load_catalog(lang, text); }
    KeepCatalog(const KeepCatalog&) = delete;
    KeepCatalog& operator=(const KeepCatalog&) = delete;
};

} // namespace deltag::test
