// Tests of registration.hpp: the payload parsed without exceptions, every malformation
// with its exact code and path, and the round trip with to_json_text.
#include "deltag/registration.hpp"

#include <doctest/doctest.h>

using namespace deltag;
using nlohmann::json;

namespace {

json valid_payload() {
    return {{"event", "webinar-boligsociale-indsatser"},
            {"answers",
             {{"name", "Søren Ærø"},
              {"criteria", {"a", "b"}},
              {"org", {{"country", "dk"}, {"code", "101"}}}}},
            {"locale", "da"},
            {"consents", {{"consent_sensitive", "2026-01"}}},
            {"idempotency_key", "k_0123456789abcdef-XYZ"},
            {"fill_ms", 12345},
            {"honeypot", ""}};
}

} // namespace

TEST_CASE("a valid payload parses into a Registration") {
    const auto r = parse_registration(valid_payload().dump());
    REQUIRE(r.ok());
    CHECK(r.value.event == "webinar-boligsociale-indsatser");
    CHECK(r.value.answers["name"] == "Søren Ærø");
    CHECK(r.value.locale == "da");
    CHECK(r.value.consents == std::map<std::string, std::string>{{"consent_sensitive", "2026-01"}});
    CHECK(r.value.idempotency_key == "k_0123456789abcdef-XYZ");
    CHECK(r.value.fill_ms == 12345);
    CHECK(r.value.honeypot == "");
}

TEST_CASE("a sign-up from a widget shown in Yiddish or Arabic keeps its language") {
    for (const char* lang : {"yi", "ar"}) {
        json payload = valid_payload();
        payload["locale"] = lang;
        const auto r = parse_registration(payload.dump());
        CAPTURE(lang);
        REQUIRE(r.ok());
        CHECK(r.value.locale == lang);
    }
}

TEST_CASE("to_json_text and parse_registration round-trip") {
    Registration r;
    r.event = "e";
    r.answers = {{"name", "Áile Ŋuolja"}, {"consent", true}, {"topics", json::array()}};
    r.locale = "sv";
    r.consents = {{"consent", "2026-01"}};
    r.idempotency_key = std::string(64, 'a');
    r.fill_ms = 9007199254740993; // beyond a double's exact range: must stay exact
    r.honeypot = "filled by a bot";
    const auto back = parse_registration(to_json_text(r));
    REQUIRE(back.ok());
    CHECK(back.value.event == r.event);
    CHECK(back.value.answers == r.answers);
    CHECK(back.value.locale == r.locale);
    CHECK(back.value.consents == r.consents);
    CHECK(back.value.idempotency_key == r.idempotency_key);
    CHECK(back.value.fill_ms == r.fill_ms);
    CHECK(back.value.honeypot == r.honeypot);

    r.fill_ms.reset();
    const auto without = parse_registration(to_json_text(r));
    REQUIRE(without.ok());
    CHECK_FALSE(without.value.fill_ms.has_value());
}

TEST_CASE("to_json_text does not abort on invalid UTF-8 in answers") {
    Registration r;
    r.event = "e";
    r.answers = {{"name", "An\xC3na"}};
    r.locale = "sv";
    r.idempotency_key = std::string(16, 'k');
    const std::string text = to_json_text(r);
    CHECK(text.find("\xEF\xBF\xBD") != std::string::npos); // replaced by U+FFFD
    CHECK(parse_registration(text).ok());
}

