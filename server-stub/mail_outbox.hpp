// The mail outbox's contract: a mail is written to the outbox inside the same transaction as
// the change that causes it (a rolled-back change sends nothing); a sender thread delivers
// it later. Callers: the sign-up, cancellation, promotion, decision and substitution
// transactions. The sender renders each message when it sends it (registration, event and
// manage link read then); `extra` keeps what must be as it was when the change happened.
#pragma once
#include "conn.hpp"

#include "deltag/time.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>

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

} // namespace deltag::server
