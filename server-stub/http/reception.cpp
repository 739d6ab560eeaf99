// The reception's event loop (see reception.hpp for why it exists).
// [SECTION] set-up  [SECTION] accepting  [SECTION] reading  [SECTION] writing  [SECTION] time
#include "reception.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace deltag::server {

namespace {

constexpr std::uint64_t listener_id = 0;
constexpr std::uint64_t wake_id = 1;
constexpr auto tick = std::chrono::milliseconds(100);
constexpr auto log_every = std::chrono::seconds(10);
// Descriptors kept for the database, its journal, static files and the log.
constexpr rlim_t reserved_fds = 64;

const char* reason(int status) {
    switch (status) {
    case 400: return "Bad Request";
    case 408: return "Request Timeout";
    case 413: return "Payload Too Large";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 503: return "Service Unavailable";
    default: return "Error";
    }
}

void address_of(const sockaddr_storage& sa, std::string& ip, int& port) {
    char text[INET6_ADDRSTRLEN] = {};
    if (sa.ss_family == AF_INET) {
        const auto& v4 = reinterpret_cast<const sockaddr_in&>(sa);
        inet_ntop(AF_INET, &v4.sin_addr, text, sizeof text);
        port = ntohs(v4.sin_port);
    } else if (sa.ss_family == AF_INET6) {
        const auto& v6 = reinterpret_cast<const sockaddr_in6&>(sa);
        inet_ntop(AF_INET6, &v6.sin6_addr, text, sizeof text);
        port = ntohs(v6.sin6_port);
    }
    ip = text;
}

bool is_ip(const std::string& s) {
    unsigned char buf[sizeof(in6_addr)];
    return inet_pton(AF_INET, s.c_str(), buf) == 1 || inet_pton(AF_INET6, s.c_str(), buf) == 1;
}

// As many connections as descriptors allow: the soft limit is raised to the hard one
// (Debian's default soft limit of 1024 would otherwise be the real cap).
std::size_t open_limit() {
    rlimit lim{};
    if (getrlimit(RLIMIT_NOFILE, &lim) != 0) return 1000;
    if (lim.rlim_cur < lim.rlim_max) {
        lim.rlim_cur = lim.rlim_max;
        setrlimit(RLIMIT_NOFILE, &lim);
        getrlimit(RLIMIT_NOFILE, &lim);
    }
    const rlim_t usable = lim.rlim_cur > 2 * reserved_fds ? lim.rlim_cur - reserved_fds : lim.rlim_cur / 2;
    return static_cast<std::size_t>(std::min<rlim_t>(usable, 1000000));
}

} // namespace

std::string refusal_answer(int status, const char* code) {
    const std::string body = std::string("{\"code\":\"") + code + "\"}";
    std::string out = "HTTP/1.1 " + std::to_string(status) + " " + reason(status) +
                      "\r\nContent-Type: application/json; charset=utf-8\r\nCache-Control: no-store\r\n"
                      "X-Content-Type-Options: nosniff\r\nConnection: close\r\n";
    if (status == 429 || status == 503) out += "Retry-After: 1\r\n";
    out += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
    return out;
}

struct Reception::Conn {
    enum class Phase { idle, reading, busy, writing, lingering };
    std::uint64_t id = 0;
    int fd = -1;
    Phase phase = Phase::reading;
    std::string peer_ip, local_ip;
    int peer_port = 0, local_port = 0;
    bool counted = false; // in per_address_
    bool continue_sent = false;
    bool close_after = false;
    bool peer_done = false; // the client half-closed after sending
    std::size_t served = 0;
    std::string in, out;
    std::size_t out_pos = 0;
    Clock::time_point deadline{};
    std::uint32_t watched = 0;
};

// [SECTION] set-up

Reception::Reception(int listen_fd, ReceptionLimits limits, Handler handler, Enqueue enqueue, Log log)
    : listen_fd_(listen_fd), limits_(std::move(limits)), handler_(std::move(handler)),
      enqueue_(std::move(enqueue)), log_(std::move(log)) {
    max_open_ = open_limit();
    epoll_fd_ = epoll_create1(EPOLL_CLOEXEC);
    wake_fd_ = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    fcntl(listen_fd_, F_SETFL, fcntl(listen_fd_, F_GETFL) | O_NONBLOCK);
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.u64 = listener_id;
    epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, listen_fd_, &ev);
    ev.data.u64 = wake_id;
    epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, wake_fd_, &ev);
}

