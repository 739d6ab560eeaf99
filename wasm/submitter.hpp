// How a registration travels to the server, behind one small interface so the offline outbox
// (outbox.hpp, with retries and backoff) can replace the direct path. Standard library only.
#pragma once
#include "host.hpp"

#include <string>

namespace deltag::widget {

class Submitter {
public:
    virtual ~Submitter() = default;
    // Posts `body` with `key` as Idempotency-Key; the answer comes back to the App as
    // on_http(request_id, ...). A retry calls send again with the same key and body.
    virtual void send(int request_id, const std::string& url, const std::string& key,
                      const std::string& body) = 0;
};

// One POST per call through the Host.
class DirectSubmitter : public Submitter {
public:
    explicit DirectSubmitter(Host& host) : host_(host) {}
    void send(int request_id, const std::string& url, const std::string& key,
              const std::string& body) override;

private:
    Host& host_;
};

} // namespace deltag::widget
