// Deltag's transactions, written once for both engines. Every rule decision is deltag::decide
// over counts read inside the same transaction, after the event's lock (conn.hpp lock_event);
// this file only reads, counts and writes. The schema is migrations.cpp's.
#include "store.hpp"

#include "conn.hpp"
#include "migrations.hpp"
#include "pg_writer.hpp"
#include "pool.hpp"
#include "mail_outbox.hpp"
#include "secrets.hpp"
#include "sign_up_sql.hpp"
#include "store_tx.hpp"
#include "writer.hpp"

#include "deltag/rules.hpp"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace deltag::server {

namespace {

// A stored answer is kept one day: long enough for any retry, short enough that the
// cancel token in it does not linger.
constexpr UnixTime idempotency_keep_seconds = 24 * 3600;

Reply internal_error() { return Reply{500, {{"code", "internal.error"}}}; }

Reply storage_failed(const DbError& e) {
    if (e.rc == SQLITE_MISUSE) return Reply{503, {{"code", "server.shutting_down"}}};
    // The database is down or every retry collided: nothing was stored, the client may retry
    // with the same Idempotency-Key.
    if (e.rc == db_unavailable || e.rc == SQLITE_BUSY) return Reply{503, {{"code", "storage.unavailable"}}};
    return internal_error();
}

// PostgreSQL connections need no set-up: the pool opens them as they are needed.
DbResult<std::unique_ptr<Conn>> open_postgresql(const std::string& url) {
    auto opened = open_db(url, false);
    if (auto* e = std::get_if<DbError>(&opened)) return *e;
    return std::make_unique<Conn>(std::move(std::get<std::unique_ptr<Db>>(opened)));
}

DbResult<Conn> open_conn(const std::string& path, bool writer) {
    auto opened = open_db(path, false);
    if (auto* e = std::get_if<DbError>(&opened)) return *e;
    Conn c(std::move(std::get<std::unique_ptr<Db>>(opened)));
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
        DELTAG_TRY(migrate(c));
    } else {
        DELTAG_TRY(c.db().exec("PRAGMA query_only=ON"));
    }
    return c;
}


int count_column(const char* status) {
    if (std::string_view(status) == "confirmed") return 1;
    if (std::string_view(status) == "waitlisted") return 2;
    return 3;
}

} // namespace

nlohmann::json parse_stored(const std::string& text) {
    auto j = nlohmann::json::parse(text, nullptr, false);
    return j.is_discarded() ? nlohmann::json::object() : j;
}

