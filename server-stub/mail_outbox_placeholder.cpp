// PLACEHOLDER until engineer mail's mail_outbox.cpp lands: queues nothing. Delete at merge.
// It only lets the manage and staff transactions call enqueue_mail (mail_outbox.hpp) now.
#include "mail_outbox.hpp"

namespace deltag::server {

const char* mail_kind_name(MailKind kind) {
    switch (kind) {
    case MailKind::confirmation: return "confirmation";
    case MailKind::waitlisted: return "waitlisted";
    case MailKind::promoted: return "promoted";
    case MailKind::cancelled: return "cancelled";
    case MailKind::application_received: return "application_received";
    case MailKind::application_accepted: return "application_accepted";
    case MailKind::application_declined: return "application_declined";
    case MailKind::reminder: return "reminder";
    case MailKind::substitute_new: return "substitute_new";
    case MailKind::substitute_old: return "substitute_old";
    case MailKind::manage_link: return "manage_link";
    }
    return "unknown";
}

DbStatus enqueue_mail(Conn&, std::int64_t, MailKind, const nlohmann::json&, UnixTime) { return {}; }

} // namespace deltag::server
