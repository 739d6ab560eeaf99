// Where a request ends, and which framings are refused before a worker sees them.
#include "request_framing.hpp"

#include <doctest/doctest.h>

#include <string>

using deltag::server::frame_request;
using deltag::server::Framing;
using deltag::server::FramingLimits;

namespace {

const FramingLimits limits{1024, 100};
const std::string get = "GET /api/v1/events HTTP/1.1\r\nHost: a\r\n\r\n";
std::string post(const std::string& headers, const std::string& body) {
    return "POST /x HTTP/1.1\r\nHost: a\r\n" + headers + "\r\n" + body;
}

} // namespace

TEST_CASE("a request is complete when its header and body are") {
    struct Row {
        const char* name;
        std::string bytes;
        Framing::State state;
        std::size_t length;
    };
    const Row rows[] = {
        {"half a header", get.substr(0, 20), Framing::State::incomplete, 0},
        {"a header without a body", get, Framing::State::complete, get.size()},
        {"a second request behind the first", get + get.substr(0, 10), Framing::State::complete, get.size()},
        {"a body not all here", post("Content-Length: 5\r\n", "hel"), Framing::State::incomplete, 0},
        {"a whole body", post("Content-Length: 5\r\n", "hello"), Framing::State::complete,
         post("Content-Length: 5\r\n", "hello").size()},
        {"the same length twice", post("Content-Length: 5\r\ncontent-length: 5\r\n", "hello"),
         Framing::State::complete, post("Content-Length: 5\r\ncontent-length: 5\r\n", "hello").size()},
        {"chunks not all here", post("Transfer-Encoding: chunked\r\n", "5\r\nhello\r\n"),
         Framing::State::incomplete, 0},
        {"all chunks", post("Transfer-Encoding: chunked\r\n", "5\r\nhello\r\n3;x=y\r\nabc\r\n0\r\n\r\n"),
         Framing::State::complete,
         post("Transfer-Encoding: chunked\r\n", "5\r\nhello\r\n3;x=y\r\nabc\r\n0\r\n\r\n").size()},
        {"chunks and a trailer", post("Transfer-Encoding: Chunked\r\n", "1\r\na\r\n0\r\nX-T: 1\r\n\r\n"),
         Framing::State::complete, post("Transfer-Encoding: Chunked\r\n", "1\r\na\r\n0\r\nX-T: 1\r\n\r\n").size()},
    };
    for (const auto& row : rows) {
        CAPTURE(row.name);
        const Framing f = frame_request(row.bytes, limits);
        CHECK(f.state == row.state);
        CHECK(f.length == row.length);
    }
}

TEST_CASE("ambiguous or oversized framing is refused with a status and a code") {
    struct Row {
        const char* name;
        std::string bytes;
        int status;
        std::string code;
    };
    const Row rows[] = {
        {"a header over the limit, unfinished", "GET /" + std::string(1100, 'a'), 431, "request.header_too_large"},
        {"a header over the limit, finished", "GET /" + std::string(1100, 'a') + " HTTP/1.1\r\n\r\n", 431,
         "request.header_too_large"},
        {"a declared body over the limit", post("Content-Length: 101\r\n", ""), 413, "payload.too_large"},
        {"chunks over the limit", post("Transfer-Encoding: chunked\r\n", "65\r\n"), 413, "payload.too_large"},
        {"two different lengths", post("Content-Length: 5\r\nContent-Length: 6\r\n", "hello"), 400,
         "request.bad_framing"},
        {"a length and chunks", post("Content-Length: 5\r\nTransfer-Encoding: chunked\r\n", ""), 400,
         "request.bad_framing"},
        {"a signed length", post("Content-Length: +5\r\n", "hello"), 400, "request.bad_framing"},
        {"an empty length", post("Content-Length:\r\n", ""), 400, "request.bad_framing"},
        {"a coding other than chunked", post("Transfer-Encoding: gzip, chunked\r\n", ""), 400,
         "request.bad_framing"},
        {"chunked twice", post("Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n", ""), 400,
         "request.bad_framing"},
        {"a folded header", post("X-A: 1\r\n  2\r\n", ""), 400, "request.bad_framing"},
        {"a space before the colon", post("Content-Length : 5\r\n", "hello"), 400, "request.bad_framing"},
        {"a line without a colon", post("Content-Length 5\r\n", "hello"), 400, "request.bad_framing"},
        {"a chunk size that is not hex", post("Transfer-Encoding: chunked\r\n", "zz\r\n"), 400,
         "request.bad_framing"},
        {"a chunk without its line end", post("Transfer-Encoding: chunked\r\n", "1\r\nab\r\n"), 400,
         "request.bad_framing"},
    };
    for (const auto& row : rows) {
        CAPTURE(row.name);
        const Framing f = frame_request(row.bytes, limits);
        CHECK(f.state == Framing::State::refused);
        CHECK(f.status == row.status);
        CHECK(std::string(f.code) == row.code);
    }
}

TEST_CASE("a client that expects 100-continue is told to go on only while its body is missing") {
    CHECK(frame_request(post("Content-Length: 5\r\nExpect: 100-continue\r\n", ""), limits).expects_continue);
    CHECK_FALSE(frame_request(post("Content-Length: 5\r\nExpect: 100-continue\r\n", "hello"), limits).expects_continue);
    CHECK_FALSE(frame_request(post("Content-Length: 5\r\n", ""), limits).expects_continue);
}

TEST_CASE("X-Real-IP is read only when it is sent once") {
    CHECK(frame_request(post("X-Real-IP: 192.0.2.1\r\n", ""), limits).real_ip == "192.0.2.1");
    CHECK(frame_request(post("X-Real-IP: 192.0.2.1\r\nX-Real-IP: 192.0.2.2\r\n", ""), limits).real_ip.empty());
    CHECK(frame_request(post("", ""), limits).real_ip.empty());
}