// Moves one registration into (+1) or out of (-1) a status in the per-event counters.
DbStatus adjust_count(Conn& c, const std::string& event_id, const std::string& status, int delta) {
    if (status == "cancelled") return {};
    const int col = count_column(status.c_str());
    return run(c,
               "INSERT INTO event_counts(event_id, confirmed, waitlisted, received) "
               "VALUES (?1, ?2, ?3, ?4) ON CONFLICT(event_id) DO UPDATE SET "
               "confirmed = event_counts.confirmed + excluded.confirmed, "
               "waitlisted = event_counts.waitlisted + excluded.waitlisted, "
               "received = event_counts.received + excluded.received",
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

namespace {

// The sign-up transaction body (inside the writer's SAVEPOINT).
DbResult<Reply> sign_up_in_tx(Conn& c, const SignUp& s, UnixTime now) {
    // First the lock: a concurrent request with the same key (on any node) waits here and
    // then finds the stored answer.
    DELTAG_TRY(lock_event(c, s.event->id));
    auto read = read_sign_up_state(c, s);
    if (auto* e = std::get_if<DbError>(&read)) return *e;
    const SignUpState& state = std::get<SignUpState>(read);
    // A retry: the stored answer, or 422 when the key comes with a different payload.
    if (state.stored) {
        if (constant_time_equal(state.stored_hash, s.body_hash)) return *state.stored;
        return Reply{422,
                     {{"errors",
                       nlohmann::json::array({{{"field", "idempotency_key"},
                                               {"code", "idempotency.key_reused"},
                                               {"params", nlohmann::json::object()}}})}}};
    }

    const Event& ev = *s.event;
    const auto& n = state.counts;
    deltag::Counts rule_counts;
    rule_counts.confirmed = n.confirmed;
    rule_counts.waitlisted = n.waitlisted;
    rule_counts.organisation_confirmed = state.organisation_confirmed;
    rule_counts.duplicate = state.duplicate;
    const Decision d = decide(ev, rule_counts, now);
    SignUpWrite w;
    switch (d.outcome) {
    case Outcome::confirmed: w.status = "confirmed"; break;
    case Outcome::waitlisted: w.status = "waitlisted"; break;
    case Outcome::received: w.status = "received"; break;
    default: return Reply{409, {{"code", d.code.empty() ? std::string("registration.closed") : d.code}}};
    }
    // The mail is part of the sign-up: it commits with it, or neither happens.
    w.reply = Reply{201, {{"status", w.status}, {"reference", s.reference}, {"cancel_token", s.cancel_token}}};
    if (w.status == "waitlisted") {
        w.waitlist_reason = d.reason;
        w.mail = MailKind::waitlisted;
        // Everyone waitlisted before has a smaller seq, so the position is the count so far + 1.
        w.mail_extra = {{"position", n.waitlisted + 1}};
        w.reply.body["waitlist_position"] = n.waitlisted + 1;
    } else {
        w.mail = w.status == "confirmed" ? MailKind::confirmation : MailKind::application_received;
    }
    auto written = write_sign_up(c, s, w, now);
    if (auto* e = std::get_if<DbError>(&written)) return *e;
    return w.reply;
}

} // namespace

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

namespace {

DbResult<Reply> cancel_in_tx(Conn& c, const std::string& reference, const std::string& token,
                             const EventCatalog& events, UnixTime now) {
    const Reply not_found{404, {{"code", "registration.not_found"}}};
    std::optional<std::int64_t> seq;
    std::string event_id, status, token_hash;
    // The event is known only from the row: read it, lock the event, then read the row again
    // (a concurrent cancellation may have changed it while this one waited for the lock).
    DELTAG_TRY(each_row(c, "SELECT event_id FROM registrations WHERE reference = ?1",
                        [&](Stmt& s) { event_id = s.column_text(0); }, reference));
    if (event_id.empty()) return not_found;
    DELTAG_TRY(lock_event(c, event_id));
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
        DELTAG_TRY(lock_event(c, ev.id));
        DELTAG_TRY(run(c, "DELETE FROM registrations WHERE event_id = ?1", ev.id));
        purged += c.db().changes();
        DELTAG_TRY(run(c, "DELETE FROM event_counts WHERE event_id = ?1", ev.id));
        DELTAG_TRY(run(c, "DELETE FROM idempotency WHERE event_id = ?1", ev.id));
    }
    DELTAG_TRY(run(c, "DELETE FROM idempotency WHERE created_at < ?1", now - idempotency_keep_seconds));
    return purged;
}

// "ok", or what is wrong. SQLite checks its file; both engines check that the per-event
// counters agree with the registrations (the rules decide on those counters).
DbResult<std::string> check_integrity(Conn& c) {
    std::string result;
    if (c.engine() == Engine::sqlite) {
        DELTAG_TRY(each_row(c, "PRAGMA integrity_check", [&](Stmt& s) { result += s.column_text(0); }));
        if (result != "ok") return result;
    }
    auto wrong = scalar(c,
                        "SELECT count(*) FROM event_counts e WHERE "
                        "e.confirmed <> (SELECT count(*) FROM registrations r WHERE r.event_id = e.event_id "
                        "AND r.status = 'confirmed') OR "
                        "e.waitlisted <> (SELECT count(*) FROM registrations r WHERE r.event_id = e.event_id "
                        "AND r.status = 'waitlisted') OR "
                        "e.received <> (SELECT count(*) FROM registrations r WHERE r.event_id = e.event_id "
                        "AND r.status = 'received')");
    if (auto* e = std::get_if<DbError>(&wrong)) return *e;
    if (std::get<std::int64_t>(wrong) != 0)
        return std::to_string(std::get<std::int64_t>(wrong)) + " events' counters disagree with their registrations";
    return std::string("ok");
}

} // namespace

// How many PostgreSQL connections one node keeps at most (HTTP threads beyond it wait).
constexpr std::size_t postgresql_pool_size = 16;
// One writer per node, like SQLite's. Sign-ups for one event wait for one another on the
// event's lock whatever the count, so a second writer would only wait for the first one's
// COMMIT; and two writers of one node locking two events in opposite orders would deadlock,
// which PostgreSQL detects only after deadlock_timeout (1 s). Nodes add writers.
constexpr std::size_t postgresql_writers = 1;

struct Store::Impl {
    using Job = std::function<DbResult<Reply>(Conn&)>;
    std::string path;
    Clock clock;
    // SQLite: the one writer, and a pool of reader connections (WAL) without a limit.
    // PostgreSQL: one pool for everything; the writer leases a connection for each batch.
    std::unique_ptr<Writer<Reply>> writer;
    std::unique_ptr<ConnPool> pool;
    std::unique_ptr<PgWriter<Reply>> pg_writer;

    std::mutex checkpoint_mutex;
    std::condition_variable checkpoint_wake;
    bool closing = false;
    std::thread checkpointer;

    Impl(std::string p, Clock c) : path(std::move(p)), clock(std::move(c)) {}

    static DbResult<std::unique_ptr<Impl>> open_sqlite(const std::string& path, Clock clock) {
        auto w = open_conn(path, true);
        if (auto* e = std::get_if<DbError>(&w)) return *e;
        auto cp = open_conn(path, false);
        if (auto* e = std::get_if<DbError>(&cp)) return *e;
        if (auto st = std::get<Conn>(cp).db().exec("PRAGMA query_only=OFF"); !st.ok()) return *st.error;
        auto impl = std::make_unique<Impl>(path, std::move(clock));
        impl->writer = std::make_unique<Writer<Reply>>(std::move(std::get<Conn>(w)), storage_failed);
        impl->pool = std::make_unique<ConnPool>(
            [path]() -> DbResult<std::unique_ptr<Conn>> {
                auto c = open_conn(path, false);
                if (auto* e = std::get_if<DbError>(&c)) return *e;
                return std::make_unique<Conn>(std::move(std::get<Conn>(c)));
            },
            0);
        Impl* self = impl.get();
        impl->checkpointer = std::thread([self, cc = std::make_shared<Conn>(std::move(std::get<Conn>(cp)))] {
            self->checkpoints(*cc);
        });
        return impl;
    }

    static DbResult<std::unique_ptr<Impl>> open_postgresql_store(const std::string& url, Clock clock) {
        auto impl = std::make_unique<Impl>(url, std::move(clock));
        impl->pool = std::make_unique<ConnPool>([url] { return open_postgresql(url); }, postgresql_pool_size);
        {
            auto lease = impl->pool->lease();
            if (auto* e = std::get_if<DbError>(&lease)) return *e;
            if (auto st = migrate(std::get<ConnPool::Lease>(lease).conn()); !st.ok()) return *st.error;
        }
        impl->pg_writer = std::make_unique<PgWriter<Reply>>(*impl->pool, storage_failed, postgresql_writers);
        return impl;
    }

    Reply submit(const Job& job) { return writer ? writer->submit(job) : pg_writer->submit(job); }

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
        if (writer) writer->stop();
        if (pg_writer) pg_writer->stop();
        {
            std::lock_guard<std::mutex> lock(checkpoint_mutex);
            closing = true;
        }
        checkpoint_wake.notify_all();
        if (checkpointer.joinable()) checkpointer.join();
    }

    // Runs a read on a pooled connection. A connection the database dropped while idle in the
    // pool fails its first statement: the read then runs once more on a fresh connection.
    template <class T> DbResult<T> read(const std::function<DbResult<T>(Conn&)>& fn) {
        for (int attempt = 0;; ++attempt) {
            auto lease = pool->lease();
            if (auto* e = std::get_if<DbError>(&lease)) return *e;
            Conn& c = std::get<ConnPool::Lease>(lease).conn();
            auto r = fn(c);
            if (auto* e = std::get_if<DbError>(&r); e && c.db().broken() && attempt == 0) continue;
            return r;
        }
    }
};

