// MIME assembly of a composed mail (RFC 5322, 2045-2047): multipart/mixed around
// multipart/alternative (text, HTML) and the attachments, UTF-8 headers as encoded words,
// CRLF line ends only. Std only; the caller gives the date and the Message-ID.
#pragma once
#include "deltag/mail.hpp"

#include <string>
#include <string_view>

namespace deltag {

struct Envelope {
    std::string from;       // "anmalan@deltag.example" or "Deltag <anmalan@deltag.example>"
    std::string to;         // the address
    std::string to_name;    // display name, may be empty
    std::string message_id; // without the angle brackets; the same on a repeated send
    UnixTime date = 0;
    // 8bit text parts (a file on disk, readable as it is) instead of quoted-printable (SMTP).
    bool eight_bit = false;
};

// The whole message, ready for SMTP DATA or an .eml file.
std::string build_mime(const Mail& mail, const Envelope& envelope);

// "Sun, 06 Dec 2026 13:24:25 +0000" (RFC 5322 3.3).
std::string rfc5322_date(UnixTime t);
// A header value as RFC 2047 encoded words (base64, UTF-8) when it is not plain ASCII, folded so
// no line passes 76 octets; control characters are dropped (no header injection).
std::string encode_header_text(std::string_view text);
std::string base64_encode(std::string_view data);

} // namespace deltag
