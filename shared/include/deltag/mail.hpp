// The mails Deltag sends after the form (confirmation, waiting list, promotion, cancellation,
// applications, reminder, substitution, the manage link again), composed as pure functions of
// the registration and the event: plain text plus an accessible HTML part, every string from
// the mail catalogs (catalogs/mail.<lang>.json). Std + nlohmann/json only; no I/O, no clock.
#pragma once
#include "deltag/event.hpp"

#include <nlohmann/json.hpp>

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace deltag {

struct MailAttachment {
    std::string file_name;    // "kalender.ics"
    std::string content_type; // "text/calendar; charset=utf-8; method=PUBLISH"
    std::string data;
};

struct Mail {
    std::string lang; // the language it is written in (after fallback)
    std::string subject, text, html;
    std::vector<MailAttachment> attachments;
};

// What a mail is about, read when it is sent.
struct MailRequest {
    std::string kind;   // a mail kind name: "confirmation", "waitlisted", ... (mail_kinds())
    std::string lang;   // the registrant's language
    const Event* event = nullptr;
    std::string status; // the registration's status now: the join link needs "confirmed"
    std::string reference;
    std::string manage_url; // <public base>/manage#<reference>.<token>
    nlohmann::json answers = nlohmann::json::object(); // sensitive fields are never shown
    nlohmann::json extra = nlohmann::json::object();   // position, message, to_name
    UnixTime now = 0; // DTSTAMP of the attached calendar file
};

// Every kind of mail, in the order of mail_outbox.hpp's MailKind.
const std::vector<std::string>& mail_kinds();
// Kinds that hand the recipient a seat: they carry the join link and the calendar file, but
// only while the registration is confirmed.
bool mail_gives_seat(std::string_view kind);

// The language a mail is written in: the first of the visitor's fallback chain with a mail
// catalog (fi and de have their own; fit reads Finnish, the Sami languages, Romani and Yiddish
// Swedish, Arabic English); anything else English.
std::string mail_language(std::string_view lang);
// The mail catalog's text for key, {name} placeholders filled; falls back to English, then
// Swedish, then the key.
std::string mail_text(std::string_view lang, std::string_view key,
                      const std::map<std::string, std::string>& params = {});
// "3 december 2099, kl. 09:15–12:15": a session's date and times in the event's own local time,
// as the mails write it (also the standalone page's server-rendered date, issue 13).
std::string session_when(std::string_view lang, const Session& session);
// The keys of one mail catalog, sorted (empty for a language without one).
std::vector<std::string> mail_catalog_keys(std::string_view lang);

// The recipient read from the answers: the form's first e-mail field, and a name from the
// field with autocomplete "name" (or given-name + family-name). Empty when absent.
std::string recipient_email(const Form& form, const nlohmann::json& answers);
std::string recipient_name(const Form& form, const nlohmann::json& answers);

Mail compose_mail(const MailRequest& request);

// Text for HTML content and attribute values: & < > " ' escaped.
std::string escape_html(std::string_view text);

} // namespace deltag
