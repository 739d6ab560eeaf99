// The reception: one thread that owns every client socket (epoll). It accepts, reads each
// request whole under one deadline, caps connections per client address, writes each answer
// under one deadline and keeps idle keep-alive connections, so a slow or idle socket costs a
// few kilobytes and never a worker. Workers only ever see a whole request in memory.
// Linux (epoll, eventfd); knows no HTTP beyond request_framing.hpp and its own refusals.
#pragma once
#include "request_framing.hpp"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace deltag::server {

struct ReceptionLimits {
    std::chrono::milliseconds request_timeout{10000}; // the whole header and body
    std::chrono::milliseconds idle_timeout{5000};     // keep-alive: waiting for the next request
    std::chrono::milliseconds answer_timeout{30000};  // the whole answer written
    std::chrono::milliseconds linger{2000};           // after a refusal: read and drop, then close
    int per_address = 32;                             // open connections per client address
    std::size_t keep_alive_max = 1000;                // requests per connection
    FramingLimits framing{32 * 1024, 64 * 1024};
    std::vector<std::string> trusted_proxies;         // no cap; their X-Real-IP names the client
};

// Counted since start; the log gets them, never request contents or addresses.
struct ReceptionStats {
    std::atomic<std::uint64_t> timed_out{0};           // 408: request not whole in time
    std::atomic<std::uint64_t> refused_per_address{0}; // 429: the address had its cap open
    std::atomic<std::uint64_t> refused_full{0};        // 503: no descriptor left
    std::atomic<std::uint64_t> refused_framing{0};     // 400, 413, 431 from the framing
    std::atomic<std::uint64_t> answer_timed_out{0};    // client did not read its answer in time
    std::atomic<std::uint64_t> open{0};
};

// What a worker gets: one whole request and where it came from.
struct Incoming {
    std::string bytes;
    std::string client_ip; // the peer, or its X-Real-IP if the peer is a trusted proxy
    int client_port = 0;
    std::string local_ip;
    int local_port = 0;
    bool last = false; // the connection closes after this answer (keep-alive maximum)
};
struct Outgoing {
    std::string bytes;
    bool close = false;
};

class Reception {
public:
    using Handler = std::function<Outgoing(const Incoming&)>;      // runs on a worker
    using Enqueue = std::function<void(std::function<void()>)>;    // hands a job to a worker
    using Log = std::function<void(const std::string&)>;

    // Takes over listen_fd (already bound and listening).
    Reception(int listen_fd, ReceptionLimits limits, Handler handler, Enqueue enqueue, Log log);
    ~Reception();
    Reception(const Reception&) = delete;
    Reception& operator=(const Reception&) = delete;

    // Serves until stop(). Jobs already handed to workers may still call back afterwards:
    // the caller drains its workers before destroying the reception.
    void run();
    void stop(); // from any thread
    bool running() const { return running_; }
    const ReceptionStats& stats() const { return stats_; }

private:
    struct Conn;
    using Clock = std::chrono::steady_clock;

    void accept_all(Clock::time_point now);
    void on_event(std::uint64_t id, std::uint32_t events, Clock::time_point now);
    void read_from(Conn& c, Clock::time_point now);
    void frame(Conn& c, Clock::time_point now);
    void write_to(Conn& c, Clock::time_point now);
    void answered(std::uint64_t id, Outgoing out, Clock::time_point now);
    void refuse(Conn& c, int status, const char* code, Clock::time_point now);
    void linger(Conn& c, Clock::time_point now);
    void close_conn(std::uint64_t id);
    void uncount(Conn& c);
    void watch(Conn& c, std::uint32_t events);
    void sweep(Clock::time_point now);
    void log_counts(Clock::time_point now, bool force);
    bool trusted(const std::string& ip) const;

    int listen_fd_;
    int epoll_fd_ = -1;
    int wake_fd_ = -1;
    ReceptionLimits limits_;
    Handler handler_;
    Enqueue enqueue_;
    Log log_;
    std::size_t max_open_ = 1000;
    std::atomic<bool> stopping_{false};
    std::atomic<bool> running_{false};
    bool accepting_ = true;
    Clock::time_point resume_accept_{};
    std::uint64_t next_id_ = 2; // 0: the listener, 1: the wake-up descriptor
    std::unordered_map<std::uint64_t, std::unique_ptr<Conn>> conns_;
    std::unordered_map<std::string, int> per_address_;
    std::mutex done_mutex_;
    std::vector<std::pair<std::uint64_t, Outgoing>> done_; // answers from the workers
    ReceptionStats stats_;
    std::uint64_t logged_[5] = {};
    Clock::time_point next_log_{};
    Clock::time_point next_sweep_{};
};

// A complete HTTP/1.1 answer {"code": code} that closes the connection (the reception's own
// refusals, written without a worker).
std::string refusal_answer(int status, const char* code);

} // namespace deltag::server
