// MIME assembly for the mails: headers with RFC 2047 encoded words, quoted-printable or 8bit
// text parts, base64 attachments, random-free boundaries derived from the Message-ID (the same
// mail gives the same bytes). Every line ends in CRLF. Std only.
#include "deltag/mime.hpp"

#include "deltag/time.hpp"

namespace deltag {
namespace {

constexpr const char* crlf = "\r\n";

bool is_plain_ascii(std::string_view s) {
    for (char c : s)
        if (static_cast<unsigned char>(c) >= 0x7F || static_cast<unsigned char>(c) < 0x20)
            return false;
    return true;
}

std::string without_controls(std::string_view s) {
    std::string out;
    for (char c : s)
        if (static_cast<unsigned char>(c) >= 0x20 && c != 0x7F)
            out += c;
    return out;
}

// Every line break becomes CRLF: no bare LF or CR reaches the wire (RFC 5322 2.3).
std::string crlf_lines(std::string_view s) {
    std::string out;
    out.reserve(s.size() + s.size() / 40);
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '\r') {
            if (i + 1 < s.size() && s[i + 1] == '\n')
                ++i;
            out += crlf;
        } else if (s[i] == '\n') {
            out += crlf;
        } else {
            out += s[i];
        }
    }
    if (out.size() < 2 || out.compare(out.size() - 2, 2, crlf) != 0)
        out += crlf;
    return out;
}

// Quoted-printable (RFC 2045 6.7) of text whose lines end in CRLF: soft breaks at 76.
std::string quoted_printable(std::string_view text) {
    static const char hex[] = "0123456789ABCDEF";
    std::string out, line;
    auto flush_soft = [&] {
        out += line + "=" + crlf;
        line.clear();
    };
    for (std::size_t i = 0; i < text.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(text[i]);
        if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
            // Space or tab before a line end must be encoded.
            if (!line.empty() && (line.back() == ' ' || line.back() == '\t')) {
                const char last = line.back();
                line.pop_back();
                std::string enc = std::string("=") + hex[last >> 4] + hex[last & 15];
                if (line.size() + enc.size() > 75)
                    flush_soft();
                line += enc;
            }
            out += line + crlf;
            line.clear();
            ++i;
            continue;
        }
        std::string piece;
        // A leading '.' is escaped too, so no line of a part is ever a lone "." (SMTP's end).
        if ((c >= 33 && c <= 126 && c != '=' && !(c == '.' && line.empty())) || c == ' ' || c == '\t')
            piece = std::string(1, static_cast<char>(c));
        else
            piece = std::string("=") + hex[c >> 4] + hex[c & 15];
        if (line.size() + piece.size() > 75)
            flush_soft();
        line += piece;
    }
    if (!line.empty())
        out += line + crlf;
    return out;
}

std::string base64_lines(std::string_view data) {
    const std::string b = base64_encode(data);
    std::string out;
    for (std::size_t i = 0; i < b.size(); i += 76)
        out += b.substr(i, 76) + crlf;
    return out;
}

// A display name: quoted when plain ASCII, else encoded words.
std::string mailbox(std::string_view name, std::string_view address) {
    const std::string addr = without_controls(address);
    const std::string clean = without_controls(name);
    if (clean.empty())
        return addr;
    if (is_plain_ascii(clean)) {
        std::string quoted = "\"";
        for (char c : clean) {
            if (c == '"' || c == '\\')
                quoted += '\\';
            quoted += c;
        }
        return quoted + "\" <" + addr + ">";
    }
    return encode_header_text(clean) + " <" + addr + ">";
}

std::string fnv_hex(std::string_view s) {
    std::uint64_t h = 1469598103934665603ULL;
    for (char c : s) {
        h ^= static_cast<unsigned char>(c);
        h *= 1099511628211ULL;
    }
    static const char hex[] = "0123456789abcdef";
    std::string out;
    for (int i = 0; i < 16; ++i)
        out += hex[(h >> (60 - 4 * i)) & 15];
    return out;
}

} // namespace

