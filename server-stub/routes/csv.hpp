// CSV for spreadsheet programs: RFC 4180 quoting, UTF-8 with BOM, and cells that a
// spreadsheet would run as a formula neutralised. No I/O.
#pragma once
#include "store.hpp"

#include <string>
#include <string_view>

namespace deltag::server {

// One cell: a leading = + - @ TAB or CR gets a ' in front; quoted when needed.
std::string csv_cell(std::string_view value);

// The whole export: a header row and one row per registration, form order; sensitive
// fields only with include_sensitive.
std::string registrations_csv(const Event& event, const std::vector<ExportRow>& rows,
                              bool include_sensitive);

} // namespace deltag::server