Reception::~Reception() {
    for (auto& [id, c] : conns_) ::close(c->fd);
    if (listen_fd_ >= 0) ::close(listen_fd_);
    if (epoll_fd_ >= 0) ::close(epoll_fd_);
    if (wake_fd_ >= 0) ::close(wake_fd_);
}

void Reception::stop() {
    stopping_ = true;
    const std::uint64_t one = 1;
    [[maybe_unused]] auto n = ::write(wake_fd_, &one, sizeof one);
}

void Reception::run() {
    running_ = true;
    next_log_ = Clock::now() + log_every;
    std::vector<epoll_event> events(256);
    while (!stopping_) {
        const int n = epoll_wait(epoll_fd_, events.data(), static_cast<int>(events.size()),
                                 static_cast<int>(tick.count()));
        const auto now = Clock::now();
        for (int i = 0; i < n; ++i) {
            const auto id = events[i].data.u64;
            if (id == listener_id) {
                accept_all(now);
            } else if (id == wake_id) {
                std::uint64_t count = 0;
                [[maybe_unused]] auto r = ::read(wake_fd_, &count, sizeof count);
            } else {
                on_event(id, events[i].events, now);
            }
        }
        std::vector<std::pair<std::uint64_t, Outgoing>> done;
        {
            std::lock_guard<std::mutex> lock(done_mutex_);
            done.swap(done_);
        }
        for (auto& [id, out] : done) answered(id, std::move(out), now);
        sweep(now);
    }
    // No new connections from here on; open ones are closed by the destructor.
    epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, listen_fd_, nullptr);
    ::close(listen_fd_);
    listen_fd_ = -1;
    log_counts(Clock::now(), true);
    running_ = false;
}

bool Reception::trusted(const std::string& ip) const {
    return std::find(limits_.trusted_proxies.begin(), limits_.trusted_proxies.end(), ip) !=
           limits_.trusted_proxies.end();
}

void Reception::watch(Conn& c, std::uint32_t events) {
    if (events == c.watched) return;
    epoll_event ev{};
    ev.events = events;
    ev.data.u64 = c.id;
    // A busy connection is not watched at all: a hang-up would otherwise be reported on every
    // wait (level-triggered) while its worker runs.
    if (events == 0) epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, c.fd, nullptr);
    else epoll_ctl(epoll_fd_, c.watched == 0 ? EPOLL_CTL_ADD : EPOLL_CTL_MOD, c.fd, &ev);
    c.watched = events;
}

// [SECTION] accepting

void Reception::accept_all(Clock::time_point now) {
    for (;;) {
        sockaddr_storage peer{};
        socklen_t len = sizeof peer;
        const int fd = accept4(listen_fd_, reinterpret_cast<sockaddr*>(&peer), &len, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) {
            if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
                // Out of descriptors: stop accepting for a tick instead of spinning on the
                // listener; pending connections wait in the backlog.
                epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, listen_fd_, nullptr);
                accepting_ = false;
                resume_accept_ = now + tick;
                ++stats_.refused_full;
            }
            return;
        }
        const int on = 1;
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on); // small JSON answers
        auto c = std::make_unique<Conn>();
        c->id = next_id_++;
        c->fd = fd;
        address_of(peer, c->peer_ip, c->peer_port);
        sockaddr_storage local{};
        len = sizeof local;
        if (getsockname(fd, reinterpret_cast<sockaddr*>(&local), &len) == 0) address_of(local, c->local_ip, c->local_port);
        c->deadline = now + limits_.request_timeout;
        Conn& conn = *c;
        conns_.emplace(c->id, std::move(c));
        ++stats_.open;
        if (conns_.size() > max_open_) {
            ++stats_.refused_full;
            refuse(conn, 503, "server.busy", now);
            continue;
        }
        if (!trusted(conn.peer_ip)) {
            int& open = per_address_[conn.peer_ip];
            if (open >= limits_.per_address) {
                ++stats_.refused_per_address;
                refuse(conn, 429, "request.too_many_connections", now);
                continue;
            }
            ++open;
            conn.counted = true;
        }
        watch(conn, EPOLLIN | EPOLLRDHUP);
    }
}

void Reception::uncount(Conn& c) {
    if (!c.counted) return;
    c.counted = false;
    auto it = per_address_.find(c.peer_ip);
    if (it != per_address_.end() && --it->second <= 0) per_address_.erase(it);
}

