// brotli and gzip copies made when a document is loaded, and the stored-block framing that
// appends a fresh end to an open stream (RFC 7932 section 9.2, RFC 1951 section 3.2.4).
#include "compress.hpp"

#include <brotli/encode.h>
#include <zlib.h>

#include <memory>
#include <stdexcept>

namespace deltag::server {

namespace {

// Failures here are memory exhaustion only (the inputs are our own texts): they throw, and the
// server's exception handler answers 500 internal.error (the copy is tried again next time).
[[noreturn]] void fail(const char* what) { throw std::runtime_error(std::string("compression failed: ") + what); }

struct BrotliState {
    BrotliEncoderState* s = BrotliEncoderCreateInstance(nullptr, nullptr, nullptr);
    ~BrotliState() { BrotliEncoderDestroyInstance(s); }
};

std::string brotli_stream(std::string_view text, BrotliEncoderOperation op, int quality = 11) {
    BrotliState state;
    if (!state.s) fail("brotli encoder");
    BrotliEncoderSetParameter(state.s, BROTLI_PARAM_QUALITY, static_cast<std::uint32_t>(quality));
    BrotliEncoderSetParameter(state.s, BROTLI_PARAM_LGWIN, 22);
    BrotliEncoderSetParameter(state.s, BROTLI_PARAM_MODE, BROTLI_MODE_TEXT);
    BrotliEncoderSetParameter(state.s, BROTLI_PARAM_SIZE_HINT, static_cast<std::uint32_t>(text.size()));
    std::string out;
    std::size_t in_left = text.size();
    auto* in = reinterpret_cast<const std::uint8_t*>(text.data());
    do {
        std::uint8_t buf[16384];
        std::size_t out_left = sizeof buf;
        std::uint8_t* next_out = buf;
        if (!BrotliEncoderCompressStream(state.s, op, &in_left, &in, &out_left, &next_out, nullptr)) fail("brotli");
        out.append(reinterpret_cast<char*>(buf), sizeof buf - out_left);
    } while (in_left > 0 || BrotliEncoderHasMoreOutput(state.s) ||
             (op == BROTLI_OPERATION_FINISH && !BrotliEncoderIsFinished(state.s)));
    return out;
}

struct Deflater {
    z_stream z{};
    explicit Deflater(int level) {
        // 15 + 16: a gzip wrapper (header here, trailer only when finished).
        if (deflateInit2(&z, level, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) != Z_OK) fail("deflateInit2");
    }
    ~Deflater() { deflateEnd(&z); }
};

std::string gzip_stream(std::string_view text, int flush, int level = 9) {
    Deflater d(level);
    d.z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
    d.z.avail_in = static_cast<uInt>(text.size());
    std::string out;
    int rc = Z_OK;
    do {
        Bytef buf[16384];
        d.z.next_out = buf;
        d.z.avail_out = sizeof buf;
        rc = deflate(&d.z, flush);
        if (rc == Z_STREAM_ERROR) fail("deflate");
        out.append(reinterpret_cast<char*>(buf), sizeof buf - d.z.avail_out);
    } while (d.z.avail_out == 0 || (flush == Z_FINISH && rc != Z_STREAM_END));
    return out;
}

void put_le(std::string& out, std::uint32_t v, int bytes) {
    for (int i = 0; i < bytes; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}

} // namespace

std::string brotli_compress(std::string_view text, int quality) { return brotli_stream(text, BROTLI_OPERATION_FINISH, quality); }
std::string gzip_compress(std::string_view text, int level) { return gzip_stream(text, Z_FINISH, level); }

OpenStreams open_streams(std::string prefix) {
    OpenStreams o;
    o.br = brotli_stream(prefix, BROTLI_OPERATION_FLUSH);
    o.gzip = gzip_stream(prefix, Z_SYNC_FLUSH);
    o.crc = static_cast<std::uint32_t>(crc32(0, reinterpret_cast<const Bytef*>(prefix.data()), static_cast<uInt>(prefix.size())));
    o.identity = std::move(prefix);
    return o;
}

// After the flush the stream is byte-aligned; each uncompressed meta-block is ISLAST=0, MNIBBLES,
// MLEN-1, ISUNCOMPRESSED=1, zero bits to the byte boundary, then the bytes; the stream ends with
// ISLAST=1, ISLASTEMPTY=1. MNIBBLES is the smallest that holds MLEN-1 (a larger one whose top
// nibble is zero is invalid).
std::string close_brotli(const OpenStreams& open, std::string_view end) {
    std::string out = open.br;
    constexpr std::size_t max_block = std::size_t{1} << 24;
    for (std::size_t at = 0; at < end.size(); at += max_block) {
        const std::string_view part = end.substr(at, max_block);
        const std::uint32_t mlen1 = static_cast<std::uint32_t>(part.size() - 1);
        const int nibbles = mlen1 < (1u << 16) ? 4 : mlen1 < (1u << 20) ? 5 : 6;
        std::uint64_t bits = 0;
        int n = 0;
        auto put = [&](std::uint64_t v, int count) {
            bits |= v << n;
            n += count;
        };
        put(0, 1);              // ISLAST
        put(nibbles - 4, 2);    // MNIBBLES
        put(mlen1, nibbles * 4); // MLEN - 1
        put(1, 1);              // ISUNCOMPRESSED
        for (int i = 0; i < (n + 7) / 8; ++i) out.push_back(static_cast<char>((bits >> (8 * i)) & 0xff));
        out.append(part);
    }
    out.push_back(0x03); // ISLAST, ISLASTEMPTY
    return out;
}

// After the sync flush the deflate stream is byte-aligned; stored blocks are BFINAL, BTYPE=00,
// zero bits to the byte boundary, LEN, NLEN, the bytes; then CRC-32 and ISIZE of everything.
std::string close_gzip(const OpenStreams& open, std::string_view end) {
    std::string out = open.gzip;
    std::size_t at = 0;
    do {
        const std::string_view part = end.substr(at, 65535);
        at += part.size();
        const bool last = at >= end.size();
        out.push_back(last ? 0x01 : 0x00);
        put_le(out, static_cast<std::uint32_t>(part.size()), 2);
        put_le(out, static_cast<std::uint32_t>(~part.size() & 0xffff), 2);
        out.append(part);
    } while (at < end.size());
    const auto end_crc = crc32(0, reinterpret_cast<const Bytef*>(end.data()), static_cast<uInt>(end.size()));
    const auto crc = crc32_combine(open.crc, end_crc, static_cast<z_off_t>(end.size()));
    put_le(out, static_cast<std::uint32_t>(crc), 4);
    put_le(out, static_cast<std::uint32_t>(open.identity.size() + end.size()), 4);
    return out;
}

} // namespace deltag::server