TEST_CASE("malformed payloads are refused with exact codes and paths") {
    struct Case {
        const char* name;
        std::string body;
        std::string field;
        const char* code;
    };
    const auto with = [](const char* key, json value) {
        json j = valid_payload();
        if (value.is_discarded())
            j.erase(key);
        else
            j[key] = std::move(value);
        return j.dump();
    };
    const json drop = json::value_t::discarded;
    const std::string body = valid_payload().dump();
    const Case cases[] = {
        {"NUL byte", body.substr(0, 10) + std::string(1, '\0') + body.substr(10), "",
         "payload.nul_byte"},
        {"NUL byte inside a string", std::string("{\"a\":\"x\0\"}", 10), "", "payload.nul_byte"},
        {"not JSON", "{event: 1}", "", "payload.malformed"},
        {"truncated", body.substr(0, body.size() - 1), "", "payload.malformed"},
        {"trailing garbage", body + "x", "", "payload.malformed"},
        {"empty", "", "", "payload.malformed"},
        {"invalid UTF-8", "{\"event\":\"\xC3\"}", "", "payload.malformed"},
        {"array at top", "[]", "", "payload.wrong_type"},
        {"duplicate top-level key", R"({"event":"a","event":"b"})", "event",
         "payload.duplicate_key"},
        {"duplicate nested key", R"({"answers":{"o":{"code":"1","code":"2"}}})", "code",
         "payload.duplicate_key"},
        {"same key in sibling objects is fine, duplicate later is not",
         R"({"answers":{"a":{"x":1},"b":{"x":1},"b":2}})", "b", "payload.duplicate_key"},
        {"too deep", std::string(40, '[') + std::string(40, ']'), "", "payload.malformed"},
        {"unknown top-level key", with("admin", true), "admin", "payload.unknown_field"},
        {"missing event", with("event", drop), "event", "payload.missing_field"},
        {"missing answers", with("answers", drop), "answers", "payload.missing_field"},
        {"missing locale", with("locale", drop), "locale", "payload.missing_field"},
        {"missing key", with("idempotency_key", drop), "idempotency_key", "payload.missing_field"},
        {"event not string", with("event", 3), "event", "payload.wrong_type"},
        {"event null", with("event", nullptr), "event", "payload.wrong_type"},
        {"answers array", with("answers", json::array()), "answers", "payload.wrong_type"},
        {"consents array", with("consents", json::array()), "consents", "payload.wrong_type"},
        {"consent version not string", with("consents", {{"c", true}}), "consents.c",
         "payload.wrong_type"},
        {"fill_ms float", with("fill_ms", 1.5), "fill_ms", "payload.wrong_type"},
        {"fill_ms string", with("fill_ms", "12"), "fill_ms", "payload.wrong_type"},
        {"fill_ms negative", with("fill_ms", -1), "fill_ms", "payload.wrong_type"},
        {"fill_ms beyond int64",
         R"({"event":"e","answers":{},"locale":"sv","idempotency_key":"aaaaaaaaaaaaaaaa","fill_ms":9223372036854775808})",
         "fill_ms", "payload.wrong_type"},
        {"fill_ms beyond uint64",
         R"({"event":"e","answers":{},"locale":"sv","idempotency_key":"aaaaaaaaaaaaaaaa","fill_ms":99999999999999999999999})",
         "fill_ms", "payload.wrong_type"},
        {"honeypot not string", with("honeypot", 0), "honeypot", "payload.wrong_type"},
        {"locale Norwegian", with("locale", "nb"), "locale", "payload.bad_locale"},
        {"locale upper case", with("locale", "SV"), "locale", "payload.bad_locale"},
        {"locale without a catalog", with("locale", "xx"), "locale", "payload.bad_locale"},
        {"key too short", with("idempotency_key", std::string(15, 'a')), "idempotency_key",
         "payload.bad_key"},
        {"key too long", with("idempotency_key", std::string(65, 'a')), "idempotency_key",
         "payload.bad_key"},
        {"key with a dot", with("idempotency_key", "aaaaaaaa.aaaaaaaa"), "idempotency_key",
         "payload.bad_key"},
        {"string over 8 KiB", with("answers", {{"bio", std::string(8 * 1024 + 1, 'x')}}),
         "answers.bio", "payload.too_long"},
        {"key over 8 KiB", with("answers", {{std::string(8 * 1024 + 1, 'k'), "x"}}),
         "answers." + std::string(8 * 1024 + 1, 'k'), "payload.too_long"},
        {"string in array over 8 KiB",
         with("answers", {{"g", {"a", std::string(8 * 1024 + 1, 'x')}}}), "answers.g[1]",
         "payload.too_long"},
        {"over 64 KiB", std::string(64 * 1024 + 1, ' '), "", "payload.too_large"},
        {"over 64 KiB even with a NUL", std::string(64 * 1024 + 1, '\0'), "", "payload.too_large"},
    };
    for (const auto& c : cases) {
        const std::string captured = c.name;
        CAPTURE(captured);
        const auto r = parse_registration(c.body);
        REQUIRE(r.errors.size() == 1);
        CHECK(r.errors[0].field == c.field);
        CHECK(r.errors[0].code == c.code);
    }
}

