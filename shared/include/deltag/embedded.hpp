// Data files compiled into the core (catalogs/*.json, data/*.json), looked up by file name.
// Depends on the standard library only.
#pragma once
#include <string_view>

namespace deltag {

// The text of an embedded file such as "sv.json", or an empty view if there is none.
std::string_view embedded_file(std::string_view name);

} // namespace deltag
