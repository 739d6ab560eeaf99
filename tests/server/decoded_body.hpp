// The bodies of compressed answers as a browser reads them, decoded with brotli's and zlib's own
// decoders, and a client that shows the bytes as sent: for the server suite's encoding tests.
#pragma once
#include "harness.hpp"

#include <brotli/decode.h>
#include <zlib.h>

#include <string>

namespace deltag::testing {

inline std::string brotli_decode(const std::string& in) {
    BrotliDecoderState* s = BrotliDecoderCreateInstance(nullptr, nullptr, nullptr);
    std::string out;
    std::size_t avail_in = in.size();
    auto* next_in = reinterpret_cast<const std::uint8_t*>(in.data());
    BrotliDecoderResult rc;
    do {
        std::uint8_t buf[8192];
        std::size_t avail_out = sizeof buf;
        std::uint8_t* next_out = buf;
        rc = BrotliDecoderDecompressStream(s, &avail_in, &next_in, &avail_out, &next_out, nullptr);
        out.append(reinterpret_cast<char*>(buf), sizeof buf - avail_out);
    } while (rc == BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT);
    BrotliDecoderDestroyInstance(s);
    // Anything but a complete stream with no bytes after it is a failure.
    return rc == BROTLI_DECODER_RESULT_SUCCESS && avail_in == 0 ? out : "<brotli: invalid>";
}

inline std::string gzip_decode(const std::string& in) {
    z_stream z{};
    if (inflateInit2(&z, 15 + 16) != Z_OK) return "<gzip: init>";
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
    z.avail_in = static_cast<uInt>(in.size());
    std::string out;
    int rc;
    do {
        Bytef buf[8192];
        z.next_out = buf;
        z.avail_out = sizeof buf;
        rc = inflate(&z, Z_NO_FLUSH);
        out.append(reinterpret_cast<char*>(buf), sizeof buf - z.avail_out);
    } while (rc == Z_OK);
    const bool whole = rc == Z_STREAM_END && z.avail_in == 0; // the trailer's CRC and size checked
    inflateEnd(&z);
    return whole ? out : "<gzip: invalid>";
}

// A client that shows the bytes as sent: no decompression and no Accept-Encoding of its own.
inline httplib::Client raw_client(const TestServer& srv) {
    auto cli = srv.client();
    cli.set_decompress(false);
    return cli;
}

inline std::string decoded(const httplib::Response& r) {
    const std::string enc = r.get_header_value("Content-Encoding");
    if (enc == "br") return brotli_decode(r.body);
    if (enc == "gzip") return gzip_decode(r.body);
    return r.body;
}

} // namespace deltag::testing
