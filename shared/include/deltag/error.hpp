// Errors as values: a stable code ("email.invalid"), the field it concerns and parameters
// for the message. The UI translates codes through the catalogs; the server returns them.
#pragma once
#include <map>
#include <string>
#include <vector>

namespace deltag {

struct Error {
    std::string field;                         // field id or JSON path; empty for the whole input
    std::string code;                          // stable, e.g. "field.required", "event.invalid"
    std::map<std::string, std::string> params; // e.g. {"max": "200"}; substituted as {max}
};
using Errors = std::vector<Error>;

// A value or the errors that prevented it. Never throws.
template <class T> struct Result {
    T value{};
    Errors errors;
    bool ok() const { return errors.empty(); }
};

} // namespace deltag
