// Deltag's storage: the schema, the queries and the transactions of signing up, cancelling,
// exporting and purging. One writer thread owns the only writing connection and commits
// queued requests in groups (each in its own SAVEPOINT, so each decision stays atomic and
// sequential); readers use their own connections (WAL). Knows nothing about HTTP.
#pragma once
#include "db.hpp"
#include "event_catalog.hpp"

#include <nlohmann/json.hpp>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace deltag::server {

using Clock = std::function<UnixTime()>;

// What the HTTP layer should answer: a status and a JSON body.
struct Reply {
    int status = 200;
    nlohmann::json body = nlohmann::json::object();
};

// A validated sign-up, split and normalised outside the transaction.
struct SignUp {
    const Event* event = nullptr;
    std::string idempotency_key;
    std::string body_hash;                  // SHA-256 of the canonical payload
    std::string locale;
    nlohmann::json answers;                 // normalised, without sensitive fields
    nlohmann::json sensitive_answers;       // normalised sensitive fields only (may be {})
    nlohmann::json consents;                // field id -> version
    std::optional<std::string> organisation_key; // "se:0180", "other:<text>"
    std::vector<std::pair<std::string, std::string>> unique_values; // field id, normalised value
    // Filled in by Store::sign_up before the transaction.
    std::string reference, cancel_token, token_hash, answers_text, consents_text, sensitive_text;
};

struct RegistrationView {
    std::string reference, event_id, status, locale;
    std::optional<int> waitlist_position;
};

struct ExportRow {
    std::string reference, status, waitlist_reason, locale;
    std::optional<int> waitlist_position;
    UnixTime created_at = 0;
    nlohmann::json answers, sensitive_answers, consents;
};

template <class T> using DbResult = std::variant<T, DbError>;

class Conn;

class Store {
public:
    static DbResult<std::unique_ptr<Store>> open(const std::string& path, Clock clock);
    ~Store();
    Store(const Store&) = delete;
    Store& operator=(const Store&) = delete;

    // 201 with status/reference/cancel_token, 409 refusals, 422 idempotency key reuse.
    Reply sign_up(SignUp s);
    // 200 {"status":"cancelled"}; 404 for an unknown reference or a wrong token (alike).
    Reply cancel(const std::string& reference, const std::string& token, const EventCatalog& events);

    // nullopt when the reference is unknown or the token does not match.
    DbResult<std::optional<RegistrationView>> find(const std::string& reference,
                                                   const std::string& token);
    struct Counts {
        int confirmed = 0, waitlisted = 0, received = 0;
    };
    DbResult<Counts> counts(const std::string& event_id);
    DbResult<std::vector<ExportRow>> export_rows(const std::string& event_id);
    // Deletes registrations past their event's retention and stale idempotency records.
    DbResult<int> purge(const EventCatalog& events);
    DbResult<std::string> integrity_check();

    // Runs `job` as one transaction of the writer (its own SAVEPOINT in a group commit), with
    // the store's clock; for the transactions of other files (store_manage.cpp).
    using WriteJob = std::function<DbResult<Reply>(Conn&, UnixTime now)>;
    Reply write(WriteJob job);
    // Runs `job` on a reader connection inside one read transaction (a consistent snapshot).
    using ReadJob = std::function<DbStatus(Conn&)>;
    DbStatus read(const ReadJob& job);
    // A job in the writer's next transaction whose only answer is ok or the error (the mail
    // outbox, mail_outbox.hpp); rolled back when it fails.
    DbStatus write(const std::function<DbStatus(Conn&)>& job);

    // Finishes queued writes and stops the writer; later writes answer 503.
    void close();

    struct Impl;

private:
    explicit Store(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

} // namespace deltag::server
