// What every route handler needs: options, events, the store, the clock, the rate limiter,
// the CORS allow-list and the set of idempotency keys being processed right now.
#pragma once
#include "event_catalog.hpp"
#include "http_util.hpp"
#include "options.hpp"
#include "rate_limit.hpp"
#include "store.hpp"

#include <functional>
#include <mutex>
#include <set>
#include <string>

namespace deltag::server {

// Idempotency keys whose first request has not been answered yet.
class InFlightKeys {
public:
    bool begin(const std::string& key) {
        std::lock_guard<std::mutex> lock(mutex_);
        return keys_.insert(key).second;
    }
    void end(const std::string& key) {
        std::lock_guard<std::mutex> lock(mutex_);
        keys_.erase(key);
    }

private:
    std::mutex mutex_;
    std::set<std::string> keys_;
};

class MailSender;

struct Context {
    Options options;
    EventCatalog events;
    Store* store = nullptr;
    Clock clock;
    RateLimiter limiter;
    // "Send me my link again" (routes_manage.cpp): few per client address and per address
    // asked for, so the route can neither flood a mailbox nor probe many addresses.
    RateLimiter manage_link_by_client{3};
    RateLimiter manage_link_by_email{2};
    Cors cors{{}};
    std::string admin_token; // empty: the admin routes are disabled
    std::string install_secret; // derives manage tokens (secrets.hpp manage_token)
    InFlightKeys in_flight;
    MailSender* mail = nullptr; // wake() it after queueing a mail outside the usual routes
    std::function<void(const std::string&)> log; // one line, never personal data
};

} // namespace deltag::server
