// An agency's own language catalogs (deltag-server --catalogs DIR), read and checked at start.
// Depends on the core and the standard library.
#pragma once
#include <optional>
#include <string>

namespace deltag::server {

// Adds every DIR/<lang>.json to the core's catalogs (deltag::add_catalog): a new language, or
// texts that override the compiled-in ones. On the first bad file, nothing of that file is
// added and the answer names it, the key and the code, for the start-up error.
std::optional<std::string> load_agency_catalogs(const std::string& dir);

} // namespace deltag::server
