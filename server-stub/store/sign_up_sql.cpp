// One sign-up's reads and writes, per engine (sign_up_sql.hpp says why they differ). The two
// paths read and write the same rows; the rules stay in store.cpp (deltag::decide).
#include "sign_up_sql.hpp"

#include "store_tx.hpp"

namespace deltag::server {

namespace {

// 1 in the counter column of the registration's status, 0 in the others.
int count_status(const std::string& status, const char* column) { return status == column ? 1 : 0; }

// SQLite: one statement per table, as the portable helpers write them.
DbResult<SignUpState> read_state_statements(Conn& c, const SignUp& s) {
    SignUpState st;
    DELTAG_TRY(each_row(
        c, "SELECT body_hash, status, response FROM idempotency WHERE key = ?1",
        [&](Stmt& row) {
            st.stored_hash = row.column_text(0);
            st.stored = Reply{static_cast<int>(row.column_int(1)), parse_stored(row.column_text(2))};
        },
        s.idempotency_key));
    if (st.stored) return st;
    auto counts = read_counts(c, s.event->id);
    if (auto* e = std::get_if<DbError>(&counts)) return *e;
    st.counts = std::get<Store::Counts>(counts);
    auto org = organisation_confirmed(c, *s.event, s.organisation_key);
    if (auto* e = std::get_if<DbError>(&org)) return *e;
    st.organisation_confirmed = std::get<int>(org);
    for (const auto& [field, value] : s.unique_values) {
        auto hit = scalar(c,
                          "SELECT count(*) FROM unique_values WHERE event_id = ?1 AND "
                          "field_id = ?2 AND value = ?3",
                          s.event->id, field, value);
        if (auto* e = std::get_if<DbError>(&hit)) return *e;
        st.duplicate = st.duplicate || std::get<std::int64_t>(hit) > 0;
    }
    return st;
}

DbResult<std::int64_t> write_statements(Conn& c, const SignUp& s, const SignUpWrite& w, UnixTime now) {
    const std::string& event_id = s.event->id;
    auto inserted = scalar(c,
                           "INSERT INTO registrations(reference, event_id, status, waitlist_reason, "
                           "organisation_key, locale, answers, consents, token_hash, created_at, updated_at) "
                           "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10) RETURNING seq",
                           s.reference, event_id, w.status, w.waitlist_reason, s.organisation_key, s.locale,
                           s.answers_text, s.consents_text, s.token_hash, now);
    if (auto* e = std::get_if<DbError>(&inserted)) return *e;
    const std::int64_t seq = std::get<std::int64_t>(inserted);
    if (!s.sensitive_text.empty())
        DELTAG_TRY(run(c, "INSERT INTO sensitive_answers(seq, answers) VALUES (?1, ?2)", seq, s.sensitive_text));
    for (const auto& [field, value] : s.unique_values)
        DELTAG_TRY(run(c, "INSERT INTO unique_values(event_id, field_id, value, seq) VALUES (?1, ?2, ?3, ?4)",
                       event_id, field, value, seq));
    DELTAG_TRY(adjust_count(c, event_id, w.status, +1));
    DELTAG_TRY(enqueue_mail(c, seq, w.mail, w.mail_extra, now));
    DELTAG_TRY(run(c,
                   "INSERT INTO idempotency(key, event_id, body_hash, status, response, created_at) "
                   "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                   s.idempotency_key, event_id, s.body_hash, w.reply.status, w.reply.body.dump(), now));
    return seq;
}

// PostgreSQL: the unique values travel as one JSON array [{"f": field, "v": value}, ...].
std::string unique_values_json(const SignUp& s) {
    auto list = nlohmann::json::array();
    for (const auto& [field, value] : s.unique_values) list.push_back({{"f", field}, {"v", value}});
    return list.dump();
}

// Everything the decision reads, in one statement (one snapshot, taken after the lock).
// The unique values are looked up one by one in the primary key (LATERAL ... LIMIT 1): a plain
// join let the planner hash the event's whole unique_values, a scan that grows with the event
// (measured: 336 -> 81 sign-ups/s at 64 connections on an event of ~10,000 registrations).
// organisation_key is bound NULL when the event has no per-organisation limit: the count is
// then 0 without a scan, as organisation_confirmed() does.
constexpr const char* read_state_sql =
    "SELECT i.body_hash, i.status, i.response, coalesce(n.confirmed, 0), coalesce(n.waitlisted, 0), "
    "coalesce(n.received, 0), "
    "(SELECT count(*) FROM registrations r WHERE r.event_id = ?2 AND r.organisation_key = ?3 "
    "AND r.status = 'confirmed'), "
    "(SELECT count(*) FROM json_to_recordset(?4::json) AS x(f text, v text) CROSS JOIN LATERAL "
    "(SELECT 1 FROM unique_values u WHERE u.event_id = ?2 AND u.field_id = x.f AND u.value = x.v LIMIT 1) AS hit) "
    "FROM (SELECT 1) AS one LEFT JOIN idempotency i ON i.key = ?1 "
    "LEFT JOIN event_counts n ON n.event_id = ?2";

DbResult<SignUpState> read_state_one_statement(Conn& c, const SignUp& s) {
    SignUpState st;
    const bool limited = s.organisation_key && s.event->max_per_organisation;
    DELTAG_TRY(each_row(
        c, read_state_sql,
        [&](Stmt& row) {
            if (!row.column_is_null(0)) {
                st.stored_hash = row.column_text(0);
                st.stored = Reply{static_cast<int>(row.column_int(1)), parse_stored(row.column_text(2))};
            }
            st.counts.confirmed = static_cast<int>(row.column_int(3));
            st.counts.waitlisted = static_cast<int>(row.column_int(4));
            st.counts.received = static_cast<int>(row.column_int(5));
            st.organisation_confirmed = static_cast<int>(row.column_int(6));
            st.duplicate = row.column_int(7) > 0;
        },
        s.idempotency_key, s.event->id, limited ? s.organisation_key : std::nullopt, unique_values_json(s)));
    return st;
}

// Data-modifying CTEs: every INSERT runs exactly once whether or not the final SELECT reads
// it, and the foreign keys are checked at the end of the statement, when the registration
// row exists. A duplicate key anywhere fails the whole statement with 23505, as before.
constexpr const char* write_sql =
    "WITH r AS (INSERT INTO registrations(reference, event_id, status, waitlist_reason, organisation_key, "
    "locale, answers, consents, token_hash, created_at, updated_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10) RETURNING seq), "
    "s AS (INSERT INTO sensitive_answers(seq, answers) SELECT seq, ?11::text FROM r WHERE ?11::text <> ''), "
    "u AS (INSERT INTO unique_values(event_id, field_id, value, seq) "
    "SELECT ?2, x.f, x.v, r.seq FROM r, json_to_recordset(?12::json) AS x(f text, v text)), "
    "n AS (INSERT INTO event_counts(event_id, confirmed, waitlisted, received) VALUES (?2, ?13, ?14, ?15) "
    "ON CONFLICT(event_id) DO UPDATE SET confirmed = event_counts.confirmed + excluded.confirmed, "
    "waitlisted = event_counts.waitlisted + excluded.waitlisted, "
    "received = event_counts.received + excluded.received), "
    "m AS (INSERT INTO mail_outbox(registration_seq, kind, extra, status, next_attempt_at, created_at, "
    "updated_at) SELECT seq, ?16, ?17, 'queued', ?10, ?10, ?10 FROM r), "
    "i AS (INSERT INTO idempotency(key, event_id, body_hash, status, response, created_at) "
    "VALUES (?18, ?2, ?19, ?20, ?21, ?10)) "
    "SELECT seq FROM r";

DbResult<std::int64_t> write_one_statement(Conn& c, const SignUp& s, const SignUpWrite& w, UnixTime now) {
    const std::string extra = w.mail_extra.is_object() ? w.mail_extra.dump() : std::string("{}");
    auto seq = scalar(c, write_sql, s.reference, s.event->id, w.status, w.waitlist_reason, s.organisation_key,
                      s.locale, s.answers_text, s.consents_text, s.token_hash, now, s.sensitive_text,
                      unique_values_json(s), count_status(w.status, "confirmed"),
                      count_status(w.status, "waitlisted"), count_status(w.status, "received"),
                      mail_kind_name(w.mail), extra, s.idempotency_key, s.body_hash, w.reply.status,
                      w.reply.body.dump());
    if (auto* e = std::get_if<DbError>(&seq)) return *e;
    return std::get<std::int64_t>(seq);
}

} // namespace

DbResult<SignUpState> read_sign_up_state(Conn& c, const SignUp& s) {
    return c.engine() == Engine::postgresql ? read_state_one_statement(c, s) : read_state_statements(c, s);
}

DbResult<std::int64_t> write_sign_up(Conn& c, const SignUp& s, const SignUpWrite& w, UnixTime now) {
    return c.engine() == Engine::postgresql ? write_one_statement(c, s, w, now) : write_statements(c, s, w, now);
}

} // namespace deltag::server
