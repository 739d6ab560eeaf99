// Unicode Normalization Form C: text is compared and stored as NFC, so "ä" typed as a + U+0308
// and as U+00E4 are one answer, and Yiddish vowel points typed in any order match (issue 12).
// Tables generated at build time from Python's unicodedata. Standard library only.
#pragma once
#include <string>
#include <string_view>

namespace deltag {

// NFC of valid UTF-8 text. Invalid UTF-8 comes back unchanged (validation refuses it with its
// own code; normalising must not hide or invent bytes).
std::string to_nfc(std::string_view text);
bool is_nfc(std::string_view text);
// The Unicode version of the tables ("14.0.0"): Python's, at build time.
const char* nfc_unicode_version();

} // namespace deltag
