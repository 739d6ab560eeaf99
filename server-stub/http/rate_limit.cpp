// Token buckets. Full buckets are forgotten when the table grows, so a scan of many
// addresses cannot grow memory without bound.
#include "rate_limit.hpp"

#include <algorithm>
#include <cmath>

namespace deltag::server {

int RateLimiter::take(const std::string& address, Clock::time_point now) {
    const double capacity = per_minute_;
    const double per_second = per_minute_ / 60.0;
    std::lock_guard<std::mutex> lock(mutex_);
    if (buckets_.size() > 100000) {
        for (auto it = buckets_.begin(); it != buckets_.end();) {
            const double age = std::chrono::duration<double>(now - it->second.updated).count();
            it = it->second.tokens + age * per_second >= capacity ? buckets_.erase(it) : std::next(it);
        }
    }
    auto [it, fresh] = buckets_.try_emplace(address, Bucket{capacity, now});
    Bucket& b = it->second;
    if (!fresh) {
        const double age = std::chrono::duration<double>(now - b.updated).count();
        b.tokens = std::min(capacity, b.tokens + std::max(0.0, age) * per_second);
        b.updated = now;
    }
    if (b.tokens >= 1.0) {
        b.tokens -= 1.0;
        return 0;
    }
    return std::max(1, static_cast<int>(std::ceil((1.0 - b.tokens) / per_second)));
}

} // namespace deltag::server
