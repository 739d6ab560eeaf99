#!/usr/bin/env python3
"""Reads one .eml as a mail client would and prints what the tests check, as JSON:

    read_mail.py FILE.eml

{"subject", "to", "from", "message_id", "language", "text", "html", "manage_link",
 "attachments": [{"filename", "content_type"}], "events": [{"summary", "dtstart", "dtend",
 "uid", "url", "description"}]} — the calendar parts parsed by python3-icalendar (a real
iCalendar parser): a file it cannot read makes this script fail.
"""
import email
import email.policy
import json
import re
import sys

import icalendar


def main():
    with open(sys.argv[1], "rb") as f:
        raw = f.read()
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    out = {
        "subject": str(msg["Subject"]),
        "to": str(msg["To"]),
        "from": str(msg["From"]),
        "message_id": str(msg["Message-ID"]),
        "language": str(msg["Content-Language"]),
        "bare_lf": b"\n" in raw.replace(b"\r\n", b""),
        "text": "",
        "html": "",
        "attachments": [],
        "events": [],
    }
    for part in msg.walk():
        ctype = part.get_content_type()
        if part.get_content_disposition() == "attachment":
            out["attachments"].append({"filename": part.get_filename(), "content_type": ctype})
            if ctype == "text/calendar":
                cal = icalendar.Calendar.from_ical(part.get_payload(decode=True))
                for ev in cal.walk("VEVENT"):
                    out["events"].append({
                        "summary": str(ev.get("summary")),
                        "dtstart": ev.decoded("dtstart").isoformat(),
                        "dtend": ev.decoded("dtend").isoformat(),
                        "uid": str(ev.get("uid")),
                        "url": str(ev.get("url", "")),
                        "description": str(ev.get("description", "")),
                    })
        elif ctype == "text/plain":
            out["text"] = part.get_content()
        elif ctype == "text/html":
            out["html"] = part.get_content()
    m = re.search(r"https?://\S+/manage#\S+", out["text"])
    out["manage_link"] = m.group(0) if m else ""
    json.dump(out, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
