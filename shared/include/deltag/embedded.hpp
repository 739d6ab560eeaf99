// Data files compiled into the core (catalogs/*.json, data/*.json), looked up by file name.
// Linked into the server and the tests (deltag_core); the widget links deltag_core_code with
// deltag_core_no_data, where every file is absent. Depends on the standard library only.
#pragma once
#include <string_view>
#include <vector>

namespace deltag {

// The text of an embedded file such as "sv.json", or an empty view if there is none.
std::string_view embedded_file(std::string_view name);
// The names of every embedded file ("sv.json", "widget.sv.json", ...): the catalogs present
// decide the languages. Empty where no file is compiled in.
const std::vector<std::string_view>& embedded_file_names();

} // namespace deltag
