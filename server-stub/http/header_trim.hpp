// The bytes of headers repeated on every answer that no browser needs (issue 13: ~4.6 KB of a
// first visit were headers). Runs after routing; never removes a security header from an answer
// with a body. Depends on cpp-httplib only.
#pragma once
#include <httplib.h>

namespace deltag::server {

// Drops cpp-httplib's Keep-Alive announcement (HTTP/1.1 connections persist without it; the
// reception still closes idle ones after its timeout), and on a 304 what the stored answer
// already has: X-Content-Type-Options, Access-Control-Allow-Origin and Content-Length: 0
// (RFC 9111 4.3.4: a 304 updates the stored headers; it keeps Cache-Control, ETag and Vary).
void trim_headers(httplib::Response& res);

} // namespace deltag::server