DbResult<std::unique_ptr<Store>> Store::open(const std::string& path, Clock clock) {
    auto impl = is_postgresql_url(path) ? Impl::open_postgresql_store(path, std::move(clock))
                                        : Impl::open_sqlite(path, std::move(clock));
    if (auto* e = std::get_if<DbError>(&impl)) return *e;
    return std::unique_ptr<Store>(new Store(std::move(std::get<std::unique_ptr<Impl>>(impl))));
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
    return impl_->submit([this, &s](Conn& c) { return sign_up_in_tx(c, s, impl_->clock()); });
}

Reply Store::cancel(const std::string& reference, const std::string& token, const EventCatalog& events) {
    return impl_->submit([&](Conn& c) {
        return cancel_in_tx(c, reference, token, events, impl_->clock());
    });
}

Reply Store::write(WriteJob job) {
    return impl_->submit([this, &job](Conn& c) { return job(c, impl_->clock()); });
}

DbStatus Store::read(const ReadJob& job) {
    auto r = impl_->read<bool>([&](Conn& c) -> DbResult<bool> {
        // One read transaction, so what the job reads agrees with itself.
        DELTAG_TRY(c.db().exec("BEGIN"));
        auto st = job(c);
        (void)c.db().exec("COMMIT"); // a read transaction: nothing to keep
        if (!st.ok()) return *st.error;
        return true;
    });
    if (auto* e = std::get_if<DbError>(&r)) return DbStatus{*e};
    return {};
}

