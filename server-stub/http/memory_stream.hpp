// A cpp-httplib Stream over one whole request in memory and an answer buffer: how a worker
// runs httplib's own request parsing and routing without touching a socket (the reception
// owns the sockets). Depends on cpp-httplib only.
#pragma once
#include <httplib.h>

#include <cstring>
#include <string>

namespace deltag::server {

class MemoryStream : public httplib::Stream {
public:
    MemoryStream(const std::string& request, std::string& answer, std::string remote_ip, int remote_port,
                 std::string local_ip, int local_port)
        : in_(request), out_(answer), remote_ip_(std::move(remote_ip)), local_ip_(std::move(local_ip)),
          remote_port_(remote_port), local_port_(local_port) {}

    bool is_readable() const override { return pos_ < in_.size(); }
    bool is_writable() const override { return true; }
    ssize_t read(char* ptr, size_t size) override {
        const size_t n = std::min(size, in_.size() - pos_);
        std::memcpy(ptr, in_.data() + pos_, n);
        pos_ += n;
        return static_cast<ssize_t>(n);
    }
    ssize_t write(const char* ptr, size_t size) override {
        out_.append(ptr, size);
        return static_cast<ssize_t>(size);
    }
    void get_remote_ip_and_port(std::string& ip, int& port) const override {
        ip = remote_ip_;
        port = remote_port_;
    }
    void get_local_ip_and_port(std::string& ip, int& port) const override {
        ip = local_ip_;
        port = local_port_;
    }
    // No socket: nothing a worker runs may wait on one.
    socket_t socket() const override { return INVALID_SOCKET; }

private:
    const std::string& in_;
    std::string& out_;
    std::string remote_ip_, local_ip_;
    int remote_port_, local_port_;
    size_t pos_ = 0;
};

} // namespace deltag::server
