// A bare TCP client for the reception's tests: bytes exactly as a slow or hostile client
// sends them (a trickled header, many connections), from a chosen 127.x source address.
#pragma once
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <string>

namespace deltag::testing {

class RawClient {
public:
    // Connects to 127.0.0.1:port; source "" lets the kernel choose (127.0.0.1).
    explicit RawClient(int port, const std::string& source = "") {
        fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (!source.empty()) {
            sockaddr_in from{};
            from.sin_family = AF_INET;
            inet_pton(AF_INET, source.c_str(), &from.sin_addr);
            if (::bind(fd_, reinterpret_cast<sockaddr*>(&from), sizeof from) != 0) {
                close();
                return;
            }
        }
        sockaddr_in to{};
        to.sin_family = AF_INET;
        to.sin_port = htons(static_cast<uint16_t>(port));
        inet_pton(AF_INET, "127.0.0.1", &to.sin_addr);
        if (::connect(fd_, reinterpret_cast<sockaddr*>(&to), sizeof to) != 0) close();
    }
    ~RawClient() { close(); }
    RawClient(RawClient&& o) noexcept : fd_(o.fd_) { o.fd_ = -1; }
    RawClient(const RawClient&) = delete;
    RawClient& operator=(const RawClient&) = delete;

    bool ok() const { return fd_ >= 0; }
    bool send(const std::string& bytes) {
        return fd_ >= 0 && ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(bytes.size());
    }
    // Whatever arrives until the server closes or `wait` passes with nothing new.
    std::string read_all(std::chrono::milliseconds wait) {
        std::string got;
        char buf[4096];
        pollfd p{fd_, POLLIN, 0};
        while (fd_ >= 0 && ::poll(&p, 1, static_cast<int>(wait.count())) > 0) {
            const ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
            if (n <= 0) break;
            got.append(buf, static_cast<std::size_t>(n));
        }
        return got;
    }
    // True if the server has already answered or closed (something is readable).
    bool readable() const {
        pollfd p{fd_, POLLIN, 0};
        return fd_ >= 0 && ::poll(&p, 1, 0) > 0;
    }
    void close() {
        if (fd_ >= 0) ::close(fd_);
        fd_ = -1;
    }

private:
    int fd_ = -1;
};

// "HTTP/1.1 408 Request Timeout\r\n..." -> 408; 0 if there is no status line.
inline int status_of(const std::string& answer) {
    if (answer.rfind("HTTP/1.1 ", 0) != 0 || answer.size() < 12) return 0;
    return std::stoi(answer.substr(9, 3));
}
inline std::string body_after_header(const std::string& answer) {
    const auto end = answer.find("\r\n\r\n");
    return end == std::string::npos ? std::string() : answer.substr(end + 4);
}

} // namespace deltag::testing
