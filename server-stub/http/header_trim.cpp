// Header trimming after routing (header_trim.hpp says what and why).
#include "header_trim.hpp"

namespace deltag::server {

void trim_headers(httplib::Response& res) {
    res.headers.erase("Keep-Alive");
    if (res.status != 304) return;
    res.headers.erase("X-Content-Type-Options");
    res.headers.erase("Access-Control-Allow-Origin");
    res.headers.erase("Content-Length");
}

} // namespace deltag::server
