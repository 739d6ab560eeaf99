// The widget as plain C++: screens, state, input handling and network answers. It never
// owns the main loop or draws; view() says what is on screen. Core, std and Host only.
#pragma once
#include "host.hpp"
#include "items.hpp"
#include "outbox.hpp"
#include "storage.hpp"

#include "deltag/event.hpp"
#include "deltag/rules.hpp"

#include <nlohmann/json.hpp>

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace deltag::widget {

struct AppConfig {
    std::string api = "/api/v1";  // base URL of the API, no trailing slash
    std::string event;            // one event's id, or empty for the list of events
    std::string lang;             // from the snippet's data-lang; empty: negotiate
    std::string browser_languages; // navigator.languages joined with ","
    std::string accent = "#005a9c";
    bool touch = false;           // coarse pointer: 44 px controls
    bool kiosk = false;           // one device, many sign-ups in a row (kiosk.html)
    std::vector<std::string> events; // data-events: the list shows only these ids (empty: all)
    // data-langs: the languages the switch offers, in the page's order (empty: sv, da, en).
    // The wasm has no catalogs, so these are the languages it may fetch (catalog.hpp).
    std::vector<std::string> langs;
};
// Reads the config JSON of _deltag_create (bridge_protocol.md); unknown keys are ignored.
AppConfig parse_app_config(std::string_view json_text);

enum class Screen { loading, load_error, list, event, form, result };
enum class ResultKind {
    confirmed, waitlisted, received, closed, full, duplicate, not_open_yet, cancelled, error
};

struct EventEntry {
    Event event;
    Availability availability;
};

class App {
public:
    App(Host& host, AppConfig config);
    void init();

    // Page -> App (bridge_protocol.md). Item ids are the ones of the last view().
    void on_input(const std::string& item_id, const std::string& value);
    void on_focus(const std::string& item_id);
    void on_blur(const std::string& item_id);
    void on_activate(const std::string& item_id);
    void on_checked(const std::string& item_id, bool checked);
    void on_choose(const std::string& item_id, const std::string& value);
    void on_hover(const std::string& item_id);
    void on_http(int request_id, int status, const std::string& body);
    void on_online(bool online);
    // A key the DOM control leaves to the App ("Escape" in the organisation combobox).
    void on_key(const std::string& item_id, const std::string& key);

    // What is on screen now. Also hands out a pending focus move once (take_focus_request).
    ViewModel view() const;
    std::string take_focus_request();

    // For the renderer: focus and hover of the DOM (caret and selection are the DOM input's own).
    const std::string& focused() const { return focused_; }
    const std::string& hovered() const { return hovered_; }
    const AppConfig& config() const { return config_; }

    // The widget's wasm carries no catalogs: the App fetches the one of the language it shows
    // (and of a language the visitor switches to), and the municipality lists a form's
    // organisation field offers (app_reference.cpp). Nothing is drawn before the texts are here.
    bool drawable() const;
    bool catalog_failed() const { return catalog_failed_; }

    // For tests and the bridge.
    Screen screen() const { return screen_; }
    ResultKind result() const { return result_; }
    const std::string& lang() const { return lang_; }
    const std::vector<std::string>& offered_languages() const { return offered_; }
    // A date in the language shown: the browser's Intl where it has that exact locale (the
    // Host answers ""), else the catalog's names and patterns (locale_format.hpp; issue 12).
    std::string when_text(std::string_view start_iso, std::string_view end_iso) const;
    const nlohmann::json& answers() const { return answers_; }
    const std::string& reference() const { return reference_; }
    int waitlist_position() const { return waitlist_position_; }
    // Offline (app_outbox.cpp): the timer asked for with Host::wake_after fired.
    void on_timer();
    const Outbox& outbox() const { return outbox_; }

private:
    friend struct ViewBuilder;
    enum class Purpose { list, event, submit, cancel, catalog, organisations };

    void changed();
    void load_list();
    void load_event(const std::string& id);
    void refetch_in_language();
    void open_event(const std::string& id);
    void start_form();
    void submit();
    void send_current();
    void cancel_registration();
    void handle_list(int status, const std::string& body);
    void keep_host_events();
    void handle_event(int status, const std::string& body);
    void handle_submit(int status, const std::string& body);
    void handle_cancel(int status, const std::string& body);
    // app_reference.cpp
    void request_reference(Purpose purpose, const std::string& subject);
    void request_catalog(const std::string& lang);
    void choose_language(const std::string& lang);
    void handle_catalog(const std::string& lang, int status, const std::string& body);
    void request_organisations();
    void handle_organisations(const std::string& country, int status, const std::string& body);
    // The catalog key of what the picker of f says instead of matches (list loading or failed).
    const char* organisation_list_note(const Field& f) const;
    void show_result(ResultKind kind);
    void validate_one(const std::string& field_id);
    void drop_hidden_errors();
    void download_ics(const std::string& session_id);
    void do_action(const std::string& action);
    const EventEntry* current() const;
    const Field* field(const std::string& id) const;
    std::optional<Item> find_item(const std::string& item_id) const;
    std::int64_t now_s() const { return host_.now_ms() / 1000; }

    Host& host_;
    AppConfig config_;
    std::string lang_;
    std::vector<std::string> offered_;
    Screen screen_ = Screen::loading;
    ResultKind result_ = ResultKind::error;
    bool from_list_ = false;
    std::vector<EventEntry> events_;
    std::string current_id_;
    struct Pending {
        Purpose purpose;
        std::string subject; // catalog / organisations requests: the language or country
    };
    std::map<int, Pending> pending_; // request id -> what its answer is for
    std::string lang_wanted_;                     // chosen, its catalog on its way
    bool catalog_failed_ = false;                 // the first catalog could not be had
    std::set<std::string> org_failed_;            // countries whose list could not be had (yet)
    int next_request_ = 1;
    bool online_ = true;
    std::set<std::string> unknown_reported_; // data-events ids already named in the console

    // The form
    nlohmann::json answers_ = nlohmann::json::object();
    std::set<std::string> touched_;
    std::map<std::string, Error> errors_; // field id -> first error, shown
    bool summary_shown_ = false;
    std::int64_t form_started_ms_ = 0;
    std::map<std::string, std::string> org_query_; // organisation field -> typed text
    std::string org_open_;                         // organisation field whose list is open
    std::set<std::string> org_other_;              // organisation fields in "other" mode
    bool sending_ = false;
    std::string honeypot_;
    std::string idempotency_key_;
    std::string payload_;       // the exact body sent; retries resend it with the same key
    std::string payload_basis_; // the answers it was made from (a change means a new key)

    // The result
    std::string reference_, cancel_token_, result_code_;
    int waitlist_position_ = 0;

    // The DOM's state, mirrored
    std::string focused_, hovered_, focus_request_;
    std::string status_key_; // catalog key of the live status message, or empty
    bool status_assertive_ = false;

    // Offline: the outbox, storage with consent, the kiosk's queue (app_outbox.cpp, issue #6)
    struct KioskRow {
        std::string key;
        int number = 0;
        std::int64_t created = 0;
        std::string state;  // queued | sending | done | failed
        std::string detail; // done: "confirmed"/"waitlisted"/"received"; failed: the code
    };
    std::uint32_t outbox_random();
    void outbox_start();
    void outbox_submit();
    void outbox_pump();
    bool outbox_answer(int request_id, int status, const std::string& body);
    void outbox_final(const std::string& key);
    void outbox_changed();
    void outbox_online(bool online);
    void schedule_wake(std::int64_t now);
    void next_person();
    void clear_form();
    void show_queued(const std::string& reason);
    void set_kiosk_row(const std::string& key, const std::string& state, const std::string& detail);
    void emit_kiosk_rows();
    std::string result_heading_key() const;
    void set_keep_on_device(bool keep);
    void forget_device();
    void save_draft();
    void load_draft();
    void note_server_time(const std::string& body);
    Outbox outbox_{[this] { return outbox_random(); }};
    std::unique_ptr<DeviceStorage> device_;
    bool outbox_started_ = false;
    std::map<int, std::string> outbox_requests_; // request id -> Idempotency-Key
    std::vector<std::string> outbox_final_pending_;
    std::int64_t wake_at_ = 0;
    std::vector<KioskRow> kiosk_rows_;
    int kiosk_count_ = 0;
    std::string saved_draft_; // the answers last written, to skip identical writes
    std::string draft_event_; // the event whose stored draft was read (drafts save only then)
    std::string data_as_of_;  // server_time of the last event data
};

} // namespace deltag::widget
