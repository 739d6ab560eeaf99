// See json_text.hpp for why parsing has a single entry point.
#include "deltag/json_text.hpp"

namespace deltag {

namespace {

bool keep_everything(int, nlohmann::json::parse_event_t, nlohmann::json&) {
    return true;
}

} // namespace

// nlohmann::json::parse() instantiates two DOM builders, a plain one and one that calls the
// callback, each with its own copy of the parse loop (2 KB of wasm). Every parse here goes
// through the callback builder instead: a caller without a callback gets one that keeps
// everything, which builds the same value. Mirrors parser::parse(strict = true).
nlohmann::json parse_json(std::string_view text,
                          const nlohmann::json::parser_callback_t& callback) {
    using json = nlohmann::json;
    using Adapter = nlohmann::detail::iterator_input_adapter<const char*>;
    json result;
    nlohmann::detail::json_sax_dom_callback_parser<json> builder(
        result, callback ? callback : json::parser_callback_t(keep_everything),
        /*allow_exceptions=*/false);
    nlohmann::detail::parser<json, Adapter> parser(Adapter(text.data(), text.data() + text.size()),
                                                   nullptr,
                                                   /*allow_exceptions=*/false);
    parser.sax_parse(&builder, /*strict=*/true);
    if (builder.is_errored())
        return json(json::value_t::discarded);
    if (result.is_discarded()) // the callback discarded the top-level value
        result = nullptr;
    return result;
}

nlohmann::json parse_json(std::string_view text) {
    return parse_json(text, nullptr);
}

} // namespace deltag
