// The item list of the header, list, event and result screens (the form is view_form.cpp).
// Core and std only; dates come through App::when_text (the browser's Intl, else the catalog's).
#include "view_model.hpp"

#include "deltag/bidi.hpp"

#include "deltag/locale_format.hpp"

namespace deltag::widget {

Item& ViewBuilder::add(std::string id, Role role, std::string label, Look look) {
    Item it;
    it.id = std::move(id);
    it.role = role;
    it.label = std::move(label);
    it.look = look;
    vm.items.push_back(std::move(it));
    return vm.items.back();
}

Item& ViewBuilder::button(std::string id, std::string label, std::string action, Look look) {
    Item& b = add(std::move(id), Role::button, std::move(label), look);
    b.action = std::move(action);
    return b;
}

Item& ViewBuilder::add_text(std::string id, Role role, const LocalizedText& text, Look look) {
    const PickedText picked = pick_with_lang(text, app.lang_);
    Item& it = add(std::move(id), role, picked.text, look);
    mark_language(it, picked.lang);
    return it;
}

void ViewBuilder::mark_language(Item& it, const std::string& text_lang) const {
    // A text from a fallback language carries its own lang, so screen readers switch voice.
    if (!text_lang.empty() && text_lang != app.lang_) {
        it.lang = text_lang;
        it.dir = std::string(text_direction(text_lang)); // the painter's base direction for it
    }
}

void ViewBuilder::header() {
    // Each language in itself plus the page language's name of it, "Davvisámegiella
    // (nordsamiska)": the one catalog loaded carries every language's own name.
    for (const std::string& code : app.offered_languages()) {
        Item& b = button("b-lang-" + code, language_choice_label(code, app.lang_), "lang:" + code, Look::lang_choice);
        b.lang = code; // the button names its language in itself: always marked
        b.dir = std::string(text_direction(code));
        b.pressed = app.lang_ == code;
        b.has_checked = true;
    }
}

void ViewBuilder::loading() {
    add("t-loading", Role::text, t("widget.status.loading"), Look::muted);
}

void ViewBuilder::load_error() {
    add("h-error", Role::heading, t("widget.load_error.title")).level = 2;
    add("t-error", Role::text, t("widget.load_error.text"));
    button("b-reload", t("widget.retry"), "reload");
}

std::string ViewBuilder::when(const Session& s) const {
    return app.when_text(s.start, s.end);
}

std::string ViewBuilder::where(const Session& s) const {
    const Venue& v = s.venue;
    if (!v.online_platform.empty()) return t("widget.event.online", {{"platform", v.online_platform}});
    std::string out = pick(v.name, app.lang_);
    for (const std::string* part : {&v.address, &v.city}) {
        if (part->empty() || out.find(*part) != std::string::npos) continue;
        out += (out.empty() ? "" : ", ") + *part;
    }
    return out;
}

std::string ViewBuilder::availability_text(const EventEntry& e) const {
    const Availability& a = e.availability;
    switch (a.state) {
    case State::closed: return t("widget.avail.closed");
    case State::not_open_yet:
        return t("widget.avail.not_open_yet", {{"date", app.when_text(e.event.opens_at, "")}});
    case State::full: return t(a.waitlist_open ? "widget.avail.full_waitlist" : "widget.avail.full");
    case State::open: break;
    }
    if (e.event.mode == Mode::application) return t("widget.avail.application");
    if (!a.seats_left) return t("widget.avail.open");
    if (*a.seats_left == 1) return t("widget.avail.seats_left_one");
    return t("widget.avail.seats_left", {{"n", std::to_string(*a.seats_left)}});
}

void ViewBuilder::list() {
    add("h-list", Role::heading, t("widget.list.title")).level = 2;
    if (app.events_.empty()) add("t-empty", Role::text, t("widget.list.empty"));
    for (const auto& e : app.events_) {
        const std::string p = "event-" + e.event.id;
        Item& l = add_text("l-" + p, Role::link, e.event.title, Look::card_title);
        l.action = "open:" + e.event.id;
        add("t-" + p + "-org", Role::text, pick(e.event.organiser, app.lang_), Look::muted);
        for (const auto& s : e.event.sessions) {
            add("t-" + p + "-" + s.id + "-when", Role::text, when(s));
            add("t-" + p + "-" + s.id + "-where", Role::text, where(s), Look::muted);
        }
        if (const std::string& aud = pick(e.event.audience, app.lang_); !aud.empty())
            add("t-" + p + "-audience", Role::text, t("widget.event.audience", {{"text", aud}}), Look::small);
        add("t-" + p + "-avail", Role::text, availability_text(e), Look::emphasis);
    }
}

void ViewBuilder::event() {
    const EventEntry* e = app.current();
    if (!e) return loading();
    const Event& ev = e->event;
    if (app.from_list_) button("l-back", t("widget.back.list"), "list", Look::secondary).role = Role::link;
    add_text("h-title", Role::heading, ev.title).level = 2;
    add("t-organiser", Role::text, t("widget.event.organiser", {{"name", pick(ev.organiser, app.lang_)}}), Look::muted);
    if (!pick(ev.description, app.lang_).empty()) add_text("t-description", Role::text, ev.description);
    if (const std::string& aud = pick(ev.audience, app.lang_); !aud.empty())
        add("t-audience", Role::text, t("widget.event.audience", {{"text", aud}}));
    add("h-sessions", Role::heading, t("widget.event.sessions")).level = 3;
    for (const auto& s : ev.sessions) {
        if (!pick(s.title, app.lang_).empty()) // with its language when it is a fallback's
            add_text("t-session-" + s.id + "-title", Role::text, s.title, Look::emphasis);
        add("t-session-" + s.id + "-when", Role::text, when(s));
        add("t-session-" + s.id + "-where", Role::text, where(s), Look::muted);
    }
    add("t-availability", Role::text, availability_text(*e), Look::emphasis);
    offline_notice();
    const State st = e->availability.state;
    if (st == State::open || (st == State::full && e->availability.waitlist_open)) {
        if (!ev.closes_at.empty())
            add("t-deadline", Role::text, t("widget.event.closes", {{"date", app.when_text(ev.closes_at, "")}}));
        const char* key = ev.mode == Mode::application ? "widget.event.apply"
                        : st == State::full            ? "widget.event.join_waitlist"
                                                       : "widget.event.signup";
        button("b-signup", t(key), "signup");
    }
    if (!ev.contact.email.empty() || !ev.contact.phone.empty()) {
        std::string how = ev.contact.email;
        if (!ev.contact.phone.empty()) how += (how.empty() ? "" : ", ") + ev.contact.phone;
        add("t-contact", Role::text, t("widget.event.contact", {{"name", ev.contact.name}, {"how", how}}), Look::small);
    }
}

void ViewBuilder::result() {
    const EventEntry* e = app.current();
    const std::string title = e ? pick(e->event.title, app.lang_) : std::string();
    const char* kind = "error";
    switch (app.result_) {
    case ResultKind::confirmed: kind = "confirmed"; break;
    case ResultKind::waitlisted: kind = "waitlisted"; break;
    case ResultKind::received: kind = "received"; break;
    case ResultKind::closed: kind = "closed"; break;
    case ResultKind::full: kind = "full"; break;
    case ResultKind::duplicate: kind = "duplicate"; break;
    case ResultKind::not_open_yet: kind = "not_open_yet"; break;
    case ResultKind::cancelled: kind = "cancelled"; break;
    case ResultKind::error: kind = "error"; break;
    }
    const std::string k = std::string("widget.result.") + kind;
    add("h-result", Role::heading, t(k)).level = 2;
    if (app.result_ == ResultKind::error) {
        add("t-result", Role::text, t(k + "_" + app.result_code_));
        button("b-retry", t("widget.retry"), "retry");
        button("b-back-form", t("widget.result.back_form"), "form", Look::secondary);
        offline_controls(); // waiting in the outbox: keeping it on the device matters most now
        return;
    }
    // Closed while it waited offline: say that this sign-up was not sent (app_outbox.cpp).
    const bool expired = app.result_code_ == "outbox.expired";
    add("t-result", Role::text, expired ? t("widget.offline.expired") : t(k + "_text", {{"title", title}}));
    const bool registered = app.result_ == ResultKind::confirmed || app.result_ == ResultKind::waitlisted ||
                            app.result_ == ResultKind::received;
    if (registered && !app.reference_.empty())
        add("t-reference", Role::text, t("widget.result.reference", {{"reference", app.reference_}}), Look::emphasis);
    if (app.result_ == ResultKind::waitlisted && app.waitlist_position_ > 0)
        add("t-position", Role::text,
            t("widget.result.waitlist_position", {{"n", std::to_string(app.waitlist_position_)}}));
    if (app.result_ == ResultKind::confirmed && e) {
        for (const auto& s : e->event.sessions) {
            const std::string st = pick(s.title, app.lang_);
            button("b-ics-" + s.id,
                   st.empty() || e->event.sessions.size() == 1 ? t("widget.result.add_calendar")
                                                               : t("widget.result.add_calendar_session", {{"session", st}}),
                   "ics:" + s.id, Look::secondary);
        }
    }
    // The confirmation mail carries the manage link (issue 14): no number to write down.
    if (registered && !app.reference_.empty()) add("t-link-mailed", Role::text, t("widget.result.link_mailed"), Look::small);
    if (registered && !app.cancel_token_.empty()) button("b-cancel", t("widget.result.cancel"), "cancel", Look::secondary);
    if (app.result_ == ResultKind::duplicate)
        button("b-back-form", t("widget.result.back_form"), "form", Look::secondary);
    if (registered || app.result_ == ResultKind::cancelled)
        button("b-again", t("widget.result.again"), "again", Look::secondary);
    if (app.from_list_) button("l-back", t("widget.back.list"), "list", Look::secondary).role = Role::link;
}

ViewModel App::view() const {
    ViewBuilder b(*this);
    b.header();
    switch (screen_) {
    case Screen::loading: b.loading(); break;
    case Screen::load_error: b.load_error(); break;
    case Screen::list: b.list(); break;
    case Screen::event: b.event(); break;
    case Screen::form: b.form(); break;
    case Screen::result: b.result(); break;
    }
    if (!status_key_.empty()) {
        b.vm.status.text = b.t(status_key_);
        b.vm.status.politeness = status_assertive_ ? "assertive" : "polite";
    } else if (screen_ == Screen::loading) {
        b.vm.status.text = b.t("widget.status.loading");
    } else if (const Item* summary = b.vm.find("s-summary")) {
        // A failed submit is also said in the status region (WCAG 4.1.3), not only by moving
        // focus to the summary; a new count is said again, an unchanged one is not repeated.
        b.vm.status.text = summary->label;
    }
    b.vm.focus = focus_request_;
    return std::move(b.vm);
}

std::string App::take_focus_request() {
    std::string f;
    f.swap(focus_request_);
    return f;
}

const Item* ViewModel::find(const std::string& id) const {
    for (const auto& it : items)
        if (it.id == id) return &it;
    return nullptr;
}

} // namespace deltag::widget
