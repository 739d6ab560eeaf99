// A token bucket per client address: `per_minute` requests per minute, bursts up to the
// same number. Thread-safe. Depends on the standard library only.
#pragma once
#include <chrono>
#include <mutex>
#include <string>
#include <unordered_map>

namespace deltag::server {

class RateLimiter {
public:
    using Clock = std::chrono::steady_clock;
    explicit RateLimiter(int per_minute = 120) : per_minute_(per_minute) {}
    void set_per_minute(int per_minute) {
        std::lock_guard<std::mutex> lock(mutex_);
        per_minute_ = per_minute;
    }

    // 0 when the request may go ahead, else the seconds until a token is back (Retry-After).
    int take(const std::string& address, Clock::time_point now = Clock::now());

private:
    struct Bucket {
        double tokens;
        Clock::time_point updated;
    };
    int per_minute_;
    std::mutex mutex_;
    std::unordered_map<std::string, Bucket> buckets_;
};

} // namespace deltag::server
