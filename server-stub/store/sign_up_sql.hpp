// The reads and writes of one sign-up (store.cpp's sign_up_in_tx decides between them with
// deltag::decide). SQLite runs them as separate statements (in-process: a statement costs
// microseconds); PostgreSQL runs each side as one statement, since there every statement is a
// round trip to the database process and the batch holds the event's lock meanwhile.
#pragma once
#include "conn.hpp"
#include "mail_outbox.hpp"
#include "store.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace deltag::server {

// What the decision needs, read after the event's lock.
struct SignUpState {
    std::optional<Reply> stored; // the answer kept for this Idempotency-Key, if any
    std::string stored_hash;     // the payload hash kept with it
    Store::Counts counts;
    int organisation_confirmed = 0; // 0 unless the event limits seats per organisation
    bool duplicate = false;         // a unique_per_event value is already taken
};

DbResult<SignUpState> read_sign_up_state(Conn& c, const SignUp& s);

// The decided registration and everything that commits with it.
struct SignUpWrite {
    std::string status;          // confirmed, waitlisted or received
    std::string waitlist_reason; // "" unless waitlisted
    MailKind mail = MailKind::confirmation;
    nlohmann::json mail_extra = nlohmann::json::object();
    Reply reply; // kept under the Idempotency-Key
};

// Inserts the registration, its sensitive answers and unique values, moves the counters,
// queues the mail and keeps the answer; returns the registration's seq.
DbResult<std::int64_t> write_sign_up(Conn& c, const SignUp& s, const SignUpWrite& w, UnixTime now);

} // namespace deltag::server
