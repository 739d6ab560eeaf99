// printf for integers, characters and strings only: what the widget's libraries still format
// with snprintf once the core has its own number formatting. Standard library only.
#pragma once
#include <cstdarg>
#include <cstddef>

namespace deltag::widget {

// vsnprintf for the conversions d i u x X c s % with the flags - 0 + space, a width, a precision
// (also *) and the length modifiers hh h l ll z j t; same return value and truncation. A
// floating-point or other conversion aborts: nothing in the widget asks for one (the link wraps
// snprintf with this, see platform_web.cpp), and reading its argument as an integer would
// silently misplace every argument after it.
int format_printf(char* out, std::size_t size, const char* format, va_list args);

} // namespace deltag::widget
