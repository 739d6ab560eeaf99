// Finds the end of one HTTP/1.1 request in a byte buffer (see request_framing.hpp).
#include "request_framing.hpp"

#include <cctype>

namespace deltag::server {

namespace {

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i])))
            return false;
    return true;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

Framing refuse(int status, const char* code) {
    Framing f;
    f.state = Framing::State::refused;
    f.status = status;
    f.code = code;
    return f;
}

Framing bad_framing() { return refuse(400, "request.bad_framing"); }

// Up to 15 hex digits (a value that cannot overflow), then optional ";extensions".
bool chunk_size(std::string_view line, std::size_t& out) {
    const auto semi = line.find(';');
    const std::string_view digits = trim(line.substr(0, semi));
    if (digits.empty() || digits.size() > 15) return false;
    std::size_t v = 0;
    for (char c : digits) {
        if (!std::isxdigit(static_cast<unsigned char>(c))) return false;
        v = v * 16 + static_cast<std::size_t>(std::isdigit(static_cast<unsigned char>(c))
                                                  ? c - '0'
                                                  : std::tolower(static_cast<unsigned char>(c)) - 'a' + 10);
    }
    out = v;
    return true;
}

// Where the chunked body starting at `start` ends (incomplete, complete or refused).
Framing frame_chunked(std::string_view bytes, std::size_t start, Framing header, const FramingLimits& limits) {
    std::size_t pos = start;
    std::size_t decoded = 0;
    for (;;) {
        const auto eol = bytes.find("\r\n", pos);
        if (eol == std::string_view::npos) {
            if (bytes.size() - pos > 1024) return bad_framing(); // no size line is that long
            return header;
        }
        std::size_t size = 0;
        if (!chunk_size(bytes.substr(pos, eol - pos), size)) return bad_framing();
        pos = eol + 2;
        if (size == 0) break;
        decoded += size;
        if (decoded > limits.max_body) return refuse(413, "payload.too_large");
        if (bytes.size() < pos + size + 2) return header;
        if (bytes.substr(pos + size, 2) != "\r\n") return bad_framing();
        pos += size + 2;
    }
    // Trailer fields, then the blank line.
    for (;;) {
        const auto eol = bytes.find("\r\n", pos);
        if (eol == std::string_view::npos) {
            if (bytes.size() - pos > limits.max_header) return refuse(431, "request.header_too_large");
            return header;
        }
        const bool blank = eol == pos;
        pos = eol + 2;
        if (blank) break;
    }
    header.state = Framing::State::complete;
    header.length = pos;
    return header;
}

} // namespace

Framing frame_request(std::string_view bytes, const FramingLimits& limits) {
    const auto end = bytes.find("\r\n\r\n");
    if (end == std::string_view::npos) {
        if (bytes.size() > limits.max_header) return refuse(431, "request.header_too_large");
        return {};
    }
    const std::size_t body_start = end + 4;
    if (body_start > limits.max_header) return refuse(431, "request.header_too_large");

    Framing f;
    f.header_done = true;
    bool has_length = false, chunked = false, expect = false;
    int transfer_encodings = 0, real_ips = 0;
    std::size_t length = 0;
    std::size_t pos = bytes.find("\r\n") + 2; // past the request line
    while (pos < body_start - 2) {
        const auto eol = bytes.find("\r\n", pos);
        const std::string_view line = bytes.substr(pos, eol - pos);
        pos = eol + 2;
        if (line.front() == ' ' || line.front() == '\t') return bad_framing(); // obsolete folding
        const auto colon = line.find(':');
        if (colon == std::string_view::npos || colon == 0) return bad_framing();
        const std::string_view name = line.substr(0, colon);
        if (name.back() == ' ' || name.back() == '\t') return bad_framing();
        const std::string_view value = trim(line.substr(colon + 1));
        if (iequals(name, "Content-Length")) {
            if (value.empty() || value.size() > 18) return bad_framing();
            std::size_t v = 0;
            for (char c : value) {
                if (c < '0' || c > '9') return bad_framing();
                v = v * 10 + static_cast<std::size_t>(c - '0');
            }
            if (has_length && v != length) return bad_framing();
            has_length = true;
            length = v;
        } else if (iequals(name, "Transfer-Encoding")) {
            ++transfer_encodings;
            if (!iequals(value, "chunked")) return bad_framing();
            chunked = true;
        } else if (iequals(name, "Expect")) {
            expect = iequals(value, "100-continue");
        } else if (iequals(name, "X-Real-IP")) {
            ++real_ips;
            f.real_ip = std::string(value);
        }
    }
    if (transfer_encodings > 1 || (chunked && has_length)) return bad_framing();
    if (real_ips != 1) f.real_ip.clear();

    if (chunked) {
        f = frame_chunked(bytes, body_start, f, limits);
        if (f.state == Framing::State::incomplete) f.expects_continue = expect;
        return f;
    }
    if (length > limits.max_body) return refuse(413, "payload.too_large");
    if (bytes.size() - body_start < length) {
        f.expects_continue = expect;
        return f;
    }
    f.state = Framing::State::complete;
    f.length = body_start + length;
    return f;
}

} // namespace deltag::server
