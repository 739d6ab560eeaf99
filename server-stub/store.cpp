// Deltag's schema and transactions. Every rule decision is deltag::decide over counts read
// inside the same transaction; this file only reads, counts and writes.
#include "store.hpp"

#include "conn.hpp"
#include "mail_outbox.hpp"
#include "secrets.hpp"
#include "writer.hpp"

#include "deltag/rules.hpp"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace deltag::server {

namespace {

// Waiting-list positions are derived from `seq` (arrival order), so they have no gaps
// after promotions and cancellations. Sensitive answers live in their own table.
const char* const schema = R"SQL(
CREATE TABLE IF NOT EXISTS registrations (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  reference TEXT NOT NULL UNIQUE,
  event_id TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('confirmed','waitlisted','received','cancelled')),
  waitlist_reason TEXT NOT NULL DEFAULT '',
  organisation_key TEXT,
  locale TEXT NOT NULL,
  answers TEXT NOT NULL,
  consents TEXT NOT NULL,
  token_hash TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS registrations_by_status ON registrations(event_id, status, seq);
CREATE INDEX IF NOT EXISTS registrations_by_organisation
  ON registrations(event_id, organisation_key, status);
CREATE TABLE IF NOT EXISTS sensitive_answers (
  seq INTEGER PRIMARY KEY REFERENCES registrations(seq) ON DELETE CASCADE,
  answers TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS unique_values (
  event_id TEXT NOT NULL,
  field_id TEXT NOT NULL,
  value TEXT NOT NULL,
  seq INTEGER NOT NULL REFERENCES registrations(seq) ON DELETE CASCADE,
  PRIMARY KEY (event_id, field_id, value)
);
CREATE INDEX IF NOT EXISTS unique_values_by_seq ON unique_values(seq);
CREATE TABLE IF NOT EXISTS event_counts (
  event_id TEXT PRIMARY KEY,
  confirmed INTEGER NOT NULL DEFAULT 0,
  waitlisted INTEGER NOT NULL DEFAULT 0,
  received INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS idempotency (
  key TEXT PRIMARY KEY,
  event_id TEXT NOT NULL,
  body_hash TEXT NOT NULL,
  status INTEGER NOT NULL,
  response TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
PRAGMA user_version = 1;
)SQL";

// A stored answer is kept one day: long enough for any retry, short enough that the
// cancel token in it does not linger.
constexpr UnixTime idempotency_keep_seconds = 24 * 3600;

Reply internal_error() { return Reply{500, {{"code", "internal.error"}}}; }

Reply storage_failed(const DbError& e) {
    if (e.rc == SQLITE_MISUSE) return Reply{503, {{"code", "server.shutting_down"}}};
    return internal_error();
}

DbResult<Conn> open_conn(const std::string& path, bool writer) {
    auto opened = Db::open(path, false);
    if (auto* e = std::get_if<DbError>(&opened)) return *e;
    Conn c(std::move(std::get<Db>(opened)));
    if (writer) {
        // WAL lets readers run beside the writer; FULL makes every COMMIT durable.
        std::string mode;
        DELTAG_TRY(each_row(c, "PRAGMA journal_mode=WAL", [&](Stmt& s) { mode = s.column_text(0); }));
        if (mode != "wal") return DbError{SQLITE_ERROR, "could not switch to WAL (got " + mode + ")"};
        // Most checkpoint work runs on a connection of its own (Store::Impl::checkpoints);
        // the writer keeps SQLite's automatic checkpoint, which then has little left to copy
        // and is what lets the WAL start over (under constant writes a background checkpoint
        // alone never catches up and the WAL grows without bound: measured 270 MB in 12 s).
        DELTAG_TRY(c.db().exec("PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;"
                               "PRAGMA secure_delete=ON;"));
        DELTAG_TRY(c.db().exec(schema));
        DELTAG_TRY(c.db().exec(mail_schema));
    } else {
        DELTAG_TRY(c.db().exec("PRAGMA query_only=ON"));
    }
    return c;
}


nlohmann::json parse_stored(const std::string& text) {
    auto j = nlohmann::json::parse(text, nullptr, false);
    return j.is_discarded() ? nlohmann::json::object() : j;
}

int count_column(const char* status) {
    if (std::string_view(status) == "confirmed") return 1;
    if (std::string_view(status) == "waitlisted") return 2;
    return 3;
}

// Moves one registration into (+1) or out of (-1) a status in the per-event counters.
DbStatus adjust_count(Conn& c, const std::string& event_id, const std::string& status, int delta) {
    if (status == "cancelled") return {};
    const int col = count_column(status.c_str());
    return run(c,
               "INSERT INTO event_counts(event_id, confirmed, waitlisted, received) "
               "VALUES (?1, ?2, ?3, ?4) ON CONFLICT(event_id) DO UPDATE SET "
               "confirmed = confirmed + excluded.confirmed, "
               "waitlisted = waitlisted + excluded.waitlisted, "
               "received = received + excluded.received",
               event_id, col == 1 ? delta : 0, col == 2 ? delta : 0, col == 3 ? delta : 0);
}

DbResult<Store::Counts> read_counts(Conn& c, const std::string& event_id) {
    Store::Counts n;
    DELTAG_TRY(each_row(
        c, "SELECT confirmed, waitlisted, received FROM event_counts WHERE event_id = ?1",
        [&](Stmt& s) {
            n.confirmed = static_cast<int>(s.column_int(0));
            n.waitlisted = static_cast<int>(s.column_int(1));
            n.received = static_cast<int>(s.column_int(2));
        },
        event_id));
    return n;
}

// Only counted when the event has a limit: the count is a scan of the organisation's rows.
DbResult<int> organisation_confirmed(Conn& c, const Event& ev, const std::optional<std::string>& org) {
    if (!org || !ev.max_per_organisation) return 0;
    auto n = scalar(c,
                    "SELECT count(*) FROM registrations WHERE event_id = ?1 AND "
                    "organisation_key = ?2 AND status = 'confirmed'",
                    ev.id, *org);
    if (auto* e = std::get_if<DbError>(&n)) return *e;
    return static_cast<int>(std::get<std::int64_t>(n));
}

DbResult<int> waitlist_position(Conn& c, const std::string& event_id, std::int64_t seq) {
    auto n = scalar(c,
                    "SELECT count(*) FROM registrations WHERE event_id = ?1 AND "
                    "status = 'waitlisted' AND seq <= ?2",
                    event_id, seq);
    if (auto* e = std::get_if<DbError>(&n)) return *e;
    return static_cast<int>(std::get<std::int64_t>(n));
}

// The sign-up transaction body (inside the writer's SAVEPOINT).
DbResult<Reply> sign_up_in_tx(Conn& c, const SignUp& s, UnixTime now) {
    // A retry: the stored answer, or 422 when the key comes with a different payload.
    std::optional<Reply> stored;
    std::string stored_hash;
    DELTAG_TRY(each_row(
        c, "SELECT body_hash, status, response FROM idempotency WHERE key = ?1",
        [&](Stmt& st) {
            stored_hash = st.column_text(0);
            stored = Reply{static_cast<int>(st.column_int(1)), parse_stored(st.column_text(2))};
        },
        s.idempotency_key));
    if (stored) {
        if (constant_time_equal(stored_hash, s.body_hash)) return *stored;
        return Reply{422,
                     {{"errors",
                       nlohmann::json::array({{{"field", "idempotency_key"},
                                               {"code", "idempotency.key_reused"},
                                               {"params", nlohmann::json::object()}}})}}};
    }

    const Event& ev = *s.event;
    auto counts = read_counts(c, ev.id);
    if (auto* e = std::get_if<DbError>(&counts)) return *e;
    const auto& n = std::get<Store::Counts>(counts);
    auto org = organisation_confirmed(c, ev, s.organisation_key);
    if (auto* e = std::get_if<DbError>(&org)) return *e;
    bool duplicate = false;
    for (const auto& [field, value] : s.unique_values) {
        auto hit = scalar(c,
                          "SELECT count(*) FROM unique_values WHERE event_id = ?1 AND "
                          "field_id = ?2 AND value = ?3",
                          ev.id, field, value);
        if (auto* e = std::get_if<DbError>(&hit)) return *e;
        duplicate = duplicate || std::get<std::int64_t>(hit) > 0;
    }

    deltag::Counts rule_counts;
    rule_counts.confirmed = n.confirmed;
    rule_counts.waitlisted = n.waitlisted;
    rule_counts.organisation_confirmed = std::get<int>(org);
    rule_counts.duplicate = duplicate;
    const Decision d = decide(ev, rule_counts, now);
    std::string status;
    switch (d.outcome) {
    case Outcome::confirmed: status = "confirmed"; break;
    case Outcome::waitlisted: status = "waitlisted"; break;
    case Outcome::received: status = "received"; break;
    default: return Reply{409, {{"code", d.code.empty() ? std::string("registration.closed") : d.code}}};
    }

    const std::string& reference = s.reference;
    DELTAG_TRY(run(c,
                   "INSERT INTO registrations(reference, event_id, status, waitlist_reason, "
                   "organisation_key, locale, answers, consents, token_hash, created_at, updated_at) "
                   "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)",
                   reference, ev.id, status, status == "waitlisted" ? d.reason : std::string(),
                   s.organisation_key, s.locale, s.answers_text, s.consents_text, s.token_hash, now));
    const std::int64_t seq = c.db().last_insert_rowid();
    if (!s.sensitive_text.empty())
        DELTAG_TRY(run(c, "INSERT INTO sensitive_answers(seq, answers) VALUES (?1, ?2)", seq, s.sensitive_text));
    for (const auto& [field, value] : s.unique_values)
        DELTAG_TRY(run(c, "INSERT INTO unique_values(event_id, field_id, value, seq) VALUES (?1, ?2, ?3, ?4)",
                       ev.id, field, value, seq));
    DELTAG_TRY(adjust_count(c, ev.id, status, +1));
    // The mail is part of the sign-up: it commits with it, or neither happens.
    if (status == "waitlisted")
        DELTAG_TRY(enqueue_mail(c, seq, MailKind::waitlisted, {{"position", n.waitlisted + 1}}, now));
    else
        DELTAG_TRY(enqueue_mail(c, seq, status == "confirmed" ? MailKind::confirmation : MailKind::application_received,
                                nlohmann::json::object(), now));

    Reply r{201, {{"status", status}, {"reference", reference}, {"cancel_token", s.cancel_token}}};
    // Everyone waitlisted before has a smaller seq, so the position is the count so far + 1.
    if (status == "waitlisted") r.body["waitlist_position"] = n.waitlisted + 1;
    DELTAG_TRY(run(c,
                   "INSERT INTO idempotency(key, event_id, body_hash, status, response, created_at) "
                   "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                   s.idempotency_key, ev.id, s.body_hash, r.status, r.body.dump(), now));
    return r;
}

// Fills freed seats from the waiting list in arrival order. Promotion replays the sign-up
// decision of someone who signed up while registration was open, so the deadline is not
// applied again (the decision is still deltag::decide's).
DbStatus promote(Conn& c, const Event& ev, UnixTime now) {
    struct Candidate {
        std::int64_t seq;
        std::optional<std::string> org;
    };
    std::vector<Candidate> waiting;
    auto st = each_row(
        c,
        "SELECT seq, organisation_key FROM registrations WHERE event_id = ?1 AND "
        "status = 'waitlisted' ORDER BY seq",
        [&](Stmt& s) {
            Candidate cand{s.column_int(0), std::nullopt};
            if (!s.column_is_null(1)) cand.org = s.column_text(1);
            waiting.push_back(std::move(cand));
        },
        ev.id);
    if (!st.ok()) return st;
    const UnixTime as_of = std::min(now, ev.closes_utc - 1);
    for (const auto& cand : waiting) {
        auto counts = read_counts(c, ev.id);
        if (auto* e = std::get_if<DbError>(&counts)) return DbStatus{*e};
        auto org = organisation_confirmed(c, ev, cand.org);
        if (auto* e = std::get_if<DbError>(&org)) return DbStatus{*e};
        deltag::Counts rc;
        rc.confirmed = std::get<Store::Counts>(counts).confirmed;
        rc.waitlisted = std::get<Store::Counts>(counts).waitlisted - 1; // not counting themselves
        rc.organisation_confirmed = std::get<int>(org);
        const Decision d = decide(ev, rc, as_of);
        if (d.outcome == Outcome::confirmed) {
            st = run(c,
                     "UPDATE registrations SET status = 'confirmed', waitlist_reason = '', "
                     "updated_at = ?2 WHERE seq = ?1",
                     cand.seq, now);
            if (!st.ok()) return st;
            if (st = adjust_count(c, ev.id, "waitlisted", -1); !st.ok()) return st;
            if (st = adjust_count(c, ev.id, "confirmed", +1); !st.ok()) return st;
            if (st = enqueue_mail(c, cand.seq, MailKind::promoted, nlohmann::json::object(), now); !st.ok()) return st;
        } else if (d.outcome != Outcome::waitlisted || d.reason != "organisation_limit") {
            break; // no seat left for anyone further down either
        }
    }
    return {};
}

DbResult<Reply> cancel_in_tx(Conn& c, const std::string& reference, const std::string& token,
                             const EventCatalog& events, UnixTime now) {
    const Reply not_found{404, {{"code", "registration.not_found"}}};
    std::optional<std::int64_t> seq;
    std::string event_id, status, token_hash;
    DELTAG_TRY(each_row(
        c, "SELECT seq, event_id, status, token_hash FROM registrations WHERE reference = ?1",
        [&](Stmt& s) {
            seq = s.column_int(0);
            event_id = s.column_text(1);
            status = s.column_text(2);
            token_hash = s.column_text(3);
        },
        reference));
    if (!seq || !constant_time_equal(token_hash, sha256_hex(token))) return not_found;
    Reply done{200, {{"status", "cancelled"}, {"event", event_id}}};
    if (status == "cancelled") return done;
    DELTAG_TRY(run(c,
                   "UPDATE registrations SET status = 'cancelled', waitlist_reason = '', "
                   "updated_at = ?2 WHERE seq = ?1",
                   *seq, now));
    DELTAG_TRY(adjust_count(c, event_id, status, -1));
    DELTAG_TRY(enqueue_mail(c, *seq, MailKind::cancelled, nlohmann::json::object(), now));
    // The address is free again: the person may sign up anew.
    DELTAG_TRY(run(c, "DELETE FROM unique_values WHERE seq = ?1", *seq));
    if (status == "confirmed")
        if (const Event* ev = events.find(event_id)) DELTAG_TRY(promote(c, *ev, now));
    return done;
}

DbResult<int> purge_in_tx(Conn& c, const EventCatalog& events, UnixTime now) {
    int purged = 0;
    for (const auto& ev : events.all()) {
        if (!ev.delete_after_days) continue;
        const UnixTime due = last_session_end(ev) + UnixTime{*ev.delete_after_days} * 86400;
        if (now < due) continue;
        DELTAG_TRY(run(c, "DELETE FROM registrations WHERE event_id = ?1", ev.id));
        purged += c.db().changes();
        DELTAG_TRY(run(c, "DELETE FROM event_counts WHERE event_id = ?1", ev.id));
        DELTAG_TRY(run(c, "DELETE FROM idempotency WHERE event_id = ?1", ev.id));
    }
    DELTAG_TRY(run(c, "DELETE FROM idempotency WHERE created_at < ?1", now - idempotency_keep_seconds));
    return purged;
}

} // namespace

struct Store::Impl {
    std::string path;
    Clock clock;
    Writer<Reply> writer;
    std::mutex readers_mutex;
    std::vector<std::unique_ptr<Conn>> readers; // idle reader connections

    std::mutex checkpoint_mutex;
    std::condition_variable checkpoint_wake;
    bool closing = false;
    std::thread checkpointer;

    Impl(std::string p, Clock c, Conn w, Conn checkpoint_conn)
        : path(std::move(p)), clock(std::move(c)), writer(std::move(w), storage_failed),
          checkpointer([this, cc = std::make_shared<Conn>(std::move(checkpoint_conn))] { checkpoints(*cc); }) {}

    // PASSIVE checkpoints beside the writer twice a second; they never block it.
    void checkpoints(Conn& c) {
        std::unique_lock<std::mutex> lock(checkpoint_mutex);
        while (!checkpoint_wake.wait_for(lock, std::chrono::milliseconds(500), [this] { return closing; })) {
            lock.unlock();
            (void)c.db().exec("PRAGMA wal_checkpoint(PASSIVE)"); // a failure just leaves the WAL longer
            lock.lock();
        }
    }

    void close() {
        writer.stop();
        {
            std::lock_guard<std::mutex> lock(checkpoint_mutex);
            closing = true;
        }
        checkpoint_wake.notify_all();
        if (checkpointer.joinable()) checkpointer.join();
    }

    // A reader connection for the duration of one call.
    struct Lease {
        Impl* impl;
        std::unique_ptr<Conn> conn;
        Lease(Impl* i, std::unique_ptr<Conn> c) : impl(i), conn(std::move(c)) {}
        Lease(Lease&&) = default;
        Lease& operator=(Lease&&) = delete;
        ~Lease() {
            if (conn) {
                std::lock_guard<std::mutex> lock(impl->readers_mutex);
                impl->readers.push_back(std::move(conn));
            }
        }
    };
    DbResult<Lease> reader() {
        {
            std::lock_guard<std::mutex> lock(readers_mutex);
            if (!readers.empty()) {
                Lease l{this, std::move(readers.back())};
                readers.pop_back();
                return l;
            }
        }
        auto c = open_conn(path, false);
        if (auto* e = std::get_if<DbError>(&c)) return *e;
        return Lease{this, std::make_unique<Conn>(std::move(std::get<Conn>(c)))};
    }
};

DbResult<std::unique_ptr<Store>> Store::open(const std::string& path, Clock clock) {
    auto w = open_conn(path, true);
    if (auto* e = std::get_if<DbError>(&w)) return *e;
    auto cp = open_conn(path, false);
    if (auto* e = std::get_if<DbError>(&cp)) return *e;
    if (auto st = std::get<Conn>(cp).db().exec("PRAGMA query_only=OFF"); !st.ok()) return *st.error;
    auto impl = std::make_unique<Impl>(path, std::move(clock), std::move(std::get<Conn>(w)),
                                       std::move(std::get<Conn>(cp)));
    return std::unique_ptr<Store>(new Store(std::move(impl)));
}

Store::Store(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Store::~Store() { close(); }

void Store::close() { impl_->close(); }

Reply Store::sign_up(SignUp s) {
    if (!s.event) return internal_error();
    // Everything that needs no database is done here, outside the writer's serial section.
    // The caller names the reference and its manage token (derived from the installation's
    // secret, which the store does not know); only the token's hash is kept.
    if (s.reference.empty() || s.cancel_token.empty()) return internal_error();
    s.token_hash = sha256_hex(s.cancel_token);
    s.answers_text = s.answers.dump();
    s.consents_text = s.consents.dump();
    if (s.sensitive_answers.is_object() && !s.sensitive_answers.empty()) s.sensitive_text = s.sensitive_answers.dump();
    return impl_->writer.submit([this, &s](Conn& c) { return sign_up_in_tx(c, s, impl_->clock()); });
}

Reply Store::cancel(const std::string& reference, const std::string& token, const EventCatalog& events) {
    return impl_->writer.submit([&](Conn& c) {
        return cancel_in_tx(c, reference, token, events, impl_->clock());
    });
}

DbResult<int> Store::purge(const EventCatalog& events) {
    std::optional<int> purged;
    Reply r = impl_->writer.submit([&](Conn& c) -> DbResult<Reply> {
        auto n = purge_in_tx(c, events, impl_->clock());
        if (auto* e = std::get_if<DbError>(&n)) return *e;
        purged = std::get<int>(n);
        return Reply{};
    });
    if (r.status != 200 || !purged) return DbError{SQLITE_ERROR, "purge failed"};
    return *purged;
}

DbResult<std::optional<RegistrationView>> Store::find(const std::string& reference,
                                                      const std::string& token) {
    auto lease = impl_->reader();
    if (auto* e = std::get_if<DbError>(&lease)) return *e;
    Conn& c = *std::get<Impl::Lease>(lease).conn;
    // One read transaction so the status and the position agree.
    DELTAG_TRY(c.db().exec("BEGIN"));
    struct EndRead {
        Conn& c;
        ~EndRead() { (void)c.db().exec("COMMIT"); }
    } end{c};
    std::optional<RegistrationView> v;
    std::int64_t seq = 0;
    std::string token_hash;
    DELTAG_TRY(each_row(
        c, "SELECT seq, event_id, status, locale, token_hash FROM registrations WHERE reference = ?1",
        [&](Stmt& s) {
            seq = s.column_int(0);
            v = RegistrationView{reference, s.column_text(1), s.column_text(2), s.column_text(3), std::nullopt};
            token_hash = s.column_text(4);
        },
        reference));
    if (!v || !constant_time_equal(token_hash, sha256_hex(token))) return std::optional<RegistrationView>{};
    if (v->status == "waitlisted") {
        auto pos = waitlist_position(c, v->event_id, seq);
        if (auto* e = std::get_if<DbError>(&pos)) return *e;
        v->waitlist_position = std::get<int>(pos);
    }
    return v;
}

DbResult<Store::Counts> Store::counts(const std::string& event_id) {
    auto lease = impl_->reader();
    if (auto* e = std::get_if<DbError>(&lease)) return *e;
    return read_counts(*std::get<Impl::Lease>(lease).conn, event_id);
}

DbResult<std::vector<ExportRow>> Store::export_rows(const std::string& event_id) {
    auto lease = impl_->reader();
    if (auto* e = std::get_if<DbError>(&lease)) return *e;
    Conn& c = *std::get<Impl::Lease>(lease).conn;
    std::vector<ExportRow> rows;
    int waiting = 0;
    DELTAG_TRY(each_row(
        c,
        "SELECT r.reference, r.status, r.waitlist_reason, r.locale, r.created_at, r.answers, "
        "r.consents, s.answers FROM registrations r LEFT JOIN sensitive_answers s ON s.seq = r.seq "
        "WHERE r.event_id = ?1 ORDER BY r.seq",
        [&](Stmt& s) {
            ExportRow row;
            row.reference = s.column_text(0);
            row.status = s.column_text(1);
            row.waitlist_reason = s.column_text(2);
            row.locale = s.column_text(3);
            row.created_at = s.column_int(4);
            row.answers = parse_stored(s.column_text(5));
            row.consents = parse_stored(s.column_text(6));
            row.sensitive_answers =
                s.column_is_null(7) ? nlohmann::json::object() : parse_stored(s.column_text(7));
            if (row.status == "waitlisted") row.waitlist_position = ++waiting;
            rows.push_back(std::move(row));
        },
        event_id));
    return rows;
}

DbStatus Store::write(const std::function<DbStatus(Conn&)>& job) {
    Reply r = impl_->writer.submit([&](Conn& c) -> DbResult<Reply> {
        auto st = job(c);
        if (!st.ok()) return *st.error;
        return Reply{};
    });
    if (r.status != 200) return DbStatus{DbError{SQLITE_ERROR, "write job failed"}};
    return {};
}

DbStatus Store::read(const std::function<DbStatus(Conn&)>& job) {
    auto lease = impl_->reader();
    if (auto* e = std::get_if<DbError>(&lease)) return DbStatus{*e};
    return job(*std::get<Impl::Lease>(lease).conn);
}

DbResult<std::string> Store::integrity_check() {
    auto lease = impl_->reader();
    if (auto* e = std::get_if<DbError>(&lease)) return *e;
    std::string result;
    DELTAG_TRY(each_row(*std::get<Impl::Lease>(lease).conn, "PRAGMA integrity_check",
                        [&](Stmt& s) { result += s.column_text(0); }));
    return result;
}

} // namespace deltag::server
