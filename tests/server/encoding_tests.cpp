// Compressed and cached answers (issue 13): every static type and every cacheable API answer in
// each Accept-Encoding form (br, gzip, none, q=0), decoded here with brotli's and zlib's own
// decoders; Vary, encoded Content-Length, ETag 304/200, cache lifetimes by name; the fresh part
// of an event's answer; and the build's content-hashed names (wasm/web-build/publish.mjs).
#include "decoded_body.hpp"
#include "harness.hpp"

#include "compress.hpp"
#include "deltag/catalog.hpp"
#include "deltag/organisations.hpp"

#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

using namespace deltag::testing;

namespace {

struct Form {
    const char* accept; // nullptr: no Accept-Encoding header
    const char* encoding; // expected Content-Encoding ("" for none)
};

// The Accept-Encoding forms every answer is asked in.
const Form forms[] = {
    {"br", "br"},
    {"gzip", "gzip"},
    {nullptr, ""},
    {"gzip, deflate, br", "br"},
    {"br;q=0, gzip", "gzip"},
    {"gzip;q=0, br", "br"},
    {"br;q=0, gzip;q=0", ""},
    {"*;q=0", ""},
    {"br;q=0.000, gzip;q=0.0", ""},
    {"*", "br"},
    {"gzip;q=1.0, br;q=0.5", "gzip"},
    {"identity", ""},
    {"BR", "br"},
};

httplib::Headers with_accept(const char* accept, httplib::Headers more = {}) {
    if (accept) more.emplace("Accept-Encoding", accept);
    return more;
}


// One answer in every form: the encoding, the bytes, Vary, the encoded length, and the ETag
// revalidation (a wrong tag gets 200 with the body, the right one 304 without). `same` compares
// the decoded body with what the identity answer had (exact bytes or, for answers with a fresh
// part, a caller's check).
void check_every_form(httplib::Client& cli, const std::string& path, const std::string& expected_body,
                      const std::string& cache_control) {
    for (const Form& f : forms) {
        CAPTURE(path);
        CAPTURE(f.accept ? f.accept : "(none)");
        auto r = cli.Get(path.c_str(), with_accept(f.accept));
        REQUIRE(r);
        REQUIRE(r->status == 200);
        CHECK(r->get_header_value("Content-Encoding") == f.encoding);
        CHECK(r->get_header_value("Vary").find("Accept-Encoding") != std::string::npos);
        CHECK(r->get_header_value("Content-Length") == std::to_string(r->body.size()));
        CHECK(r->get_header_value("Cache-Control") == cache_control);
        CHECK(decoded(*r) == expected_body);
        const std::string etag = r->get_header_value("ETag");
        REQUIRE(etag.size() > 2);
        CHECK(etag.front() == '"');
        auto wrong = cli.Get(path.c_str(), with_accept(f.accept, {{"If-None-Match", "\"not-this-one\""}}));
        REQUIRE(wrong);
        CHECK(wrong->status == 200);
        CHECK(decoded(*wrong) == expected_body);
        auto right = cli.Get(path.c_str(), with_accept(f.accept, {{"If-None-Match", etag}}));
        REQUIRE(right);
        CHECK(right->status == 304);
        CHECK(right->body.empty());
        CHECK(right->get_header_value("ETag") == etag);
        // The tag names one encoding's bytes: asked in another encoding it does not match.
        if (std::string(f.encoding) == "br") {
            auto other = cli.Get(path.c_str(), {{"Accept-Encoding", "gzip"}, {"If-None-Match", etag}});
            REQUIRE(other);
            CHECK(other->status == 200);
        }
    }
}

void write_file(const std::string& path, const std::string& bytes) {
    std::ofstream(path, std::ios::binary) << bytes;
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// A text big enough that both compressed copies are smaller.
std::string sample(const std::string& what) {
    std::string text;
    for (int i = 0; i < 200; ++i) text += what + " line " + std::to_string(i % 7) + ";\n";
    return text;
}

// A file and its .br and .gz copies, as the build's publish step writes them.
void published(const TempDir& dir, const std::string& name, const std::string& bytes) {
    write_file(dir.file(name), bytes);
    write_file(dir.file(name + ".br"), deltag::server::brotli_compress(bytes));
    write_file(dir.file(name + ".gz"), deltag::server::gzip_compress(bytes));
}

} // namespace

TEST_SUITE("server: compressed and cached answers") {

TEST_CASE("every static type is sent as the best precompressed copy the request accepts, revalidated by ETag") {
    TempDir dist;
    struct File {
        const char* name;
        const char* type;
        const char* cache_control;
    };
    const File files[] = {
        {"deltag-widget.0123456789.wasm", "application/wasm", "public, max-age=31536000, immutable"},
        {"deltag-widget.0123456789.js", "text/javascript; charset=utf-8", "public, max-age=31536000, immutable"},
        {"deltag.abcdef0123.css", "text/css; charset=utf-8", "public, max-age=31536000, immutable"},
        {"DejaVuSans-subset.abcdef0123.ttf", "font/ttf", "public, max-age=31536000, immutable"},
        {"embed.js", "text/javascript; charset=utf-8", "public, max-age=300"},
        {"sw.js", "text/javascript; charset=utf-8", "no-cache"},
        {"index.html", "text/html; charset=utf-8", "no-cache"},
        {"manifest.json", "application/json; charset=utf-8", "no-cache"},
        {"icon.svg", "image/svg+xml", "no-cache"},
    };
    for (const File& f : files) published(dist, f.name, sample(f.name));
    TestServer srv([&](deltag::server::Options& o) { o.static_dirs = {dist.path()}; });
    auto cli = raw_client(srv);
    for (const File& f : files) {
        CAPTURE(f.name);
        check_every_form(cli, std::string("/") + f.name, sample(f.name), f.cache_control);
        auto r = cli.Get((std::string("/") + f.name).c_str(), {{"Accept-Encoding", "br"}});
        REQUIRE(r);
        CHECK(r->get_header_value("Content-Type") == f.type);
        CHECK(r->body == read_file(dist.file(std::string(f.name) + ".br"))); // the build's bytes, not new ones
    }
    // The standalone and kiosk pages are files too.
    published(dist, "standalone.html", sample("standalone page"));
    check_every_form(cli, "/e/open-event", sample("standalone page"), "no-cache");
}

TEST_CASE("a file without compressed copies, or with copies older than itself, goes out as it is") {
    TempDir dir;
    write_file(dir.file("plain.js"), sample("plain"));
    published(dir, "edited.css", sample("old text"));
    // Edited after the copies were made: they are stale and must not be sent.
    std::filesystem::last_write_time(dir.file("edited.css.br"), std::filesystem::file_time_type::clock::now() - std::chrono::hours(1));
    std::filesystem::last_write_time(dir.file("edited.css.gz"), std::filesystem::file_time_type::clock::now() - std::chrono::hours(1));
    write_file(dir.file("edited.css"), sample("new text"));
    TestServer srv([&](deltag::server::Options& o) { o.static_dirs = {dir.path()}; });
    auto cli = raw_client(srv);
    for (const char* path : {"/plain.js", "/edited.css"}) {
        CAPTURE(path);
        auto r = cli.Get(path, {{"Accept-Encoding", "gzip, deflate, br"}});
        REQUIRE(r);
        CHECK(r->status == 200);
        // Nothing is compressed per request (not even by cpp-httplib, which would for text/*).
        CHECK(r->get_header_value("Content-Encoding") == "");
        CHECK(r->get_header_value("Vary") == "Accept-Encoding");
    }
    auto edited = cli.Get("/edited.css", {{"Accept-Encoding", "br"}});
    REQUIRE(edited);
    CHECK(edited->body == sample("new text"));
    // The copies themselves and files of unknown types are not part of the site.
    for (const char* path : {"/edited.css.br", "/edited.css.gz", "/../etc/passwd", "/.hidden.js"}) {
        CAPTURE(path);
        auto r = cli.Get(path);
        REQUIRE(r);
        CHECK(r->status == 404);
    }
}

TEST_CASE("every catalog and municipality list is sent compressed as the request accepts, revalidated by ETag") {
    TestServer srv;
    auto cli = raw_client(srv);
    for (const std::string& lang : deltag::catalog_languages())
        check_every_form(cli, "/api/v1/catalogs/" + lang, deltag::visitor_catalog_json(lang), "public, max-age=600");
    for (const std::string& country : deltag::municipality_countries())
        check_every_form(cli, "/api/v1/organisations/" + country, deltag::municipalities_json(country), "public, max-age=600");
}

TEST_CASE("an event's answer in each language is compressed as the request accepts, with fresh availability") {
    TestServer srv;
    auto cli = raw_client(srv);
    for (const std::string query : {"", "?lang=sv", "?lang=da", "?lang=en"}) {
        const std::string path = "/api/v1/events/open-event" + query;
        auto plain = cli.Get(path.c_str());
        REQUIRE(plain);
        REQUIRE(plain->status == 200);
        const json expected = json::parse(plain->body);
        CHECK(expected.contains("event"));
        CHECK(expected.contains("availability"));
        CHECK(expected.contains("server_time"));
        // The same clock, no sign-up in between: every form must decode to the same bytes.
        check_every_form(cli, path, plain->body, "no-cache");
    }
    // A language without a catalog is answered uncompressed rather than compressed per request.
    auto pl = cli.Get("/api/v1/events/open-event?lang=pl", {{"Accept-Encoding", "br"}});
    REQUIRE(pl);
    CHECK(pl->status == 200);
    CHECK(pl->get_header_value("Content-Encoding") == "");

    // The availability and the server time are the ones of the moment, in every encoding.
    auto before = cli.Get("/api/v1/events/open-event?lang=sv", {{"Accept-Encoding", "br"}});
    REQUIRE(before);
    const std::string etag = before->get_header_value("ETag");
    auto mine = srv.client();
    auto signed_up = post_registration(mine, "open-event", payload("open-event", key_for(1), "fresh@example.se"));
    REQUIRE(signed_up);
    REQUIRE(signed_up->status == 201);
    srv.now += 60;
    for (const char* accept : {"br", "gzip"}) {
        CAPTURE(accept);
        auto after = cli.Get("/api/v1/events/open-event?lang=sv", {{"Accept-Encoding", accept}, {"If-None-Match", etag}});
        REQUIRE(after);
        CHECK(after->status == 200); // the old tag no longer matches
        const json was = json::parse(brotli_decode(before->body));
        const json now = json::parse(decoded(*after));
        CHECK(now["event"] == was["event"]);
        CHECK(now["availability"]["confirmed"] == was["availability"]["confirmed"].get<int>() + 1);
        CHECK(now["server_time"] != was["server_time"]);
    }
}

TEST_CASE("an open stream closed with a long fresh end decodes with brotli's and zlib's decoders") {
    // Stored blocks hold at most 65,535 bytes in deflate: a longer end is split.
    const std::string begin = sample("begin");
    const std::string end(70000, 'x');
    const auto open = deltag::server::open_streams(begin);
    CHECK(brotli_decode(deltag::server::close_brotli(open, end)) == begin + end);
    CHECK(gzip_decode(deltag::server::close_gzip(open, end)) == begin + end);
    CHECK(brotli_decode(deltag::server::close_brotli(open, "")) == begin);
    CHECK(gzip_decode(deltag::server::close_gzip(open, "")) == begin);
}

// The build step itself (node wasm/web-build/publish.mjs, with Debian's brotli and gzip): a new
// wasm gets a new name, embed.js and the pages name it, and the old name is gone (a 404, never the
// old bytes from a cache that still holds them as immutable).
TEST_CASE("changing the wasm changes its URL; the old URL is not served stale") {
    if (std::system("command -v node >/dev/null && command -v brotli >/dev/null && command -v gzip >/dev/null") != 0) {
        FAIL("node, brotli and gzip are needed for the build step (./deltag setup installs them)");
    }
    TempDir min, dist, wasm;
    const std::string web = DELTAG_WEB_DIR;
    for (const char* name : {"embed.js", "sw.js", "overlay.js", "standalone.js", "kiosk.js", "deltag.css", "pages.css", "kiosk.css"})
        std::filesystem::copy_file(web + "/" + name, min.file(name));
    write_file(min.file("deltag-widget.js"), "var DeltagModule = function () {}; // wasm: 'deltag-widget.wasm'\n");
    auto publish = [&](const std::string& wasm_bytes) {
        write_file(wasm.file("deltag-widget.wasm"), wasm_bytes);
        const std::string cmd = "node '" + std::string(DELTAG_PUBLISH_TOOL) + "' '" + dist.path() + "' '" + min.path() + "' '" +
                                wasm.file("deltag-widget.wasm") + "' '" + web + "'";
        REQUIRE(std::system(cmd.c_str()) == 0);
        return json::parse(read_file(dist.file("manifest.json")));
    };
    const json first = publish(std::string("\0asm\1\0\0\0", 8) + sample("first build"));
    TestServer srv([&](deltag::server::Options& o) { o.static_dirs = {dist.path()}; });
    auto cli = raw_client(srv);
    const std::string old_url = "/" + first["deltag-widget.wasm"].get<std::string>();
    auto old_wasm = cli.Get(old_url.c_str(), {{"Accept-Encoding", "br"}});
    REQUIRE(old_wasm);
    CHECK(old_wasm->status == 200);
    CHECK(old_wasm->get_header_value("Cache-Control") == "public, max-age=31536000, immutable");
    auto old_embed = cli.Get("/embed.js");
    REQUIRE(old_embed);
    CHECK(old_embed->body.find(first["deltag-widget.wasm"].get<std::string>()) != std::string::npos);
    const std::string embed_etag = old_embed->get_header_value("ETag");

    const json second = publish(std::string("\0asm\1\0\0\0", 8) + sample("second build"));
    const std::string new_url = "/" + second["deltag-widget.wasm"].get<std::string>();
    CHECK(new_url != old_url);
    // Names that did not change keep their URL (the styles): a visitor keeps them.
    CHECK(second["deltag.css"] == first["deltag.css"]);
    // embed.js (a stable URL, short lifetime) revalidates to the new name: its old tag gets 200.
    auto embed = cli.Get("/embed.js", {{"If-None-Match", embed_etag}});
    REQUIRE(embed);
    CHECK(embed->status == 200);
    CHECK(embed->body.find(second["deltag-widget.wasm"].get<std::string>()) != std::string::npos);
    CHECK(embed->body.find(first["deltag-widget.wasm"].get<std::string>()) == std::string::npos);
    // The standalone page and the service worker name the new files too.
    auto page = cli.Get("/e/open-event");
    REQUIRE(page);
    CHECK(page->body.find("/" + second["deltag.css"].get<std::string>()) != std::string::npos);
    CHECK(page->body.find("/" + second["standalone.js"].get<std::string>()) != std::string::npos);
    auto fresh = cli.Get(new_url.c_str(), {{"Accept-Encoding", "br"}});
    REQUIRE(fresh);
    CHECK(fresh->status == 200);
    CHECK(brotli_decode(fresh->body) == std::string("\0asm\1\0\0\0", 8) + sample("second build"));
    auto old_again = cli.Get(old_url.c_str());
    REQUIRE(old_again);
    CHECK(old_again->status == 404);
}

}