TEST_CASE("a string of exactly 8 KiB and a payload of exactly 64 KiB are accepted") {
    json j = valid_payload();
    j["answers"] = {{"bio", std::string(8 * 1024, 'x')}};
    CHECK(parse_registration(j.dump()).ok());
    std::string body = valid_payload().dump();
    body.append(64 * 1024 - body.size(), ' ');
    REQUIRE(body.size() == 64 * 1024);
    CHECK(parse_registration(body).ok());
}

TEST_CASE("several problems are reported together, in a stable order") {
    const auto r =
        parse_registration(R"({"x":1,"event":1,"locale":"xx","idempotency_key":"short"})");
    std::vector<std::pair<std::string, std::string>> got;
    for (const auto& e : r.errors)
        got.emplace_back(e.field, e.code);
    const std::vector<std::pair<std::string, std::string>> expected = {
        {"x", "payload.unknown_field"},
        {"event", "payload.wrong_type"},
        {"answers", "payload.missing_field"},
        {"locale", "payload.bad_locale"},
        {"idempotency_key", "payload.bad_key"}};
    CHECK(got == expected);
}

TEST_CASE("parse_strict_json accepts any strict JSON and refuses duplicates and NUL bytes") {
    CHECK(parse_strict_json(R"({"a":[1,{"b":2}],"c":null})").ok());
    CHECK(parse_strict_json("42").value == 42);
    CHECK(parse_strict_json(R"({"a":1,"a":1})").errors.at(0).code == "payload.duplicate_key");
    CHECK(parse_strict_json(std::string("{}\0", 3)).errors.at(0).code == "payload.nul_byte");
    CHECK(parse_strict_json("{").errors.at(0).code == "payload.malformed");
}

TEST_CASE("mutated payloads never abort and always yield a payload code or a valid registration") {
    // Deterministic mutations (a fixed LCG), so native and wasm runs see the same inputs; in
    // the wasm build any throwing json call would abort here (JSON_NOEXCEPTION).
    const std::string body = valid_payload().dump();
    std::uint32_t state = 12345;
    const auto next = [&] { return state = state * 1664525u + 1013904223u; };
    int accepted = 0, refused = 0;
    for (int round = 0; round < 3000; ++round) {
        std::string m = body;
        for (int edits = 1 + next() % 3; edits > 0 && !m.empty(); --edits) {
            const std::size_t at = next() % m.size();
            const char byte = static_cast<char>(next() % 256);
            switch (next() % 3) {
            case 0:
                m[at] = byte;
                break;
            case 1:
                m.insert(m.begin() + static_cast<std::ptrdiff_t>(at), byte);
                break;
            default:
                m.erase(at, 1);
                break;
            }
        }
        const auto r = parse_registration(m);
        if (r.ok()) {
            ++accepted;
            CHECK(parse_registration(to_json_text(r.value)).ok());
        } else {
            ++refused;
            for (const auto& e : r.errors)
                CHECK(e.code.rfind("payload.", 0) == 0);
        }
    }
    CHECK(accepted + refused == 3000);
    CHECK(refused > 1000); // most random edits break the JSON
    CHECK(accepted > 50);  // some only change a value
}
