// One language's view of an event (localize.hpp): the server's ?lang= answers. Std only.
#include "deltag/localize.hpp"

namespace deltag {

LocalizedText in_language(const LocalizedText& text, std::string_view lang) {
    // pick() returns a reference into the map: finding that entry again keeps its fallback
    // order (lang, en, sv, da, any) in one place and tells which language the text is in.
    const std::string& chosen = pick(text, lang);
    for (const auto& [key, value] : text)
        if (&value == &chosen)
            return {{key, value}};
    return {};
}

Event in_language(Event event, std::string_view lang) {
    const auto cut = [lang](LocalizedText& t) { t = in_language(t, lang); };
    for (LocalizedText* t :
         {&event.organiser, &event.title, &event.description, &event.audience, &event.privacy})
        cut(*t);
    for (Session& s : event.sessions) {
        cut(s.title);
        cut(s.venue.name);
    }
    for (Field& f : event.form.fields) {
        cut(f.label);
        cut(f.help);
        cut(f.consent_text);
        for (Option& o : f.options)
            cut(o.label);
    }
    return event;
}

} // namespace deltag
