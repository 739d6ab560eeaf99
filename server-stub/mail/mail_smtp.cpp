// SMTP delivery with libcurl (Debian's libcurl4-openssl-dev): one connection per mail, which
// is plenty for sign-up mail volumes and keeps every failure confined to its own mail.
// Replies: 2xx sent; 4xx and connection errors temporary; 5xx permanent, except a refused login
// (the relay's configuration, not the mail, is wrong: it retries until someone fixes it).
#include "mail_transport.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <cstring>
#include <mutex>

namespace deltag::server {

namespace {

struct Upload {
    const std::string* text;
    std::size_t pos = 0;
};

std::size_t read_chunk(char* buffer, std::size_t size, std::size_t count, void* user) {
    auto* up = static_cast<Upload*>(user);
    const std::size_t n = std::min(size * count, up->text->size() - up->pos);
    std::memcpy(buffer, up->text->data() + up->pos, n);
    up->pos += n;
    return n;
}

class SmtpTransport : public MailTransport {
public:
    explicit SmtpTransport(SmtpSettings s) : s_(std::move(s)) {
        static std::once_flag once;
        std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
    }

    Delivery deliver(const OutgoingMail& mail) override {
        CURL* curl = curl_easy_init();
        if (!curl) return {MailOutcome::temporary, "libcurl could not start"};
        char error[CURL_ERROR_SIZE] = {};
        Upload up{&mail.message};
        const std::string from = "<" + mail.from + ">";
        curl_slist* rcpt = curl_slist_append(nullptr, ("<" + mail.to + ">").c_str());
        curl_easy_setopt(curl, CURLOPT_URL, s_.url.c_str());
        if (!s_.user.empty()) {
            curl_easy_setopt(curl, CURLOPT_USERNAME, s_.user.c_str());
            curl_easy_setopt(curl, CURLOPT_PASSWORD, s_.password.c_str());
        }
        // A password never crosses the network in the clear: with one, STARTTLS is required.
        const bool has_login = !s_.user.empty() || s_.url.find('@') != std::string::npos;
        curl_easy_setopt(curl, CURLOPT_USE_SSL, (s_.require_tls || has_login) ? CURLUSESSL_ALL : CURLUSESSL_TRY);
        // A relay with an internal CA: its certificate is still verified, against that CA.
        if (!s_.ca_file.empty()) curl_easy_setopt(curl, CURLOPT_CAINFO, s_.ca_file.c_str());
        curl_easy_setopt(curl, CURLOPT_MAIL_FROM, from.c_str());
        curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, rcpt);
        curl_easy_setopt(curl, CURLOPT_READFUNCTION, read_chunk);
        curl_easy_setopt(curl, CURLOPT_READDATA, &up);
        curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
        curl_easy_setopt(curl, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(mail.message.size()));
        curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, 15L);
        curl_easy_setopt(curl, CURLOPT_TIMEOUT, static_cast<long>(s_.timeout_seconds));
        curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error);
        const CURLcode rc = curl_easy_perform(curl);
        long code = 0;
        curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &code);
        curl_slist_free_all(rcpt);
        curl_easy_cleanup(curl);

        std::string reply = code > 0 ? std::to_string(code) : std::string("000");
        const std::string detail = error[0] ? std::string(error) : std::string(curl_easy_strerror(rc));
        if (rc == CURLE_OK) return {MailOutcome::sent, reply + " accepted"};
        reply += " " + detail;
        if (rc == CURLE_LOGIN_DENIED) return {MailOutcome::temporary, reply};
        if (code >= 500 && code <= 599) return {MailOutcome::permanent, reply};
        return {MailOutcome::temporary, reply};
    }

private:
    SmtpSettings s_;
};

} // namespace

std::unique_ptr<MailTransport> make_smtp_transport(SmtpSettings settings) {
    return std::make_unique<SmtpTransport>(std::move(settings));
}

} // namespace deltag::server
