// Content negotiation for the answers made once (static files, reference data, event texts):
// the best encoding a request accepts, ETags per encoding, If-None-Match, and sending a body
// without cpp-httplib compressing it again. Depends on cpp-httplib; compresses nothing.
#pragma once
#include <httplib.h>

#include <memory>
#include <mutex>
#include <string>

namespace deltag::server {

enum class Encoding { identity, br, gzip };

// Accept-Encoding's best choice among br, gzip and identity: a coding listed with q=0 (or
// covered only by "*;q=0") is refused, the higher q wins, br on a tie. A header that is
// missing, repeated or malformed gets identity.
Encoding negotiate(const httplib::Request& req);
// The same choice among the copies there are (identity always is).
Encoding negotiate(const httplib::Request& req, bool have_br, bool have_gzip);

// One body in up to three encodings, with the ETag of the identity body (quoted); each
// encoding's ETag adds a suffix, as the representations differ. The compressed copies are made
// once, when a request first accepts one (brotli 11 takes ~0.1 s for a catalog: made at start-up
// it multiplied every server start, the tests' too), and shared by every later answer.
struct Variants {
    struct Compressed {
        std::once_flag once;
        std::shared_ptr<const std::string> br, gzip; // null where not smaller than the text
    };
    std::shared_ptr<const std::string> identity;
    std::string etag;
    std::shared_ptr<Compressed> compressed;
};
Variants make_variants(std::string text);
// The compressed copies, made on the first call (thread-safe).
const Variants::Compressed& compressed(const Variants& v);
std::string etag_for(const Variants& v, Encoding e);

// Whether If-None-Match (once, well-formed) names `etag` or is "*".
bool none_match_hits(const httplib::Request& req, const std::string& etag);

// 200 with the variant the request accepts, or 304 when If-None-Match names its ETag; always
// Vary: Accept-Encoding, ETag and the given Cache-Control. The body goes out as it is (sized,
// so cpp-httplib neither compresses it nor chunks it).
void send_variant(const httplib::Request& req, httplib::Response& res, const Variants& v,
                  const std::string& content_type, const char* cache_control);

// Adds `value` to the answer's Vary (the CORS check may have set Vary: Origin already).
void add_vary(httplib::Response& res, const char* value);
// The body as it is: a sized content provider, which cpp-httplib never compresses.
void set_body(httplib::Response& res, std::shared_ptr<const std::string> body, const std::string& content_type);

} // namespace deltag::server