void Reception::close_conn(std::uint64_t id) {
    auto it = conns_.find(id);
    if (it == conns_.end()) return;
    Conn& c = *it->second;
    uncount(c);
    if (c.watched) epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, c.fd, nullptr);
    ::close(c.fd);
    conns_.erase(it);
    --stats_.open;
}

// [SECTION] reading

void Reception::on_event(std::uint64_t id, std::uint32_t events, Clock::time_point now) {
    auto it = conns_.find(id);
    if (it == conns_.end()) return;
    Conn& c = *it->second;
    if (c.phase == Conn::Phase::writing && (events & (EPOLLOUT | EPOLLERR | EPOLLHUP))) write_to(c, now);
    else if (c.phase != Conn::Phase::writing && c.phase != Conn::Phase::busy) read_from(c, now);
}

void Reception::read_from(Conn& c, Clock::time_point now) {
    char buf[16384];
    const std::size_t cap = limits_.framing.max_header + limits_.framing.max_body + sizeof buf;
    // One fast sender must not keep the loop from everyone else: the rest waits for the next
    // round (epoll is level-triggered).
    std::size_t budget = 16 * sizeof buf;
    for (;;) {
        const ssize_t n = ::recv(c.fd, buf, sizeof buf, 0);
        if (n > 0) {
            budget = budget > static_cast<std::size_t>(n) ? budget - static_cast<std::size_t>(n) : 0;
            if (c.phase == Conn::Phase::lingering) {
                if (budget == 0) return; // dropped: the answer is sent
                continue;
            }
            if (c.phase == Conn::Phase::idle) {
                c.phase = Conn::Phase::reading;
                c.deadline = now + limits_.request_timeout;
            }
            c.in.append(buf, static_cast<std::size_t>(n));
            if (c.in.size() >= cap || budget == 0) break; // over the cap: the framing refuses it
            continue;
        }
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
        if (n < 0 && errno == EINTR) continue;
        // A client may half-close right after its request (HTTP/1.0 tools do): answer a
        // whole request first. Otherwise the client is gone, or done when lingering.
        if (n == 0 && c.phase == Conn::Phase::reading && !c.in.empty()) {
            c.peer_done = true;
            frame(c, now);
            if (c.phase == Conn::Phase::reading) close_conn(c.id);
            return;
        }
        return close_conn(c.id);
    }
    if (c.phase == Conn::Phase::reading) frame(c, now);
}

void Reception::frame(Conn& c, Clock::time_point now) {
    const Framing f = frame_request(c.in, limits_.framing);
    if (f.state == Framing::State::refused) {
        ++stats_.refused_framing;
        return refuse(c, f.status, f.code, now);
    }
    if (f.state == Framing::State::incomplete) {
        if (f.expects_continue && !c.continue_sent) {
            // The client waits for this before sending its body. Small enough for any send
            // buffer; a client that does not read it only delays itself.
            static constexpr char go_on[] = "HTTP/1.1 100 Continue\r\n\r\n";
            [[maybe_unused]] auto n = ::send(c.fd, go_on, sizeof go_on - 1, MSG_NOSIGNAL);
            c.continue_sent = true;
        }
        return;
    }
    Incoming req;
    req.bytes = c.in.substr(0, f.length);
    c.in.erase(0, f.length);
    req.client_ip = c.peer_ip;
    req.client_port = c.peer_port;
    if (!f.real_ip.empty() && trusted(c.peer_ip) && is_ip(f.real_ip)) {
        req.client_ip = f.real_ip;
        req.client_port = 0;
    }
    req.local_ip = c.local_ip;
    req.local_port = c.local_port;
    req.last = ++c.served >= limits_.keep_alive_max;
    c.phase = Conn::Phase::busy;
    c.continue_sent = false;
    watch(c, 0);
    const std::uint64_t id = c.id;
    enqueue_([this, id, req = std::move(req)] {
        Outgoing out = handler_(req);
        {
            std::lock_guard<std::mutex> lock(done_mutex_);
            done_.emplace_back(id, std::move(out));
        }
        const std::uint64_t one = 1;
        [[maybe_unused]] auto n = ::write(wake_fd_, &one, sizeof one);
    });
}

// [SECTION] writing

