// What the App needs from its surroundings: clock, random keys, HTTP, locale-aware dates,
// frames, page events, downloads. The web build implements it in bridge_web.cpp; tests fake it.
// Standard library only.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace deltag::widget {

class KeyValueStore; // storage.hpp

class Host {
public:
    virtual ~Host() = default;
    virtual std::int64_t now_ms() = 0;     // wall clock, ms since the Unix epoch
    virtual std::string random_key() = 0;  // 24 chars of [A-Za-z0-9_-] from a CSPRNG
    // Starts a request; the answer comes back as App::on_http(request_id, status, body).
    // status 0 = network error or timeout.
    virtual void http(int request_id, const std::string& method, const std::string& url,
                      const std::string& headers_json, const std::string& body) = 0;
    // "tisdag 3 december 2019 09:15-12:15" in the visitor's language (the browser's Intl);
    // end_iso may be empty (a single instant). "" when the browser has no date data for exactly
    // that language: the App then formats with the catalog's names (App::when_text).
    virtual std::string format_when(std::string_view start_iso, std::string_view end_iso,
                                    std::string_view lang) = 0;
    virtual void request_frame() = 0;
    // A DOM CustomEvent on the widget's container, e.g. "deltag:registered".
    virtual void emit(const std::string& name, const std::string& detail_json) = 0;
    virtual void download(const std::string& filename, const std::string& mime,
                          const std::string& content) = 0;
    // The device's storage (localStorage), or null where there is none. The App writes to it
    // only after the visitor opted in (storage.hpp).
    virtual KeyValueStore* device_store() { return nullptr; }
    // Call App::on_timer() in about `ms` milliseconds (outbox retries, deadlines). One pending
    // timer is enough: a new call may replace an earlier one.
    virtual void wake_after(std::int64_t ms) { (void)ms; }
    // The widget cannot be shown (e.g. its texts could not be loaded): the page shows its own
    // fallback (the placeholder's link to the event's page) instead of an empty widget.
    virtual void unavailable(const std::string& reason) { (void)reason; }
    // A note for the page's developer console, not for the visitor (e.g. the snippet's
    // data-events names an event the server does not know).
    virtual void warn(const std::string& message) { (void)message; }
};

} // namespace deltag::widget
