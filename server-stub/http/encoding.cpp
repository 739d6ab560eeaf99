// Accept-Encoding and If-None-Match parsing (strict: percent-decoded header values are not
// trusted), and answers whose body is sent exactly as made.
#include "encoding.hpp"

#include "compress.hpp"
#include "http_util.hpp"

#include <cstdio>
#include <functional>
#include <vector>

namespace deltag::server {

namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

std::vector<std::string_view> split(std::string_view s, char sep) {
    std::vector<std::string_view> out;
    for (std::size_t at = 0;;) {
        const auto next = s.find(sep, at);
        out.push_back(trim(s.substr(at, next == std::string_view::npos ? std::string_view::npos : next - at)));
        if (next == std::string_view::npos) return out;
        at = next + 1;
    }
}

bool is_accept_encoding(std::string_view s) {
    if (s.size() > 256) return false;
    for (char c : s) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '*' ||
                        c == ',' || c == ';' || c == '=' || c == '.' || c == '-' || c == ' ' || c == '\t';
        if (!ok) return false;
    }
    return true;
}

// RFC 9110 qvalue as thousandths: "0", "0.5", "1.000"; -1 when malformed.
int qvalue(std::string_view v) {
    if (v.empty() || v.size() > 5 || (v[0] != '0' && v[0] != '1')) return -1;
    if (v.size() > 1 && v[1] != '.') return -1;
    int q = (v[0] - '0') * 1000;
    int scale = 100;
    for (std::size_t i = 2; i < v.size(); ++i, scale /= 10) {
        if (v[i] < '0' || v[i] > '9') return -1;
        q += (v[i] - '0') * scale;
    }
    return q > 1000 ? -1 : q;
}

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

bool is_if_none_match(std::string_view s) {
    if (s.size() > 1024) return false;
    for (char c : s)
        if (c < 0x20 || c > 0x7e) return false;
    return true;
}

} // namespace

Encoding negotiate(const httplib::Request& req) { return negotiate(req, true, true); }

Encoding negotiate(const httplib::Request& req, bool have_br, bool have_gzip) {
    const auto header = read_header(req, "Accept-Encoding", is_accept_encoding);
    if (header.state != HeaderState::ok) return Encoding::identity;
    int br = -1, gzip = -1, any = -1; // -1: not listed
    for (std::string_view item : split(header.value, ',')) {
        if (item.empty()) continue;
        const auto parts = split(item, ';');
        int q = 1000;
        for (std::size_t i = 1; i < parts.size(); ++i) {
            const std::string param = lower(parts[i]);
            if (param.rfind("q=", 0) == 0) q = qvalue(trim(std::string_view(param).substr(2)));
        }
        if (q < 0) continue; // a malformed weight: the coding is ignored
        const std::string coding = lower(parts[0]);
        if (coding == "br") br = q;
        else if (coding == "gzip" || coding == "x-gzip") gzip = q;
        else if (coding == "*") any = q;
    }
    if (br < 0) br = any < 0 ? 0 : any;
    if (gzip < 0) gzip = any < 0 ? 0 : any;
    if (!have_br) br = 0;
    if (!have_gzip) gzip = 0;
    if (br > 0 && br >= gzip) return Encoding::br;
    if (gzip > 0) return Encoding::gzip;
    return Encoding::identity;
}

Variants make_variants(std::string text) {
    Variants v;
    char tag[24];
    std::snprintf(tag, sizeof tag, "\"%016zx\"", std::hash<std::string>{}(text));
    v.etag = tag;
    v.identity = std::make_shared<const std::string>(std::move(text));
    v.compressed = std::make_shared<Variants::Compressed>();
    return v;
}

const Variants::Compressed& compressed(const Variants& v) {
    std::call_once(v.compressed->once, [&v] {
        const std::string& text = *v.identity;
        // A compressed copy only where it is smaller (tiny texts are not).
        if (auto br = brotli_compress(text); br.size() < text.size())
            v.compressed->br = std::make_shared<const std::string>(std::move(br));
        if (auto gz = gzip_compress(text); gz.size() < text.size())
            v.compressed->gzip = std::make_shared<const std::string>(std::move(gz));
    });
    return *v.compressed;
}

std::string etag_for(const Variants& v, Encoding e) {
    if (e == Encoding::identity || v.etag.size() < 2) return v.etag;
    return v.etag.substr(0, v.etag.size() - 1) + (e == Encoding::br ? "-br\"" : "-gz\"");
}

bool none_match_hits(const httplib::Request& req, const std::string& etag) {
    const auto header = read_header(req, "If-None-Match", is_if_none_match);
    if (header.state != HeaderState::ok) return false;
    for (std::string_view tag : split(header.value, ',')) {
        if (tag == "*") return true;
        if (tag.substr(0, 2) == "W/") tag.remove_prefix(2); // weak comparison, as for GET
        if (tag == etag) return true;
    }
    return false;
}

void add_vary(httplib::Response& res, const char* value) {
    std::string vary = res.get_header_value("Vary");
    res.headers.erase("Vary");
    res.set_header("Vary", vary.empty() ? std::string(value) : vary + ", " + value);
}

void set_body(httplib::Response& res, std::shared_ptr<const std::string> body, const std::string& content_type) {
    const std::size_t size = body->size();
    res.set_content_provider(size, content_type,
                             [body](std::size_t offset, std::size_t length, httplib::DataSink& sink) {
                                 return sink.write(body->data() + offset, length);
                             });
}

void send_variant(const httplib::Request& req, httplib::Response& res, const Variants& v,
                  const std::string& content_type, const char* cache_control) {
    Encoding e = negotiate(req);
    const Variants::Compressed* c = nullptr;
    if (e != Encoding::identity) {
        c = &compressed(v);
        e = negotiate(req, c->br != nullptr, c->gzip != nullptr);
    }
    const std::string etag = etag_for(v, e);
    add_vary(res, "Accept-Encoding");
    res.set_header("Cache-Control", cache_control);
    res.set_header("ETag", etag);
    res.set_header("X-Content-Type-Options", "nosniff");
    if (none_match_hits(req, etag)) {
        res.status = 304;
        return;
    }
    res.status = 200;
    if (e != Encoding::identity) res.set_header("Content-Encoding", e == Encoding::br ? "br" : "gzip");
    set_body(res, e == Encoding::br ? c->br : e == Encoding::gzip ? c->gzip : v.identity, content_type);
}

} // namespace deltag::server
