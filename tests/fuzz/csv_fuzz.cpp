// Fuzz target: the staff CSV export (server-stub/routes/csv). Input: a JSON object {"event": id,
// "sensitive": bool, "rows": [{"reference", "status", "waitlist_reason", "locale",
// "waitlist_position", "created_at", "answers", "sensitive_answers", "consents"}]}; the raw
// bytes also go through csv_cell alone. Invariants: no cell a spreadsheet would run as a
// formula; the file parses back (RFC 4180) to the cells written, one row per registration,
// as many cells as header names; sensitive columns only when asked for.
#include "fuzz_support.hpp"

#include "csv.hpp"
#include "deltag/registration.hpp"

#include <optional>

using namespace deltag;
using namespace deltag::server;
using deltag::fuzz::check;

namespace {

using Rows = std::vector<std::vector<std::string>>;

// A strict RFC 4180 reader: CRLF line ends, quotes only around whole cells. nullopt when the
// text is not such a file (which is itself a finding).
std::optional<Rows> read_csv(std::string_view text) {
    Rows rows;
    std::vector<std::string> row;
    std::string cell;
    std::size_t i = 0;
    while (i < text.size()) {
        if (text[i] == '"') {
            ++i;
            for (;;) {
                if (i >= text.size()) return std::nullopt;
                if (text[i] == '"') {
                    if (i + 1 < text.size() && text[i + 1] == '"') { cell += '"'; i += 2; continue; }
                    ++i;
                    break;
                }
                cell += text[i++];
            }
        } else {
            while (i < text.size() && text[i] != ',' && text[i] != '\r' && text[i] != '\n') {
                if (text[i] == '"') return std::nullopt;
                cell += text[i++];
            }
        }
        if (i < text.size() && text[i] == ',') { row.push_back(std::move(cell)); cell.clear(); ++i; continue; }
        if (i + 1 < text.size() && text[i] == '\r' && text[i + 1] == '\n') {
            row.push_back(std::move(cell));
            cell.clear();
            rows.push_back(std::move(row));
            row.clear();
            i += 2;
            continue;
        }
        if (i == text.size()) return std::nullopt; // every row ends with CRLF
        return std::nullopt;                         // a lone CR or LF outside quotes
    }
    return rows;
}

// Excel, LibreOffice and Google Sheets run a cell starting with one of these (OWASP's list).
bool formula_start(std::string_view cell) {
    return !cell.empty() && std::string_view("=+-@\t\r").find(cell[0]) != std::string_view::npos;
}

// What csv_cell must keep: the value, with a ' in front when it would start a formula.
std::string neutralised(std::string_view value) {
    return (formula_start(value) ? "'" : "") + std::string(value);
}

void check_one_cell(std::string_view value) {
    const std::string cell = csv_cell(value);
    auto rows = read_csv(cell + "\r\n");
    check(rows && rows->size() == 1 && rows->front().size() == 1, "one cell reads back as one cell", cell);
    check(rows->front().front() == neutralised(value), "a cell reads back as its (neutralised) value", cell);
    check(!formula_start(rows->front().front()), "no cell starts a formula", cell);
}

std::string string_at(const nlohmann::json& j, const char* key) {
    auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

ExportRow export_row(const nlohmann::json& j) {
    ExportRow r;
    r.reference = string_at(j, "reference");
    r.status = string_at(j, "status");
    r.waitlist_reason = string_at(j, "waitlist_reason");
    r.locale = string_at(j, "locale");
    if (auto it = j.find("waitlist_position"); it != j.end() && it->is_number_integer())
        r.waitlist_position = static_cast<int>(it->get<std::int64_t>() % 100000);
    // The server's clock writes created_at: years 1970..9999, never more.
    if (auto it = j.find("created_at"); it != j.end() && it->is_number_unsigned())
        r.created_at = static_cast<UnixTime>(it->get<std::uint64_t>() % 253402300800ULL);
    for (auto [key, member] : {std::pair{"answers", &r.answers}, std::pair{"sensitive_answers", &r.sensitive_answers},
                               std::pair{"consents", &r.consents}}) {
        auto it = j.find(key);
        *member = it != j.end() && it->is_object() ? *it : nlohmann::json::object();
    }
    return r;
}

void check_export(const nlohmann::json& input) {
    const Event& event = fuzz::event_for(string_at(input, "event"));
    auto sensitive_it = input.find("sensitive");
    const bool sensitive = sensitive_it != input.end() && sensitive_it->is_boolean() && sensitive_it->get<bool>();
    std::vector<ExportRow> rows;
    if (auto it = input.find("rows"); it != input.end() && it->is_array())
        for (const auto& row : *it)
            if (row.is_object()) rows.push_back(export_row(row));

    const std::string csv = registrations_csv(event, rows, sensitive);
    check(csv.compare(0, 3, "\xEF\xBB\xBF") == 0, "the export starts with a UTF-8 BOM");
    auto read = read_csv(std::string_view(csv).substr(3));
    check(read.has_value(), "the export is RFC 4180 CSV", csv);
    check(read->size() == rows.size() + 1, "one line per registration after the header", csv);
    std::vector<std::string> header{"reference", "status", "waitlist_position", "waitlist_reason", "registered_at", "locale"};
    for (const auto& f : event.form.fields)
        if (sensitive || !f.sensitive) header.push_back(f.id);
    check(read->front() == header, "the header names the columns, sensitive ones only on request", csv);
    for (std::size_t i = 1; i < read->size(); ++i) {
        const auto& cells = (*read)[i];
        check(cells.size() == header.size(), "every row has a cell per column", csv);
        check(cells[0] == neutralised(rows[i - 1].reference), "the reference cell holds the reference", csv);
        for (const auto& cell : cells) check(!formula_start(cell), "no exported cell starts a formula", cell);
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text = fuzz::as_text(data, size);
    check_one_cell(text);
    // Stored answers went through the strict parser (and validation) once: only such JSON.
    auto parsed = parse_strict_json(text);
    if (parsed.ok() && parsed.value.is_object()) check_export(parsed.value);
    return 0;
}
