// The mail outbox's table and queries: enqueue inside the causing transaction, claim with a
// lease, record the outcome, the per-registration log, reminders falling due. Portable SQL
// (?N parameters, RETURNING, no SQLite-only functions) so engine pg can run it unchanged.
#include "mail_outbox.hpp"

#include <algorithm>

namespace deltag::server {

namespace {

constexpr std::size_t max_reply_chars = 500;

nlohmann::json parse_extra(const std::string& text) {
    auto j = nlohmann::json::parse(text, nullptr, false);
    return j.is_object() ? j : nlohmann::json::object();
}

} // namespace

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
    return "confirmation";
}

DbStatus enqueue_mail(Conn& c, std::int64_t registration_seq, MailKind kind, const nlohmann::json& extra,
                      UnixTime now) {
    const std::string extra_text = extra.is_object() ? extra.dump() : std::string("{}");
    return run(c,
               "INSERT INTO mail_outbox(registration_seq, kind, extra, status, next_attempt_at, created_at, "
               "updated_at) VALUES (?1, ?2, ?3, 'queued', ?4, ?4, ?4)",
               registration_seq, mail_kind_name(kind), extra_text, now);
}

std::variant<std::vector<MailLogRow>, DbError> mail_log(Conn& c, std::int64_t registration_seq) {
    std::vector<MailLogRow> rows;
    auto st = each_row(
        c,
        "SELECT id, kind, status, attempts, last_reply, created_at, updated_at, sent_at FROM mail_outbox "
        "WHERE registration_seq = ?1 ORDER BY id",
        [&](Stmt& s) {
            MailLogRow r;
            r.id = s.column_int(0);
            r.kind = s.column_text(1);
            r.status = s.column_text(2);
            r.attempts = static_cast<int>(s.column_int(3));
            r.last_reply = s.column_text(4);
            r.created_at = s.column_int(5);
            r.updated_at = s.column_int(6);
            if (!s.column_is_null(7)) r.sent_at = s.column_int(7);
            rows.push_back(std::move(r));
        },
        registration_seq);
    if (!st.ok()) return *st.error;
    return rows;
}

std::variant<std::vector<ClaimedMail>, DbError> claim_mails(Conn& c, const std::string& owner, UnixTime now,
                                                            int lease_seconds, int limit) {
    std::vector<ClaimedMail> claimed;
    auto st = each_row(
        c,
        "UPDATE mail_outbox SET lease_until = ?1, lease_owner = ?2, attempts = attempts + 1, updated_at = ?3 "
        "WHERE id IN (SELECT id FROM mail_outbox WHERE status = 'queued' AND next_attempt_at <= ?3 "
        "AND lease_until <= ?3 ORDER BY id LIMIT ?4) "
        "RETURNING id, registration_seq, kind, extra, attempts, created_at",
        [&](Stmt& s) {
            ClaimedMail m;
            m.id = s.column_int(0);
            m.registration_seq = s.column_int(1);
            m.kind = s.column_text(2);
            m.extra = parse_extra(s.column_text(3));
            m.attempts = static_cast<int>(s.column_int(4));
            m.created_at = s.column_int(5);
            claimed.push_back(std::move(m));
        },
        now + lease_seconds, owner, now, limit);
    if (!st.ok()) return *st.error;
    std::sort(claimed.begin(), claimed.end(), [](const ClaimedMail& a, const ClaimedMail& b) { return a.id < b.id; });
    return claimed;
}

std::variant<bool, DbError> mails_due(Conn& c, UnixTime now) {
    auto n = scalar(c,
                    "SELECT count(*) FROM mail_outbox WHERE status = 'queued' AND next_attempt_at <= ?1 "
                    "AND lease_until <= ?1",
                    now);
    if (auto* e = std::get_if<DbError>(&n)) return *e;
    return std::get<std::int64_t>(n) > 0;
}

std::optional<int> retry_delay(int attempts) {
    // About a day in all: a relay that is down for the night still gets the mail.
    static const int delays[] = {30, 120, 600, 1800, 3600, 7200, 14400, 28800, 43200};
    if (attempts < 1 || attempts > static_cast<int>(std::size(delays))) return std::nullopt;
    return delays[attempts - 1];
}

DbStatus record_mail(Conn& c, std::int64_t id, const std::string& owner, MailOutcome outcome,
                     const std::string& reply, int attempts, UnixTime now) {
    const std::string last = reply.substr(0, max_reply_chars);
    switch (outcome) {
    case MailOutcome::sent:
        return run(c,
                   "UPDATE mail_outbox SET status = 'sent', sent_at = ?3, updated_at = ?3, last_reply = ?4, "
                   "lease_until = 0 WHERE id = ?1 AND lease_owner = ?2",
                   id, owner, now, last);
    case MailOutcome::temporary:
        if (auto delay = retry_delay(attempts))
            return run(c,
                       "UPDATE mail_outbox SET next_attempt_at = ?5, updated_at = ?3, last_reply = ?4, "
                       "lease_until = 0 WHERE id = ?1 AND lease_owner = ?2",
                       id, owner, now, last, now + *delay);
        [[fallthrough]];
    case MailOutcome::permanent:
        return run(c,
                   "UPDATE mail_outbox SET status = 'failed', updated_at = ?3, last_reply = ?4, lease_until = 0 "
                   "WHERE id = ?1 AND lease_owner = ?2",
                   id, owner, now, last);
    case MailOutcome::skipped:
        return run(c,
                   "UPDATE mail_outbox SET status = 'skipped', updated_at = ?3, last_reply = ?4, lease_until = 0 "
                   "WHERE id = ?1 AND lease_owner = ?2",
                   id, owner, now, last);
    }
    return {};
}

DbStatus enqueue_due_reminders(Conn& c, const EventCatalog& events, UnixTime now) {
    for (const Event& ev : events.all()) {
        if (ev.reminder_days_before <= 0 || ev.sessions.empty()) continue;
        const UnixTime first = ev.sessions.front().start_utc;
        const UnixTime due = first - UnixTime{ev.reminder_days_before} * 86400;
        if (now < due || now >= first) continue;
        auto st = run(c,
                      "INSERT INTO mail_outbox(registration_seq, kind, extra, status, next_attempt_at, created_at, "
                      "updated_at) SELECT seq, 'reminder', '{}', 'queued', ?2, ?2, ?2 FROM registrations "
                      "WHERE event_id = ?1 AND status = 'confirmed' AND updated_at < ?3 ON CONFLICT DO NOTHING",
                      ev.id, now, due);
        if (!st.ok()) return st;
    }
    return {};
}

std::variant<std::optional<MailRegistration>, DbError> mail_registration(Conn& c, std::int64_t seq) {
    std::optional<MailRegistration> r;
    auto st = each_row(
        c, "SELECT reference, event_id, status, locale, answers FROM registrations WHERE seq = ?1",
        [&](Stmt& s) {
            r = MailRegistration{s.column_text(0), s.column_text(1), s.column_text(2), s.column_text(3),
                                 parse_extra(s.column_text(4))};
        },
        seq);
    if (!st.ok()) return *st.error;
    return r;
}

std::variant<std::vector<std::int64_t>, DbError> existing_mail_ids(Conn& c, const std::vector<std::int64_t>& ids) {
    std::vector<std::int64_t> found;
    for (std::int64_t id : ids) {
        auto n = scalar(c, "SELECT count(*) FROM mail_outbox WHERE id = ?1", id);
        if (auto* e = std::get_if<DbError>(&n)) return *e;
        if (std::get<std::int64_t>(n) > 0) found.push_back(id);
    }
    return found;
}

} // namespace deltag::server