std::string base64_encode(std::string_view data) {
    static const char table[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    out.reserve((data.size() + 2) / 3 * 4);
    std::size_t i = 0;
    for (; i + 2 < data.size(); i += 3) {
        const unsigned v = (static_cast<unsigned char>(data[i]) << 16) |
                           (static_cast<unsigned char>(data[i + 1]) << 8) | static_cast<unsigned char>(data[i + 2]);
        out += table[v >> 18];
        out += table[(v >> 12) & 63];
        out += table[(v >> 6) & 63];
        out += table[v & 63];
    }
    if (i < data.size()) {
        unsigned v = static_cast<unsigned char>(data[i]) << 16;
        if (i + 1 < data.size())
            v |= static_cast<unsigned char>(data[i + 1]) << 8;
        out += table[v >> 18];
        out += table[(v >> 12) & 63];
        out += i + 1 < data.size() ? table[(v >> 6) & 63] : '=';
        out += '=';
    }
    return out;
}

std::string encode_header_text(std::string_view text) {
    const std::string clean = without_controls(text);
    if (is_plain_ascii(clean))
        return clean;
    // Encoded words of at most 75 octets: "=?UTF-8?B?" + base64 of <= 45 octets + "?=", each
    // cut between UTF-8 sequences (RFC 2047 5: a word holds whole characters).
    std::string out;
    std::size_t pos = 0;
    while (pos < clean.size()) {
        std::size_t end = std::min(pos + 45, clean.size());
        while (end < clean.size() && end > pos && (static_cast<unsigned char>(clean[end]) & 0xC0) == 0x80)
            --end;
        if (!out.empty())
            out += std::string(crlf) + " ";
        out += "=?UTF-8?B?" + base64_encode(std::string_view(clean).substr(pos, end - pos)) + "?=";
        pos = end;
    }
    return out;
}

std::string rfc5322_date(UnixTime t) {
    static const char* const days[] = {"Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"};
    static const char* const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    const std::string iso = format_iso8601(t, 0); // YYYY-MM-DDTHH:MM:SSZ
    const std::int64_t day_number = t >= 0 ? t / 86400 : (t - 86399) / 86400;
    const int weekday = static_cast<int>(((day_number % 7) + 7) % 7);
    const int month = std::stoi(iso.substr(5, 2));
    return std::string(days[weekday]) + ", " + iso.substr(8, 2) + " " + months[month - 1] + " " + iso.substr(0, 4) +
           " " + iso.substr(11, 8) + " +0000";
}

std::string build_mime(const Mail& mail, const Envelope& env) {
    const std::string id = without_controls(env.message_id);
    std::string seed = fnv_hex(id);
    const std::string mixed = "=_deltag_m_" + seed, alternative = "=_deltag_a_" + seed;
    const std::string text_encoding = env.eight_bit ? "8bit" : "quoted-printable";
    auto body = [&](const std::string& s) {
        const std::string lines = crlf_lines(s);
        return env.eight_bit ? lines : quoted_printable(lines);
    };

    std::string out;
    out += "Date: " + rfc5322_date(env.date) + crlf;
    out += "From: " + without_controls(env.from) + crlf;
    out += "To: " + mailbox(env.to_name, env.to) + crlf;
    out += "Subject: " + encode_header_text(mail.subject) + crlf;
    out += "Message-ID: <" + id + ">" + crlf;
    out += "MIME-Version: 1.0" + std::string(crlf);
    out += "Content-Language: " + without_controls(mail.lang) + crlf;
    // An automatic mail: auto-responders must not answer it (RFC 3834).
    out += "Auto-Submitted: auto-generated" + std::string(crlf);
    out += "Content-Type: multipart/mixed;" + std::string(crlf) + " boundary=\"" + mixed + "\"" + crlf + crlf;
    out += "--" + mixed + crlf;
    out += "Content-Type: multipart/alternative;" + std::string(crlf) + " boundary=\"" + alternative + "\"" + crlf + crlf;
    out += "--" + alternative + crlf;
    out += "Content-Type: text/plain; charset=utf-8" + std::string(crlf);
    out += "Content-Transfer-Encoding: " + text_encoding + crlf + crlf;
    out += body(mail.text);
    out += "--" + alternative + crlf;
    out += "Content-Type: text/html; charset=utf-8" + std::string(crlf);
    out += "Content-Transfer-Encoding: " + text_encoding + crlf + crlf;
    out += body(mail.html);
    out += "--" + alternative + "--" + crlf;
    for (const MailAttachment& a : mail.attachments) {
        const std::string file = without_controls(a.file_name);
        out += "--" + mixed + crlf;
        out += "Content-Type: " + without_controls(a.content_type) + ";" + crlf + " name=\"" + file + "\"" + crlf;
        out += "Content-Disposition: attachment; filename=\"" + file + "\"" + crlf;
        out += "Content-Transfer-Encoding: base64" + std::string(crlf) + crlf;
        out += base64_lines(a.data);
    }
    out += "--" + mixed + "--" + crlf;
    return out;
}

} // namespace deltag
