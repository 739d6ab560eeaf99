// GET /api/v1/catalogs/{lang} and /api/v1/organisations/{country}: the public reference data the
// widget fetches instead of carrying it in its wasm, served from the core's compiled-in copy (one
// source of truth), compressed once (on first use), with an ETag and a short cache lifetime.
#include "routes.hpp"

#include "encoding.hpp"

#include "deltag/catalog.hpp"
#include "deltag/organisations.hpp"

#include <map>
#include <memory>

namespace deltag::server {

namespace {

// A fixed public document (it changes only with a new server build), compressed once:
// cacheable by browsers and the service worker for a while, and revalidated cheaply with its
// ETag after that.
// name -> document, for every name whose text is not `empty` (a build without the data serves 404).
std::map<std::string, Variants> documents(const std::vector<std::string>& names,
                                          std::string (*text_of)(std::string_view), const char* empty) {
    std::map<std::string, Variants> out;
    for (const std::string& name : names)
        if (std::string text = text_of(name); text != empty) out.emplace(name, make_variants(std::move(text)));
    return out;
}

// GET <pattern> answers the document named by the pattern's one capture, 404 for other names.
void serve_documents(httplib::Server& svr, const char* pattern, std::map<std::string, Variants> docs) {
    auto shared = std::make_shared<const std::map<std::string, Variants>>(std::move(docs));
    svr.Get(pattern, [shared](const httplib::Request& req, httplib::Response& res) {
        auto it = shared->find(req.matches[1].str());
        if (it == shared->end()) return send_error(res, 404, "request.not_found");
        send_variant(req, res, it->second, "application/json; charset=utf-8", "public, max-age=600");
    });
}

} // namespace

void add_reference_routes(httplib::Server& svr) {
    // The widget's catalog: its messages without those only staff read (catalog.hpp).
    serve_documents(svr, R"(/api/v1/catalogs/([^/]{1,20}))", documents(catalog_languages(), visitor_catalog_json, "{}"));
    serve_documents(svr, R"(/api/v1/organisations/([^/]{1,20}))",
                    documents(municipality_countries(), municipalities_json, "[]"));
}

} // namespace deltag::server