void Reception::answered(std::uint64_t id, Outgoing out, Clock::time_point now) {
    auto it = conns_.find(id);
    if (it == conns_.end()) return;
    Conn& c = *it->second;
    c.out = std::move(out.bytes);
    c.out_pos = 0;
    c.close_after = out.close || c.peer_done || c.served >= limits_.keep_alive_max;
    c.phase = Conn::Phase::writing;
    c.deadline = now + limits_.answer_timeout;
    write_to(c, now);
}

void Reception::refuse(Conn& c, int status, const char* code, Clock::time_point now) {
    uncount(c);
    c.in.clear();
    c.out = refusal_answer(status, code);
    c.out_pos = 0;
    c.close_after = true;
    c.phase = Conn::Phase::writing;
    c.deadline = now + limits_.answer_timeout;
    write_to(c, now);
}

void Reception::write_to(Conn& c, Clock::time_point now) {
    while (c.out_pos < c.out.size()) {
        const ssize_t n = ::send(c.fd, c.out.data() + c.out_pos, c.out.size() - c.out_pos, MSG_NOSIGNAL);
        if (n > 0) {
            c.out_pos += static_cast<std::size_t>(n);
        } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            return watch(c, EPOLLOUT);
        } else if (n < 0 && errno == EINTR) {
            continue;
        } else {
            return close_conn(c.id);
        }
    }
    c.out.clear();
    c.out.shrink_to_fit();
    if (c.close_after) return linger(c, now);
    // Keep-alive: a pipelined request may already be here.
    if (c.in.empty()) {
        c.phase = Conn::Phase::idle;
        c.deadline = now + limits_.idle_timeout;
    } else {
        c.phase = Conn::Phase::reading;
        c.deadline = now + limits_.request_timeout;
    }
    watch(c, EPOLLIN | EPOLLRDHUP);
    if (c.phase == Conn::Phase::reading) frame(c, now);
}

// Closing a socket with unread bytes makes the kernel send a reset, which can destroy the
// answer before the client reads it: half-close, drop what still comes, then close.
void Reception::linger(Conn& c, Clock::time_point now) {
    uncount(c);
    ::shutdown(c.fd, SHUT_WR);
    c.phase = Conn::Phase::lingering;
    c.deadline = now + limits_.linger;
    watch(c, EPOLLIN | EPOLLRDHUP);
}

// [SECTION] time

void Reception::sweep(Clock::time_point now) {
    // Deadlines are checked once a tick, not after every event: a busy loop with many idle
    // connections would otherwise spend its time scanning them.
    if (now < next_sweep_) return;
    next_sweep_ = now + tick;
    if (!accepting_ && now >= resume_accept_) {
        epoll_event ev{};
        ev.events = EPOLLIN;
        ev.data.u64 = listener_id;
        epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, listen_fd_, &ev);
        accepting_ = true;
    }
    std::vector<std::uint64_t> expired;
    for (auto& [id, c] : conns_)
        if (c->phase != Conn::Phase::busy && now >= c->deadline) expired.push_back(id);
    for (const auto id : expired) {
        Conn& c = *conns_.at(id);
        switch (c.phase) {
        case Conn::Phase::reading:
            ++stats_.timed_out;
            refuse(c, 408, "request.timeout", now);
            break;
        case Conn::Phase::writing:
            ++stats_.answer_timed_out;
            close_conn(id);
            break;
        default: // idle keep-alive or lingering: nothing is owed
            close_conn(id);
            break;
        }
    }
    log_counts(now, false);
}

void Reception::log_counts(Clock::time_point now, bool force) {
    if (!force && now < next_log_) return;
    next_log_ = now + log_every;
    const std::uint64_t counts[5] = {stats_.timed_out, stats_.refused_per_address, stats_.refused_full,
                                     stats_.refused_framing, stats_.answer_timed_out};
    if (std::equal(std::begin(counts), std::end(counts), std::begin(logged_))) return;
    std::uint64_t d[5];
    for (int i = 0; i < 5; ++i) d[i] = counts[i] - logged_[i];
    std::copy(std::begin(counts), std::end(counts), std::begin(logged_));
    log_("connections: " + std::to_string(stats_.open.load()) + " open; since the last line " +
         std::to_string(d[0]) + " requests timed out (408), " + std::to_string(d[1]) +
         " refused at the per-address cap (429), " + std::to_string(d[2]) + " refused when full (503), " +
         std::to_string(d[3]) + " refused for framing (400/413/431), " + std::to_string(d[4]) +
         " answers not read in time");
}

} // namespace deltag::server
