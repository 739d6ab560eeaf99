// The mail outbox's contract: a mail is written to the outbox inside the same transaction as
// the change that causes it (a rolled-back change sends nothing); a sender thread delivers
// it later. Callers: the sign-up, cancellation, promotion, decision and substitution
// transactions. The sender renders each message when it sends it (registration, event and
// manage link read then); `extra` keeps what must be as it was when the change happened.
#pragma once
#include "conn.hpp"
#include "event_catalog.hpp"

#include "deltag/time.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace deltag::server {

enum class MailKind {
    confirmation,         // seat confirmed at sign-up (carries the .ics)
    waitlisted,           // extra: {"position": N}
    promoted,             // moved from the waiting list to a seat (carries the .ics)
    cancelled,            // cancellation receipt
    application_received, // an application (mode application) was received
    application_accepted, // extra: {"message": organiser's optional text}
    application_declined, // extra: {"message": organiser's optional text}
    reminder,             // N days before the first session, confirmed people only
    substitute_new,       // the colleague who took over the seat (their own registration)
    substitute_old,       // the person who handed the seat over; extra: {"to_name": ...}
    manage_link,          // "send me my link again"
};

// The stable name stored in the outbox and shown in mail logs ("confirmation", ...).
const char* mail_kind_name(MailKind kind);

// Queues one mail to the registration `seq` inside the caller's open transaction.
DbStatus enqueue_mail(Conn& c, std::int64_t registration_seq, MailKind kind,
                      const nlohmann::json& extra, UnixTime now);

// One registration's mails, oldest first: what the staff page shows (Store::read runs it).
struct MailLogRow {
    std::int64_t id = 0;
    std::string kind;       // mail_kind_name
    std::string status;     // queued, sent, failed, skipped (a reminder to someone no longer confirmed,
                            // or a mail still waiting when its seat was handed over)
    int attempts = 0;
    std::string last_reply; // the SMTP server's last answer ("250 ...", "550 ..."), or the error
    UnixTime created_at = 0, updated_at = 0;
    std::optional<UnixTime> sent_at;
};
std::variant<std::vector<MailLogRow>, DbError> mail_log(Conn& c, std::int64_t registration_seq);

// [Sender side] A mail claimed for sending, with what its rendering needs.
struct ClaimedMail {
    std::int64_t id = 0, registration_seq = 0;
    std::string kind;
    nlohmann::json extra;
    int attempts = 0; // including this one
    UnixTime created_at = 0;
};
// Claims up to `limit` due mails for `lease_seconds` (the lease is what keeps a second node,
// or a second sender, off the same row; a crashed sender's rows come back when it expires).
std::variant<std::vector<ClaimedMail>, DbError> claim_mails(Conn& c, const std::string& owner, UnixTime now,
                                                            int lease_seconds, int limit);
// Whether any mail is due now (a reader's cheap check before claiming on the writer).
std::variant<bool, DbError> mails_due(Conn& c, UnixTime now);

enum class MailOutcome { sent, temporary, permanent, skipped };
// Records what happened to a claimed mail: sent; temporary failure (back to the queue after a
// backoff, failed after the last attempt); permanent failure; skipped. Only the lease holder's
// record counts.
DbStatus record_mail(Conn& c, std::int64_t id, const std::string& owner, MailOutcome outcome,
                     const std::string& reply, int attempts, UnixTime now);
// Seconds to wait after `attempts` temporary failures; nullopt: give up.
std::optional<int> retry_delay(int attempts);

// Queues the reminder of every confirmed registration whose event's reminder time has come
// (reminder_days_before days before the first session), at most once per registration.
// People confirmed after that time already got everything in their confirmation.
DbStatus enqueue_due_reminders(Conn& c, const EventCatalog& events, UnixTime now);

// The registration a mail is about, as the sender renders it.
struct MailRegistration {
    std::string reference, event_id, status, locale;
    nlohmann::json answers;
};
std::variant<std::optional<MailRegistration>, DbError> mail_registration(Conn& c, std::int64_t seq);
// Which outbox ids exist among `ids` (the .eml files of purged registrations are the others).
std::variant<std::vector<std::int64_t>, DbError> existing_mail_ids(Conn& c, const std::vector<std::int64_t>& ids);

} // namespace deltag::server
