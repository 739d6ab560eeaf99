// The doctest main of the core suite (native and wasm builds run the same cases).
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
