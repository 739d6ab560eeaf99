// Fuzz target: the grammar of every request header the server reads (server-stub/http/http_util).
// Input: one selector byte (which header), then the value. Invariants: each validator agrees
// with an independent statement of its grammar; read_header accepts exactly one occurrence
// that matches and hands back the same bytes; the core's payload parser and the header agree
// on what an idempotency key is; loggable_path never keeps a reference.
#include "fuzz_support.hpp"

#include "deltag/registration.hpp"
#include "http_util.hpp"

#include <algorithm>

using namespace deltag;
using namespace deltag::server;
using deltag::fuzz::check;

namespace {

bool in(char c, std::string_view set) { return set.find(c) != std::string_view::npos; }
bool digit(char c) { return c >= '0' && c <= '9'; }
bool upper(char c) { return c >= 'A' && c <= 'Z'; }
bool lower(char c) { return c >= 'a' && c <= 'z'; }
bool alnum(char c) { return digit(c) || upper(c) || lower(c); }
template <class Pred> bool every(std::string_view s, Pred p) { return std::all_of(s.begin(), s.end(), p); }
bool starts(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

// The grammars as the API documents them, written without looking at the validators' code.
bool origin_spec(std::string_view s) {
    std::string_view host;
    if (starts(s, "https://")) host = s.substr(8);
    else if (starts(s, "http://")) host = s.substr(7);
    else return false;
    return s.size() <= 200 && !host.empty() && every(host, [](char c) { return alnum(c) || in(c, ".-:[]"); });
}
bool key_spec(std::string_view s) {
    return s.size() >= 16 && s.size() <= 64 && every(s, [](char c) { return alnum(c) || in(c, "_-"); });
}
bool bearer_spec(std::string_view s) {
    if (!starts(s, "Bearer ") || s.size() > 512) return false;
    const auto token = s.substr(7);
    return !token.empty() && every(token, [](char c) { return alnum(c) || in(c, "-._~+/="); });
}
bool content_type_spec(std::string_view s) {
    std::string squeezed;
    for (char c : s)
        if (c != ' ') squeezed += upper(c) ? static_cast<char>(c - 'A' + 'a') : c;
    return squeezed == "application/json" || squeezed == "application/json;charset=utf-8";
}
bool hex_spec(std::string_view s) {
    return s.size() == 64 && every(s, [](char c) { return digit(c) || (c >= 'a' && c <= 'f'); });
}
bool reference_spec(std::string_view s) {
    if (s.size() != 18 || !starts(s, "DLT-")) return false;
    for (std::size_t group = 0; group < 3; ++group) {
        const auto part = s.substr(4 + group * 5, 4);
        if (!every(part, [](char c) { return digit(c) || upper(c); })) return false;
        if (group < 2 && s[8 + group * 5] != '-') return false;
    }
    return true;
}

struct Header {
    const char* name;
    Grammar grammar;
    bool (*spec)(std::string_view);
};
const Header headers[] = {
    {"Origin", is_origin, origin_spec},
    {"Idempotency-Key", is_idempotency_key, key_spec},
    {"Authorization", is_bearer, bearer_spec},
    {"Content-Type", is_json_content_type, content_type_spec},
    {"token", is_hex_token, hex_spec},            // the cancel token, from ?token=
    {"reference", is_reference, reference_spec}, // from the path
};

// A header value the server accepts is echoed into logs and answers: never a control byte.
bool printable(std::string_view s) {
    return every(s, [](char c) { return static_cast<unsigned char>(c) >= 0x20 && c != 0x7f; });
}

void check_payload_key_agrees(std::string_view value) {
    if (!every(value, [](char c) { return static_cast<unsigned char>(c) < 0x80 && c != '\0'; })) return;
    nlohmann::json body = {{"event", "e"}, {"answers", nlohmann::json::object()},
                           {"locale", "sv"}, {"idempotency_key", std::string(value)}};
    const bool core = parse_registration(body.dump()).ok();
    check(core == is_idempotency_key(value), "the payload and the header agree on idempotency keys",
          value);
}

void check_loggable_path(const std::string& path) {
    const std::string logged = loggable_path(path);
    constexpr std::string_view regs = "/api/v1/registrations/";
    if (starts(path, regs)) {
        check(starts(logged, std::string(regs) + "{reference}"), "a registration path is logged without its reference", path);
        const auto slash = path.find('/', regs.size());
        const std::string reference = path.substr(regs.size(), slash == std::string::npos ? std::string::npos : slash - regs.size());
        check(logged.size() - regs.size() - 11 == path.size() - regs.size() - reference.size(),
              "only the reference is cut from a registration path", path);
    } else {
        check(logged.size() <= 200 && starts(path, logged), "other paths are logged as a prefix of at most 200 bytes", path);
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const Header& header = headers[data[0] % std::size(headers)];
    const bool twice = (data[0] & 0x80) != 0;
    const std::string value(fuzz::as_text(data + 1, size - 1));

    const bool accepted = header.grammar(value);
    check(accepted == header.spec(value), "a header validator matches its documented grammar",
          std::string(header.name) + ": " + value);
    if (accepted) check(printable(value), "an accepted header has no control bytes", value);

    httplib::Request req;
    req.headers.emplace(header.name, value);
    if (twice) req.headers.emplace(header.name, value);
    const HeaderValue read = read_header(req, header.name, header.grammar);
    if (twice) check(read.state == HeaderState::invalid, "a repeated header is invalid");
    else if (accepted) check(read.state == HeaderState::ok && read.value == value, "a valid header reads back as sent");
    else check(read.state == HeaderState::invalid && read.value.empty(), "an invalid header is invalid and empty");
    httplib::Request none;
    check(read_header(none, header.name, header.grammar).state == HeaderState::absent, "a missing header is absent");

    if (header.grammar == is_idempotency_key) check_payload_key_agrees(value);
    if (header.grammar == is_origin) {
        Cors cors({"https://a.example", value});
        const std::string* match = cors.match(value);
        check(match != nullptr && *match == value, "an allowed origin matches itself");
        check(cors.match(value + "x") == nullptr || value + "x" == "https://a.example", "a longer origin does not match");
    }
    check_loggable_path(value);
    return 0;
}
