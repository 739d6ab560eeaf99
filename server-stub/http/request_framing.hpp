// Where one HTTP/1.1 request ends in the bytes read so far, so that the reception hands only
// whole requests to the workers. Framing only (request smuggling rules included): the request
// line and header values are parsed later, by cpp-httplib. Standard library only.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>

namespace deltag::server {

struct Framing {
    enum class State { incomplete, complete, refused };
    State state = State::incomplete;
    std::size_t length = 0;        // complete: bytes of the header and body
    int status = 0;                // refused: the answer's status and stable code
    const char* code = "";
    bool header_done = false;      // the header is whole (the body may not be)
    bool expects_continue = false; // header whole, body pending, "Expect: 100-continue"
    std::string real_ip;           // the X-Real-IP header's value, if exactly one was sent
};

struct FramingLimits {
    std::size_t max_header; // request line and header fields, with the blank line
    std::size_t max_body;   // decoded body
};

// Content-Length and chunked bodies. Refuses (status, code): 431 request.header_too_large,
// 413 payload.too_large, 400 request.bad_framing (a folded or space-before-colon header, two
// different Content-Lengths, Content-Length with Transfer-Encoding, a transfer coding other
// than chunked, a bad chunk size): ambiguous framing is how requests are smuggled past a proxy.
Framing frame_request(std::string_view bytes, const FramingLimits& limits);

} // namespace deltag::server
