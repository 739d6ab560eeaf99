// Compression done once per document (never per request): brotli (quality 11) and
// gzip (level 9) copies of a text, and the same for a text's fixed beginning whose fresh end
// (availability, server time) is appended per request as stored, uncompressed bytes inside the
// compressed stream (framing only). Depends on libbrotlienc and zlib; knows no HTTP.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace deltag::server {

// A complete brotli stream / gzip member. The defaults are for texts compressed once; an answer
// made per request uses a quick setting (per_request_answer.hpp).
std::string brotli_compress(std::string_view text, int quality = 11);
std::string gzip_compress(std::string_view text, int level = 9);

// The compressed beginning of a text whose end is not known yet: each stream is flushed to a
// byte boundary and left open, so close_*() can append the end as stored blocks without
// compressing anything. The end is never referred to by the compressed part, so the result
// decodes to prefix + end with any decoder.
struct OpenStreams {
    std::string identity; // the beginning as it is
    std::string br;       // brotli, flushed, not finished
    std::string gzip;     // gzip header + deflate, sync-flushed, not finished
    std::uint32_t crc = 0; // CRC-32 of the beginning (the gzip trailer needs it)
};
OpenStreams open_streams(std::string prefix);
std::string close_brotli(const OpenStreams& open, std::string_view end);
std::string close_gzip(const OpenStreams& open, std::string_view end);

} // namespace deltag::server
