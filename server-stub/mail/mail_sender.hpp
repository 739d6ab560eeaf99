// The sender thread: claims due mails from the outbox (with a lease), renders each from the
// registration and event as they are now (deltag/mail.hpp), hands it to the transport and
// records the outcome. A crash between the send and the record repeats at most that one mail
// (the lease expires and it is claimed again); a crash before the send loses nothing.
#pragma once
#include "event_catalog.hpp"
#include "mail_transport.hpp"
#include "store.hpp"

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

namespace deltag::server {

struct MailSenderSettings {
    std::string from;           // From: header ("Deltag <noreply@x>" or an address)
    std::string public_url;     // base of the manage link, no trailing slash
    std::string install_secret; // derives each registration's manage token
    int lease_seconds = 300;    // a send taking longer may be repeated by another sender
};

class MailSender {
public:
    using Log = std::function<void(const std::string&)>;
    MailSender(Store& store, const EventCatalog& events, Clock clock, std::unique_ptr<MailTransport> transport,
               MailSenderSettings settings, Log log);
    ~MailSender();

    void set_public_url(std::string url); // before start()
    void start();
    void stop();
    void wake(); // something was queued: look now rather than at the next poll

    // One round: sends what is due now; the number of mails handled. (The thread calls it.)
    int send_due();
    // Queues reminders that have fallen due. (The thread calls it every minute.)
    void queue_reminders();
    // The bare address of From, for the SMTP envelope.
    const std::string& envelope_from() const { return from_address_; }

private:
    void loop();
    void handle(const ClaimedMail& m);

    Store& store_;
    const EventCatalog& events_;
    Clock clock_;
    std::unique_ptr<MailTransport> transport_;
    MailSenderSettings settings_;
    Log log_;
    std::string owner_; // this sender's lease name, random per start
    std::string from_address_, from_domain_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false, poked_ = false;
    std::thread thread_;
};

} // namespace deltag::server
