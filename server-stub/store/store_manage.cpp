// The manage link's and the organiser's transactions (store_manage.hpp). Portable SQL only
// (?N parameters, INSERT ... RETURNING, no engine-only functions) so the PostgreSQL store
// can run it too; each job runs through Store::write / Store::read.
#include "store_manage.hpp"

#include "conn.hpp"
#include "mail_outbox.hpp"
#include "secrets.hpp"
#include "store_tx.hpp"

#include "deltag/text.hpp"
#include "deltag/validate.hpp"

#include <algorithm>
#include <cctype>
#include <set>

namespace deltag::server {

namespace {

Reply not_found() { return Reply{404, {{"code", "registration.not_found"}}}; }
Reply conflict(const char* code) { return Reply{409, {{"code", code}}}; }

nlohmann::json parse_object(const std::string& text) {
    auto j = nlohmann::json::parse(text, nullptr, false);
    return j.is_object() ? j : nlohmann::json::object();
}

struct Row {
    std::int64_t seq = 0;
    std::string reference, event_id, status, closed_reason, token_hash, locale, answers, consents;
    std::optional<std::string> organisation_key;
    UnixTime created_at = 0;
};

constexpr const char* row_columns =
    "seq, reference, event_id, status, closed_reason, token_hash, locale, answers, consents, "
    "organisation_key, created_at";

Row row_of(Stmt& s) {
    Row r;
    r.seq = s.column_int(0);
    r.reference = s.column_text(1);
    r.event_id = s.column_text(2);
    r.status = s.column_text(3);
    r.closed_reason = s.column_text(4);
    r.token_hash = s.column_text(5);
    r.locale = s.column_text(6);
    r.answers = s.column_text(7);
    r.consents = s.column_text(8);
    if (!s.column_is_null(9)) r.organisation_key = s.column_text(9);
    r.created_at = s.column_int(10);
    return r;
}

DbResult<std::optional<Row>> row_by_reference(Conn& c, const std::string& reference) {
    static const std::string sql = std::string("SELECT ") + row_columns + " FROM registrations WHERE reference = ?1";
    std::optional<Row> row;
    DELTAG_TRY(each_row(c, sql.c_str(), [&](Stmt& s) { row = row_of(s); }, reference));
    return row;
}

// The row if it exists and the token is its own (compared as hashes, in constant time).
DbResult<std::optional<Row>> owned_row(Conn& c, const std::string& reference, const std::string& token) {
    auto row = row_by_reference(c, reference);
    if (auto* e = std::get_if<DbError>(&row)) return *e;
    auto& r = std::get<std::optional<Row>>(row);
    if (r && !constant_time_equal(r->token_hash, sha256_hex(token))) r.reset();
    return r;
}

std::string public_status(const std::string& status, const std::string& closed_reason) {
    return status == "cancelled" && !closed_reason.empty() ? closed_reason : status;
}

// The form's fields that name a person: the name (autocomplete "name", else id "name"),
// the e-mail address and the organisation; nullptr where the form has none.
struct PersonFields {
    const Field* name = nullptr;
    const Field* email = nullptr;
    const Field* organisation = nullptr;
};
PersonFields person_fields(const Form& form) {
    PersonFields p;
    for (const auto& f : form.fields) {
        if (!p.name && f.type == FieldType::text && (f.autocomplete == "name" || f.id == "name")) p.name = &f;
        if (!p.email && f.type == FieldType::email) p.email = &f;
        if (!p.organisation && f.type == FieldType::organisation) p.organisation = &f;
    }
    return p;
}

std::string answer_text(const nlohmann::json& answers, const Field* f) {
    if (!f) return {};
    auto it = answers.find(f->id);
    if (it == answers.end()) return {};
    if (it->is_string()) return it->get<std::string>();
    if (it->is_object()) { // organisation: {"code": ..., "name": ...} or {"other": ...}
        for (const char* k : {"name", "other", "code"})
            if (auto v = it->find(k); v != it->end() && v->is_string()) return v->get<std::string>();
    }
    return {};
}

DbResult<Reply> substitute_in_tx(Conn& c, const Event& ev, const std::string& reference, const std::string& token,
                                 const Colleague& who, UnixTime now) {
    auto found = owned_row(c, reference, token);
    if (auto* e = std::get_if<DbError>(&found)) return *e;
    auto& old = std::get<std::optional<Row>>(found);
    if (!old || old->event_id != ev.id) return not_found();
    if (old->status == "cancelled") return conflict("registration.not_active");

    const PersonFields fields = person_fields(ev.form);
    if (fields.email && fields.email->unique_per_event) {
        auto hit = scalar(c,
                          "SELECT count(*) FROM unique_values WHERE event_id = ?1 AND field_id = ?2 AND value = ?3",
                          ev.id, fields.email->id, who.email_unique);
        if (auto* e = std::get_if<DbError>(&hit)) return *e;
        if (std::get<std::int64_t>(hit) > 0) return conflict("registration.duplicate");
    }
    // The colleague gives only a name and an address and keeps the organisation: nothing
    // else of the old person's answers (nor their consents) passes to someone else.
    const nlohmann::json old_answers = parse_object(old->answers);
    nlohmann::json answers = nlohmann::json::object();
    if (fields.name) answers[fields.name->id] = who.name;
    if (fields.email) answers[fields.email->id] = who.email;
    if (fields.organisation)
        if (auto it = old_answers.find(fields.organisation->id); it != old_answers.end())
            answers[fields.organisation->id] = *it;

    // The seat is the row (its seq is the arrival order the waiting list counts), so the
    // colleague takes over the row and the old person moves to a new one.
    DELTAG_TRY(run(c,
                   "UPDATE registrations SET reference = ?2, answers = ?3, consents = '{}', token_hash = ?4, "
                   "updated_at = ?5 WHERE seq = ?1",
                   old->seq, who.reference, answers.dump(), sha256_hex(who.token), now));
    std::int64_t handed = 0;
    DELTAG_TRY(each_row(
        c,
        "INSERT INTO registrations(reference, event_id, status, waitlist_reason, closed_reason, organisation_key, "
        "locale, answers, consents, token_hash, created_at, updated_at) "
        "VALUES (?1, ?2, 'cancelled', '', 'handed_over', ?3, ?4, ?5, ?6, ?7, ?8, ?9) RETURNING seq",
        [&](Stmt& s) { handed = s.column_int(0); }, old->reference, ev.id, old->organisation_key, old->locale,
        old->answers, old->consents, old->token_hash, old->created_at, now));
    DELTAG_TRY(run(c, "UPDATE sensitive_answers SET seq = ?2 WHERE seq = ?1", old->seq, handed));
    DELTAG_TRY(run(c, "DELETE FROM unique_values WHERE seq = ?1", old->seq));
    if (fields.email && fields.email->unique_per_event)
        DELTAG_TRY(run(c, "INSERT INTO unique_values(event_id, field_id, value, seq) VALUES (?1, ?2, ?3, ?4)",
                       ev.id, fields.email->id, who.email_unique, old->seq));
    // The sender composes each mail from its registration row when it sends it, and the seat's row
    // is now the colleague's: the old person's mails (their log, and any still waiting, e.g. a
    // confirmation held back by a 4xx) follow them to their new row. A waiting one is not sent
    // any more: the handover mail below tells them what changed. One being sent right now keeps
    // its lease and is recorded as sent, as it was composed for them.
    DELTAG_TRY(run(c, "UPDATE mail_outbox SET registration_seq = ?2 WHERE registration_seq = ?1", old->seq, handed));
    DELTAG_TRY(run(c,
                   "UPDATE mail_outbox SET status = 'skipped', last_reply = 'handed over before it was sent', "
                   "updated_at = ?2 WHERE registration_seq = ?1 AND status = 'queued' AND lease_until <= ?2",
                   handed, now));
    DELTAG_TRY(enqueue_mail(c, old->seq, MailKind::substitute_new, nlohmann::json::object(), now));
    DELTAG_TRY(enqueue_mail(c, handed, MailKind::substitute_old, {{"to_name", who.name}}, now));
    return Reply{200, {{"status", old->status}}};
}

DbResult<Reply> decide_in_tx(Conn& c, const Event& ev, const std::vector<std::string>& references, bool accept,
                             const std::string& message, UnixTime now) {
    std::vector<Row> rows;
    std::set<std::string> seen;
    for (const auto& ref : references) {
        if (!seen.insert(ref).second) continue;
        auto row = row_by_reference(c, ref);
        if (auto* e = std::get_if<DbError>(&row)) return *e;
        auto& r = std::get<std::optional<Row>>(row);
        if (!r || r->event_id != ev.id) return not_found();
        if (r->status != "received") return conflict("application.not_pending");
        rows.push_back(std::move(*r));
    }
    if (accept && ev.capacity) {
        auto counts = read_counts(c, ev.id);
        if (auto* e = std::get_if<DbError>(&counts)) return *e;
        const int seats_left = std::max(0, *ev.capacity - std::get<Store::Counts>(counts).confirmed);
        if (static_cast<int>(rows.size()) > seats_left)
            return Reply{409, {{"code", "application.over_capacity"}, {"seats_left", seats_left}}};
    }
    const nlohmann::json extra{{"message", message}};
    for (const auto& r : rows) {
        DELTAG_TRY(run(c,
                       "UPDATE registrations SET status = ?2, closed_reason = ?3, updated_at = ?4 WHERE seq = ?1",
                       r.seq, accept ? "confirmed" : "cancelled", accept ? "" : "declined", now));
        DELTAG_TRY(adjust_count(c, ev.id, "received", -1));
        if (accept) DELTAG_TRY(adjust_count(c, ev.id, "confirmed", +1));
        DELTAG_TRY(enqueue_mail(c, r.seq, accept ? MailKind::application_accepted : MailKind::application_declined,
                                extra, now));
    }
    return Reply{200, {{"decided", rows.size()}}};
}

DbResult<Reply> move_in_tx(Conn& c, const Event& ev, const std::string& reference, UnixTime now) {
    auto row = row_by_reference(c, reference);
    if (auto* e = std::get_if<DbError>(&row)) return *e;
    auto& r = std::get<std::optional<Row>>(row);
    if (!r || r->event_id != ev.id) return not_found();
    if (r->status != "waitlisted") return conflict("registration.not_waitlisted");
    if (ev.capacity) {
        auto counts = read_counts(c, ev.id);
        if (auto* e = std::get_if<DbError>(&counts)) return *e;
        if (std::get<Store::Counts>(counts).confirmed >= *ev.capacity) return conflict("registration.full");
    }
    DELTAG_TRY(run(c,
                   "UPDATE registrations SET status = 'confirmed', waitlist_reason = '', updated_at = ?2 WHERE seq = ?1",
                   r->seq, now));
    DELTAG_TRY(adjust_count(c, ev.id, "waitlisted", -1));
    DELTAG_TRY(adjust_count(c, ev.id, "confirmed", +1));
    DELTAG_TRY(enqueue_mail(c, r->seq, MailKind::promoted, nlohmann::json::object(), now));
    return Reply{200, {{"status", "confirmed"}}};
}

DbResult<Reply> resend_in_tx(Conn& c, const std::string& event_id, const std::string& reference, UnixTime now) {
    auto row = row_by_reference(c, reference);
    if (auto* e = std::get_if<DbError>(&row)) return *e;
    auto& r = std::get<std::optional<Row>>(row);
    if (!r || r->event_id != event_id) return not_found();
    const std::string status = public_status(r->status, r->closed_reason);
    MailKind kind = MailKind::cancelled;
    nlohmann::json extra = nlohmann::json::object();
    if (status == "confirmed") kind = MailKind::confirmation;
    if (status == "received") kind = MailKind::application_received;
    if (status == "declined") kind = MailKind::application_declined, extra["message"] = "";
    if (status == "handed_over") kind = MailKind::substitute_old;
    if (status == "waitlisted") {
        auto pos = waitlist_position(c, event_id, r->seq);
        if (auto* e = std::get_if<DbError>(&pos)) return *e;
        kind = MailKind::waitlisted;
        extra["position"] = std::get<int>(pos);
    }
    DELTAG_TRY(enqueue_mail(c, r->seq, kind, extra, now));
    return Reply{200, {{"kind", mail_kind_name(kind)}}};
}

DbResult<Reply> manage_links_in_tx(Conn& c, const std::string& email_unique, UnixTime now) {
    std::vector<std::int64_t> seqs;
    DELTAG_TRY(each_row(
        c,
        "SELECT r.seq FROM unique_values u JOIN registrations r ON r.seq = u.seq "
        "WHERE u.value = ?1 AND r.status <> 'cancelled' ORDER BY r.seq",
        [&](Stmt& s) { seqs.push_back(s.column_int(0)); }, email_unique));
    for (auto seq : seqs) DELTAG_TRY(enqueue_mail(c, seq, MailKind::manage_link, nlohmann::json::object(), now));
    return Reply{200, {{"status", "queued"}}};
}

} // namespace

std::variant<Colleague, Errors> check_colleague(const Event& ev, const std::string& name, const std::string& email,
                                                const std::string& locale) {
    const PersonFields fields = person_fields(ev.form);
    if (!fields.name || !fields.email) return Errors{Error{"", "registration.substitute_unsupported", {}}};
    Colleague who;
    who.name = trim(name);
    who.email = trim(email);
    const nlohmann::json answers{{fields.name->id, who.name}, {fields.email->id, who.email}};
    Errors errors = validate_field(ev.form, *fields.name, answers, locale);
    Errors email_errors = validate_field(ev.form, *fields.email, answers, locale);
    errors.insert(errors.end(), email_errors.begin(), email_errors.end());
    if (!errors.empty()) return errors;
    // The duplicate check's form of an address, as at sign-up (sign_up.cpp make_sign_up).
    who.email_unique = normalise_email(who.email).value_or(who.email);
    for (char& ch : who.email_unique) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    return who;
}

DbResult<std::optional<ManageView>> manage_view(Store& store, const std::string& reference,
                                                const std::string& token) {
    std::optional<ManageView> view;
    auto st = store.read([&](Conn& c) -> DbStatus {
        auto found = owned_row(c, reference, token);
        if (auto* e = std::get_if<DbError>(&found)) return DbStatus{*e};
        auto& r = std::get<std::optional<Row>>(found);
        if (!r) return {};
        view = ManageView{r->reference, r->event_id, public_status(r->status, r->closed_reason), r->locale,
                          std::nullopt};
        if (r->status == "waitlisted") {
            auto pos = waitlist_position(c, r->event_id, r->seq);
            if (auto* e = std::get_if<DbError>(&pos)) return DbStatus{*e};
            view->waitlist_position = std::get<int>(pos);
        }
        return {};
    });
    if (!st.ok()) return *st.error;
    return view;
}

Reply substitute(Store& store, const Event& ev, const std::string& reference, const std::string& token,
                 const Colleague& colleague) {
    return store.write([&](Conn& c, UnixTime now) -> DbResult<Reply> {
        DELTAG_TRY(lock_event(c, ev.id)); // PostgreSQL: counts and positions read after the lock
        return substitute_in_tx(c, ev, reference, token, colleague, now);
    });
}

Reply decide_applications(Store& store, const Event& ev, const std::vector<std::string>& references, bool accept,
                          const std::string& message) {
    return store.write([&](Conn& c, UnixTime now) -> DbResult<Reply> {
        DELTAG_TRY(lock_event(c, ev.id));
        return decide_in_tx(c, ev, references, accept, message, now);
    });
}

Reply move_from_waitlist(Store& store, const Event& ev, const std::string& reference) {
    return store.write([&](Conn& c, UnixTime now) -> DbResult<Reply> {
        DELTAG_TRY(lock_event(c, ev.id));
        return move_in_tx(c, ev, reference, now);
    });
}

Reply resend_mail(Store& store, const std::string& event_id, const std::string& reference) {
    return store.write([&](Conn& c, UnixTime now) { return resend_in_tx(c, event_id, reference, now); });
}

Reply queue_manage_links(Store& store, const std::string& email_unique) {
    return store.write([&](Conn& c, UnixTime now) { return manage_links_in_tx(c, email_unique, now); });
}

DbResult<std::vector<StaffRow>> staff_rows(Store& store, const Event& ev, const std::string& status) {
    std::vector<StaffRow> rows;
    const PersonFields fields = person_fields(ev.form);
    auto st = store.read([&](Conn& c) -> DbStatus {
        int waiting = 0;
        static const std::string sql =
            std::string("SELECT ") + row_columns + " FROM registrations WHERE event_id = ?1 ORDER BY seq";
        return each_row(
            c, sql.c_str(),
            [&](Stmt& s) {
                const Row r = row_of(s);
                const std::string shown = public_status(r.status, r.closed_reason);
                std::optional<int> position;
                if (r.status == "waitlisted") position = ++waiting;
                if (!status.empty() && shown != status) return;
                const nlohmann::json answers = parse_object(r.answers);
                rows.push_back(StaffRow{r.reference, shown, answer_text(answers, fields.name),
                                        answer_text(answers, fields.email), answer_text(answers, fields.organisation),
                                        r.locale, position, r.created_at});
            },
            ev.id);
    });
    if (!st.ok()) return *st.error;
    return rows;
}

} // namespace deltag::server
