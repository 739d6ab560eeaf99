// The tests' SMTP server (tests/mail/smtp_sink.py, python3-aiosmtpd) as a child process on
// loopback in a temporary folder, and the mail reader (tests/mail/read_mail.py, python3's
// email package and python3-icalendar) that parses what it received.
#pragma once
#include "harness.hpp"

#include <chrono>
#include <string>
#include <sys/types.h>
#include <vector>

namespace deltag::testing {

class SmtpSink {
public:
    // `options` are smtp_sink.py's: {"--starttls"}, {"--login", "user:password"}.
    explicit SmtpSink(const std::vector<std::string>& options = {});
    ~SmtpSink();
    std::string url() const { return "smtp://127.0.0.1:" + std::to_string(port_); }
    // The answers to the next DATA commands ("451", "550", "hold"); then 250 for each.
    void script(const std::vector<std::string>& answers);
    std::vector<std::string> attempts() const;  // every answer given, in order
    std::vector<std::string> mails() const;     // the accepted messages' files, in order
    std::vector<std::string> recipients() const; // their envelope recipients
    std::vector<std::string> sessions() const;   // how each came in: "tls\nlogin USER\n", "plain\nanonymous\n"
    std::vector<std::string> logins() const;     // every AUTH's outcome: "ok USER", "refused USER"
    std::string certificate() const { return dir_.file("cert.pem"); } // with --starttls
    bool wait_for_mails(std::size_t n, std::chrono::seconds limit = std::chrono::seconds(20)) const;
    bool wait_for_attempts(std::size_t n, std::chrono::seconds limit = std::chrono::seconds(20)) const;

private:
    TempDir dir_;
    pid_t pid_ = -1;
    int port_ = -1;
};

// read_mail.py's JSON for one .eml file ({} and a failed check when it cannot be read).
json read_mail(const std::string& eml_path);
// The whole file.
std::string file_text(const std::string& path);

} // namespace deltag::testing
