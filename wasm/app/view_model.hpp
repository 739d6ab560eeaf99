// Builds the item list for the App's current screen: ids, roles, labels from the catalogs,
// values and errors, but no rectangles (the renderer adds those). Core and std only.
#pragma once
#include "app.hpp"

#include "deltag/bidi.hpp"
#include "deltag/catalog.hpp"

namespace deltag::widget {

struct ViewBuilder {
    const App& app;
    ViewModel vm;

    explicit ViewBuilder(const App& a) : app(a) {
        vm.lang = a.lang_;
        vm.dir = std::string(text_direction(a.lang_));
    }
    std::string t(std::string_view key, const std::map<std::string, std::string>& params = {}) const {
        return message(app.lang_, key, params);
    }
    Item& add(std::string id, Role role, std::string label, Look look = Look::normal);
    Item& button(std::string id, std::string label, std::string action, Look look = Look::normal);
    // An item whose label is an event or form text in the language shown, or from a fallback
    // language: then the item carries that language (Item::lang).
    Item& add_text(std::string id, Role role, const LocalizedText& text, Look look = Look::normal);
    void mark_language(Item& it, const std::string& text_lang) const;

    void header();
    void loading();
    void load_error();
    void list();
    void event();
    void form();
    void result();

    // view_form.cpp
    void field(const Field& f);
    void text_field(const Field& f);
    void choice_group(const Field& f);
    void organisation(const Field& f);
    void summary();
    // app_outbox.cpp: "availability as of" while offline; the keep-on-device option
    void offline_notice();
    void offline_controls();
    std::string error_text(const std::string& field_id) const;
    Item& field_item(std::string id, Role role, const Field& f);

    // Shared pieces of the event screens
    std::string when(const Session& s) const;
    std::string where(const Session& s) const;
    std::string availability_text(const EventEntry& e) const;
};

} // namespace deltag::widget
