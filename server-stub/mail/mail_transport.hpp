// Where a finished mail goes: an SMTP relay (libcurl: STARTTLS or implicit TLS, login from the
// URL or a file) or, without one, a folder of .eml files (the demo shows them). A delivery
// answers sent / temporary (try again later) / permanent (never).
#pragma once
#include "mail_outbox.hpp"

#include <cstdint>
#include <memory>
#include <string>

namespace deltag::server {

struct OutgoingMail {
    std::int64_t id = 0;
    std::string kind;
    std::string from; // bare address for the envelope
    std::string to;
    std::string message; // the whole MIME text, CRLF line ends
};

struct Delivery {
    MailOutcome outcome = MailOutcome::temporary;
    std::string reply; // "250 ...", "451 ...", or the connection error
};

class MailTransport {
public:
    virtual ~MailTransport() = default;
    virtual Delivery deliver(const OutgoingMail& mail) = 0;
    // Files keep the text parts as 8bit UTF-8 so they read as they are; SMTP gets 7-bit parts.
    virtual bool eight_bit() const { return false; }
};

struct SmtpSettings {
    std::string url;           // smtp://host:587 (STARTTLS), smtps://host:465 (implicit TLS)
    std::string user, password; // from the URL (libcurl reads it there) or --smtp-auth-file
    bool require_tls = false;  // STARTTLS must succeed (always when a password is sent)
    std::string ca_file;       // PEM CAs the relay's certificate must chain to ("" = the system's)
    int timeout_seconds = 60;
};
std::unique_ptr<MailTransport> make_smtp_transport(SmtpSettings settings);

// "00000042-confirmation.eml": the outbox id first, so names sort by age and purged ones are found.
std::string mail_file_name(std::int64_t id, const std::string& kind);
// The outbox id of a file name made by mail_file_name, or -1.
std::int64_t mail_file_id(const std::string& name);
std::unique_ptr<MailTransport> make_folder_transport(std::string dir);

} // namespace deltag::server
