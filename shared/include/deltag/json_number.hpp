// Decimal number text to the nearest double, with integer and double arithmetic only.
// Standard library only.
#pragma once

namespace deltag {

// Reads a decimal number ([+-]digits[.digits][(e|E)[+-]digits], or with the digits only after
// the point) at the start of `text`: the nearest double, ties to even, +-inf beyond the largest,
// +-0 below half the smallest subnormal, exactly as strtod rounds. Sets *end (when not null)
// after the number, or to `text` when none starts there. No whitespace, hex, inf or nan: the
// widget links this in place of libc's strtod, whose only caller there is nlohmann's lexer with
// a JSON number, because strtod's long double arithmetic costs 5.7 KB of gzip'd wasm.
double parse_decimal_number(const char* text, char** end);

} // namespace deltag
