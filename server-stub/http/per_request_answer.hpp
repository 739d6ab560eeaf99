// The JSON answers a handler makes per request (sign-ups, statuses, staff data, errors): compressed
// when the request accepts it, after routing. What is public and cacheable is compressed once
// elsewhere (encoding.hpp's Variants, the event routes' open streams) and passes through here
// untouched. Depends on cpp-httplib and compress.hpp.
#pragma once
#include <httplib.h>

namespace deltag::server {

// Smaller than this, the Content-Encoding header costs about what compressing saves.
constexpr std::size_t kCompressFromBytes = 256;

// For the server's post-routing handler: a JSON body of kCompressFromBytes or more, not encoded
// yet, becomes brotli (quality 5) or gzip (level 6) as the request accepts, with Vary.
void compress_json_answer(const httplib::Request& req, httplib::Response& res);

} // namespace deltag::server
