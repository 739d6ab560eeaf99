// The sender thread (see mail_sender.hpp). Logs say which mail and what happened, never to
// whom: addresses and SMTP replies (which quote them) stay in the outbox.
#include "mail_sender.hpp"

#include "secrets.hpp"

#include "deltag/mail.hpp"
#include "deltag/mime.hpp"

#include <cctype>
#include <chrono>

namespace deltag::server {

namespace {

constexpr auto poll_interval = std::chrono::milliseconds(250);
constexpr auto reminder_interval = std::chrono::seconds(60);
constexpr int claim_batch = 10;

// The SMTP reply code for the log ("451"), or "-": the rest of a reply may quote the address.
std::string reply_code(const std::string& reply) {
    if (reply.size() >= 3 && std::isdigit(static_cast<unsigned char>(reply[0])) &&
        std::isdigit(static_cast<unsigned char>(reply[1])) && std::isdigit(static_cast<unsigned char>(reply[2])))
        return reply.substr(0, 3);
    return "-";
}

const char* outcome_word(MailOutcome o) {
    switch (o) {
    case MailOutcome::sent: return "sent";
    case MailOutcome::temporary: return "deferred";
    case MailOutcome::permanent: return "failed";
    case MailOutcome::skipped: return "skipped";
    }
    return "?";
}

} // namespace

MailSender::MailSender(Store& store, const EventCatalog& events, Clock clock, std::unique_ptr<MailTransport> transport,
                       MailSenderSettings settings, Log log)
    : store_(store), events_(events), clock_(std::move(clock)), transport_(std::move(transport)),
      settings_(std::move(settings)), log_(std::move(log)), owner_(random_token().substr(0, 16)) {
    const std::string& f = settings_.from;
    const auto open = f.rfind('<'), close = f.rfind('>');
    from_address_ = open != std::string::npos && close != std::string::npos && close > open
                        ? f.substr(open + 1, close - open - 1)
                        : f;
    const auto at = from_address_.rfind('@');
    from_domain_ = at == std::string::npos ? std::string("deltag.invalid") : from_address_.substr(at + 1);
}

MailSender::~MailSender() { stop(); }

void MailSender::set_public_url(std::string url) {
    while (!url.empty() && url.back() == '/') url.pop_back();
    settings_.public_url = std::move(url);
}

void MailSender::start() { thread_ = std::thread([this] { loop(); }); }

void MailSender::stop() {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
}

void MailSender::wake() {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        poked_ = true;
    }
    wake_.notify_all();
}

void MailSender::loop() {
    auto next_reminders = std::chrono::steady_clock::now();
    std::unique_lock<std::mutex> lock(mutex_);
    while (!stopping_) {
        poked_ = false;
        lock.unlock();
        if (std::chrono::steady_clock::now() >= next_reminders) {
            queue_reminders();
            next_reminders = std::chrono::steady_clock::now() + reminder_interval;
        }
        // Whatever was claimed is handled before stopping: leaving it leased would only delay it.
        while (send_due() > 0) {
        }
        lock.lock();
        wake_.wait_for(lock, poll_interval, [this] { return stopping_ || poked_; });
    }
}

void MailSender::queue_reminders() {
    const UnixTime now = clock_();
    if (auto st = store_.write([&](Conn& c) { return enqueue_due_reminders(c, events_, now); }); !st.ok())
        log_("mail: could not queue reminders: " + st.error->message);
}

int MailSender::send_due() {
    const UnixTime now = clock_();
    bool due = false;
    auto st = store_.read([&](Conn& c) {
        auto d = mails_due(c, now);
        if (auto* e = std::get_if<DbError>(&d)) return DbStatus{*e};
        due = std::get<bool>(d);
        return DbStatus{};
    });
    if (!st.ok() || !due) return 0;
    std::vector<ClaimedMail> claimed;
    st = store_.write([&](Conn& c) {
        auto r = claim_mails(c, owner_, now, settings_.lease_seconds, claim_batch);
        if (auto* e = std::get_if<DbError>(&r)) return DbStatus{*e};
        claimed = std::move(std::get<std::vector<ClaimedMail>>(r));
        return DbStatus{};
    });
    if (!st.ok()) return 0;
    for (const ClaimedMail& m : claimed) handle(m);
    return static_cast<int>(claimed.size());
}

void MailSender::handle(const ClaimedMail& m) {
    std::optional<MailRegistration> reg;
    auto st = store_.read([&](Conn& c) {
        auto r = mail_registration(c, m.registration_seq);
        if (auto* e = std::get_if<DbError>(&r)) return DbStatus{*e};
        reg = std::move(std::get<std::optional<MailRegistration>>(r));
        return DbStatus{};
    });
    if (!st.ok()) return; // the lease runs out and the mail is tried again

    Delivery d{MailOutcome::skipped, ""};
    const Event* ev = reg ? events_.find(reg->event_id) : nullptr;
    if (!reg) {
        d.reply = "registration deleted";
    } else if (!ev) {
        d.reply = "event no longer served";
    } else if (m.kind == "reminder" && reg->status != "confirmed") {
        d.reply = "no longer confirmed";
    } else {
        const std::string to = recipient_email(ev->form, reg->answers);
        if (to.empty()) {
            d = {MailOutcome::permanent, "no e-mail address in the answers"};
        } else {
            MailRequest req;
            req.kind = m.kind;
            req.lang = reg->locale;
            req.event = ev;
            req.status = reg->status;
            req.reference = reg->reference;
            req.manage_url = settings_.public_url + "/manage#" + reg->reference + "." +
                             manage_token(settings_.install_secret, reg->reference);
            req.answers = reg->answers;
            req.extra = m.extra;
            req.now = clock_();
            const Mail mail = compose_mail(req);
            Envelope env;
            env.from = settings_.from;
            env.to = to;
            env.to_name = recipient_name(ev->form, reg->answers);
            // The same id on a repeated send, so a receiving system can drop the duplicate.
            env.message_id = "deltag." + std::to_string(m.id) + "." + std::to_string(m.created_at) + "@" + from_domain_;
            env.date = req.now;
            env.eight_bit = transport_->eight_bit();
            d = transport_->deliver({m.id, m.kind, from_address_, to, build_mime(mail, env)});
        }
    }
    const UnixTime now = clock_();
    st = store_.write([&](Conn& c) { return record_mail(c, m.id, owner_, d.outcome, d.reply, m.attempts, now); });
    log_("mail " + std::to_string(m.id) + " " + m.kind + " " + outcome_word(d.outcome) + " (attempt " +
         std::to_string(m.attempts) + ", reply " + reply_code(d.reply) + ")" + (st.ok() ? "" : ": NOT RECORDED"));
}

} // namespace deltag::server
