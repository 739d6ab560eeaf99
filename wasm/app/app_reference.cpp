// The reference data the App fetches instead of carrying it in the wasm: the catalog of the
// language shown (GET {api}/catalogs/{lang}) and the municipality lists of a form's organisation
// field (GET {api}/organisations/{country}). Core, std and Host only.
#include "app.hpp"
#include "view_model.hpp"

#include "deltag/catalog.hpp"
#include "deltag/organisations.hpp"

namespace deltag::widget {

void App::request_reference(Purpose purpose, const std::string& subject) {
    for (const auto& [rid, p] : pending_)
        if (p.purpose == purpose && p.subject == subject) return; // on its way
    const int rid = next_request_++;
    pending_[rid] = {purpose, subject};
    const char* path = purpose == Purpose::catalog ? "/catalogs/" : "/organisations/";
    host_.http(rid, "GET", config_.api + path + subject, "{}", "");
}

// Catalogs and lists are the page's, not one widget's (one module, many widgets): whatever
// another widget already loaded is not fetched again.
bool App::drawable() const { return catalog_loaded(lang_); }

void App::request_catalog(const std::string& lang) {
    if (!catalog_loaded(lang)) request_reference(Purpose::catalog, lang);
}

// The old language stays on screen until the new one's texts are here (never keys or blanks).
void App::choose_language(const std::string& lang) {
    if (!has_catalog(lang)) return;
    if (lang == lang_) {
        lang_wanted_.clear();
        return;
    }
    if (!catalog_loaded(lang)) {
        lang_wanted_ = lang;
        request_catalog(lang);
        return;
    }
    lang_wanted_.clear();
    lang_ = lang;
    refetch_in_language();
}

void App::handle_catalog(const std::string& lang, int status, const std::string& body) {
    if (status == 200 && load_catalog(lang, body)) {
        if (lang == lang_wanted_) choose_language(lang);
        if (status_key_ == "widget.status.lang_failed") status_key_.clear();
        return;
    }
    if (lang == lang_ && !drawable()) {
        // Nothing can be said without texts: the page's fallback, not an empty widget.
        catalog_failed_ = true;
        host_.warn("deltag: the catalog '" + lang + "' could not be loaded (HTTP " + std::to_string(status) + ")");
        host_.unavailable("catalog");
        return;
    }
    if (lang == lang_wanted_) {
        lang_wanted_.clear();
        status_key_ = "widget.status.lang_failed"; // said in the language still shown
        status_assertive_ = true;
    }
}

// Only the countries the current event's organisation fields offer; a failed list is asked for
// again the next time (the visitor typing in the picker).
void App::request_organisations() {
    const EventEntry* e = current();
    if (!e) return;
    for (const Field& f : e->event.form.fields) {
        if (f.type != FieldType::organisation) continue;
        const std::vector<std::string>& countries = f.countries.empty() ? municipality_countries() : f.countries;
        // A retry keeps saying "could not be loaded" until it succeeds (org_failed_ stays).
        for (const std::string& c : countries)
            if (!municipalities_loaded(c)) request_reference(Purpose::organisations, c);
    }
}

void App::handle_organisations(const std::string& country, int status, const std::string& body) {
    const bool ok = status == 200 && load_municipalities(country, body);
    if (ok) org_failed_.erase(country);
    else org_failed_.insert(country);
    if (!ok) host_.warn("deltag: the municipalities of '" + country + "' could not be loaded (HTTP " +
                        std::to_string(status) + ")");
}

const char* App::organisation_list_note(const Field& f) const {
    const std::vector<std::string>& countries = f.countries.empty() ? municipality_countries() : f.countries;
    bool loading = false, failed = false;
    for (const std::string& c : countries) {
        if (municipalities_loaded(c)) continue;
        if (org_failed_.count(c)) failed = true;
        else loading = true;
    }
    return failed ? "widget.org.unavailable" : loading ? "widget.org.loading" : nullptr;
}

} // namespace deltag::widget
