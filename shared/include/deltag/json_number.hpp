// Decimal number text to the nearest double and back, with integer and double arithmetic only.
// Standard library only.
#pragma once
#include <string>

namespace deltag {

// Reads a decimal number ([+-]digits[.digits][(e|E)[+-]digits], or with the digits only after
// the point) at the start of `text`: the nearest double, ties to even, +-inf beyond the largest,
// +-0 below half the smallest subnormal, exactly as strtod rounds. Sets *end (when not null)
// after the number, or to `text` when none starts there. No whitespace, hex, inf or nan: the
// widget links this in place of libc's strtod, whose only caller there is nlohmann's lexer with
// a JSON number, because strtod's long double arithmetic costs 5.7 KB of gzip'd wasm.
double parse_decimal_number(const char* text, char** end);

// The text printf("%.*g", precision, value) writes (precision 1 to 17), computed exactly
// without printf: the core's only floating-point format, so the widget links no printf_core.
std::string format_general(double value, int precision);

} // namespace deltag
