// embedded_file for builds that carry no data files: the widget's wasm, which loads its one
// language's catalog and, when a form asks, a country's municipalities from the server instead.
// CMake links either this or the generated embedded_files.cpp (shared/CMakeLists.txt).
#include "deltag/embedded.hpp"

namespace deltag {

std::string_view embedded_file(std::string_view) { return {}; }

const std::vector<std::string_view>& embedded_file_names() {
    static const std::vector<std::string_view> none;
    return none;
}

} // namespace deltag
