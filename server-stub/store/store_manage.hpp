// The manage link's and the organiser's transactions: a registration's own view, handing a
// seat to a colleague, decisions on applications, moving someone off the waiting list by
// hand, resending a mail, finding someone's registrations by e-mail, and the staff list.
// Every change queues its mails (mail_outbox.hpp) in the same transaction. Knows no HTTP.
#pragma once
#include "store.hpp"

#include "deltag/error.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace deltag::server {

// What a registration shows its owner. `status` is the public one: confirmed, waitlisted,
// received, cancelled, declined (an application the organiser declined) or handed_over.
struct ManageView {
    std::string reference, event_id, status, locale;
    std::optional<int> waitlist_position;
};
// nullopt for an unknown reference and for a wrong token alike.
DbResult<std::optional<ManageView>> manage_view(Store& store, const std::string& reference,
                                                const std::string& token);

// The colleague who takes over a seat: already validated and normalised by the caller.
struct Colleague {
    std::string name, email;         // as entered (trimmed)
    std::string email_unique;        // the duplicate check's form of the address
    std::string reference, token;    // the colleague's own new registration
};
// The colleague's name and address checked with the form's own rules for its name and e-mail
// fields (field.required, email.invalid, ...), trimmed and normalised; reference and token are
// left to the caller. One error registration.substitute_unsupported when the form lacks them.
std::variant<Colleague, Errors> check_colleague(const Event& ev, const std::string& name, const std::string& email,
                                                const std::string& locale);

// 200 {"status": <the seat's status>}; 404 registration.not_found (unknown or wrong token);
// 409 registration.not_active (cancelled, declined, handed over), registration.duplicate
// (the colleague is already registered). The colleague's registration keeps the seat (its
// row and arrival order, so a waiting-list position too) and the organisation answer; the old
// person's answers, consents and sensitive answers move to a new row marked handed_over.
Reply substitute(Store& store, const Event& ev, const std::string& reference, const std::string& token,
                 const Colleague& colleague);

// Accept or decline applications (status received), all or none. 200 {"decided": n};
// 404 registration.not_found; 409 application.not_pending (one is not an open application),
// 409 application.over_capacity {"seats_left": n} when accepting would exceed the capacity.
Reply decide_applications(Store& store, const Event& ev, const std::vector<std::string>& references,
                          bool accept, const std::string& message);

// Gives a waitlisted person a free seat by hand (out of turn). 200 {"status":"confirmed"};
// 404; 409 registration.not_waitlisted; 409 registration.full when no seat is free.
Reply move_from_waitlist(Store& store, const Event& ev, const std::string& reference);

// Queues again the mail that fits the registration's status now. 200 {"kind": name}; 404.
Reply resend_mail(Store& store, const std::string& event_id, const std::string& reference);

// "Send me my link again": queues a manage_link mail for each active registration of the
// address (any event). Always 200 {"status":"queued"} so the answer says nothing about
// whether the address is known. Only forms whose e-mail field is unique per event are found.
Reply queue_manage_links(Store& store, const std::string& email_unique);

// One line of the staff list: never a sensitive answer.
struct StaffRow {
    std::string reference, status, name, email, organisation, locale;
    std::optional<int> waitlist_position;
    UnixTime created_at = 0;
};
// The event's registrations in arrival order; `status` empty for all, else the public status.
DbResult<std::vector<StaffRow>> staff_rows(Store& store, const Event& ev, const std::string& status);

} // namespace deltag::server