DbResult<int> Store::purge(const EventCatalog& events) {
    std::optional<int> purged;
    Reply r = impl_->submit([&](Conn& c) -> DbResult<Reply> {
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
    using Found = std::optional<RegistrationView>;
    return impl_->read<Found>([&](Conn& c) -> DbResult<Found> {
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
        if (!v || !constant_time_equal(token_hash, sha256_hex(token))) return Found{};
        if (v->status == "waitlisted") {
            auto pos = waitlist_position(c, v->event_id, seq);
            if (auto* e = std::get_if<DbError>(&pos)) return *e;
            v->waitlist_position = std::get<int>(pos);
        }
        return v;
    });
}

DbResult<Store::Counts> Store::counts(const std::string& event_id) {
    return impl_->read<Counts>([&](Conn& c) { return read_counts(c, event_id); });
}

DbResult<std::vector<ExportRow>> Store::export_rows(const std::string& event_id) {
    return impl_->read<std::vector<ExportRow>>([&](Conn& c) -> DbResult<std::vector<ExportRow>> {
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
    });
}

DbStatus Store::write(const std::function<DbStatus(Conn&)>& job) {
    Reply r = impl_->submit([&](Conn& c) -> DbResult<Reply> {
        auto st = job(c);
        if (!st.ok()) return *st.error;
        return Reply{};
    });
    if (r.status != 200) return DbStatus{DbError{SQLITE_ERROR, "write job failed"}};
    return {};
}


DbResult<std::string> Store::integrity_check() {
    return impl_->read<std::string>([](Conn& c) -> DbResult<std::string> { return check_integrity(c); });
}

} // namespace deltag::server
