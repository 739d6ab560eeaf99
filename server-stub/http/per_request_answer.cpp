// Per-request compression of JSON answers with quick settings (brotli quality 5, gzip level 6;
// the copies made once use 11 and 9), only of what a handler set as its body (a content provider
// is one of the answers compressed once, or a file).
#include "per_request_answer.hpp"

#include "compress.hpp"
#include "encoding.hpp"

namespace deltag::server {

void compress_json_answer(const httplib::Request& req, httplib::Response& res) {
    if (res.body.size() < kCompressFromBytes || res.has_header("Content-Encoding")) return;
    if (res.get_header_value("Content-Type").rfind("application/json", 0) != 0) return;
    const Encoding e = negotiate(req);
    add_vary(res, "Accept-Encoding"); // the answer depends on the header even when it stays plain
    if (e == Encoding::identity) return;
    res.body = e == Encoding::br ? brotli_compress(res.body, 5) : gzip_compress(res.body, 6);
    res.set_header("Content-Encoding", e == Encoding::br ? "br" : "gzip");
    // cpp-httplib may have sized the plain body already (set_header adds, never replaces).
    if (res.has_header("Content-Length")) {
        res.headers.erase("Content-Length");
        res.set_header("Content-Length", std::to_string(res.body.size()));
    }
}

} // namespace deltag::server
