#!/usr/bin/env python3
"""Seed corpus for the fuzz targets, made at run time into a build folder (nothing committed):
the demo events and forms (shared/demo), the server's test fixtures, registration payloads and
answers built from every form, and the string literals of the core and server test tables.
Usage: make_corpus.py SOURCE_DIR OUT_DIR  (writes OUT_DIR/<target>/*)."""
import hashlib
import json
import pathlib
import re
import sys

SRC = pathlib.Path(sys.argv[1])
OUT = pathlib.Path(sys.argv[2])
TARGETS = ("registration", "validation", "event", "headers", "csv")
HEADER_SELECTORS = {"origin": 0, "key": 1, "bearer": 2, "content_type": 3, "token": 4, "reference": 5}


def write(target, data):
    if isinstance(data, str):
        data = data.encode("utf-8", "surrogateescape")
    name = hashlib.sha1(data).hexdigest()[:16]
    (OUT / target / name).write_bytes(data)


def json_files(*dirs):
    for d in dirs:
        for path in sorted((SRC / d).glob("*.json")):
            yield path


# --- string literals of the test tables -----------------------------------------------------

ESCAPE = re.compile(r'\\(x[0-9a-fA-F]{1,2}|[0-7]{1,3}|.)', re.S)
SIMPLE = {"n": "\n", "r": "\r", "t": "\t", "0": "\0", "\\": "\\", '"': '"', "'": "'", "a": "\a",
          "b": "\b", "f": "\f", "v": "\v", "?": "?"}


def unescape(body):
    def one(m):
        e = m.group(1)
        if e[0] == "x":
            return chr(int(e[1:], 16))
        if e[0] in "01234567" and e not in SIMPLE:
            return chr(int(e, 8) & 0xFF)
        return SIMPLE.get(e, e)
    return ESCAPE.sub(one, body)


def literals(path):
    text = path.read_text(encoding="utf-8", errors="surrogateescape")
    for m in re.finditer(r'R"([^(\s]*)\((.*?)\)\1"', text, re.S):
        yield m.group(2)
    without_raw = re.sub(r'R"([^(\s]*)\((.*?)\)\1"', "", text, flags=re.S)
    for m in re.finditer(r'"((?:[^"\\\n]|\\.)*)"', without_raw):
        yield unescape(m.group(1))


def test_literals():
    files = sorted((SRC / "tests/core").glob("*.cpp")) + sorted((SRC / "tests/server").glob("*.cpp"))
    for path in files:
        yield from literals(path)


# --- answers built from each form ------------------------------------------------------------

def sample_answer(field):
    kind = field.get("type")
    options = [o.get("value") for o in field.get("options", [])]
    if kind in ("text", "textarea"):
        return "Anna Svensson"
    if kind == "email":
        return "anna.svensson@example.se"
    if kind == "phone":
        return "070-123 45 67"
    if kind == "number":
        return str(field.get("min", 1))
    if kind == "date":
        return field.get("min_date", "2026-05-04")
    if kind in ("select", "radio"):
        return options[0] if options else "x"
    if kind == "checkbox_group":
        return options[: max(1, field.get("min_selected", 1))]
    if kind in ("checkbox", "consent"):
        return True
    if kind == "organisation":
        countries = field.get("countries", ["se", "dk"])
        return {"country": countries[0], "code": "0180" if countries[0] == "se" else "0101"}
    return None


def events_with_forms():
    forms = {}
    for path in json_files("shared/demo/forms", "tests/server/fixtures/forms"):
        form = json.loads(path.read_text(encoding="utf-8"))
        forms[form.get("id")] = form
    for path in json_files("shared/demo/events", "tests/server/fixtures/events"):
        event = json.loads(path.read_text(encoding="utf-8"))
        form = event.get("form")
        form = forms.get(form) if isinstance(form, str) else form
        yield event, form or {"fields": []}


def main():
    for t in TARGETS:
        (OUT / t).mkdir(parents=True, exist_ok=True)

    for path in json_files("shared/demo/events", "shared/demo/forms",
                           "tests/server/fixtures/events", "tests/server/fixtures/forms"):
        write("event", path.read_bytes())

    for n, (event, form) in enumerate(events_with_forms()):
        answers = {}
        consents = {}
        for field in form.get("fields", []):
            value = sample_answer(field)
            if value is not None:
                answers[field["id"]] = value
            if field.get("type") == "consent":
                consents[field["id"]] = field.get("consent_version", "1")
        payload = {"event": event["id"], "answers": answers, "locale": ("sv", "da", "en")[n % 3],
                   "consents": consents, "idempotency_key": "seed-key-%012d" % n, "fill_ms": 8000}
        write("registration", json.dumps(payload, ensure_ascii=False))
        # The optional members, both ways: a bot's filled honeypot, no fill time.
        bot = {k: v for k, v in payload.items() if k != "fill_ms"}
        bot["honeypot"] = "http://spam.example" if n % 2 else ""
        write("registration", json.dumps(bot, ensure_ascii=False))
        write("validation", json.dumps(payload, ensure_ascii=False))
        write("validation", json.dumps({"event": event["id"], "locale": "en", "answers": {}}))
        # Answers as people type or paste them: spaces and NBSP around the text.
        padded = {k: (" \u00a0" + v + "\u00a0 " if isinstance(v, str) else v) for k, v in answers.items()}
        write("validation", json.dumps(dict(payload, answers=padded), ensure_ascii=False))
        formula = dict(answers)
        for field in form.get("fields", []):
            if field.get("type") in ("text", "textarea"):
                formula[field["id"]] = '=HYPERLINK("http://x.example","a, \"b\"\r\nc")'
        row = {"reference": "DLT-AB12-CD34-EF56", "status": "confirmed", "locale": "sv",
               "created_at": 1780000000, "answers": answers, "sensitive_answers": answers,
               "consents": consents}
        waiting = dict(row, status="waitlisted", waitlist_position=3, waitlist_reason="full",
                       answers=formula, sensitive_answers=formula)
        write("csv", json.dumps({"event": event["id"], "sensitive": n % 2 == 0, "rows": [row, waiting]},
                                ensure_ascii=False))

    for lit in test_literals():
        if not lit or len(lit) > 4096:
            continue
        stripped = lit.lstrip()
        if stripped.startswith("{") or stripped.startswith("["):
            for t in ("registration", "event", "validation", "csv"):
                write(t, lit)
        elif len(lit) <= 600:
            write("csv", lit)
            # One header per literal (picked by its hash): all six would be 6x the seeds.
            selector = hashlib.sha1(lit.encode("utf-8", "surrogateescape")).digest()[0] % len(HEADER_SELECTORS)
            write("headers", chr(selector) + lit)

    headers = {"origin": ["https://kommun.example", "http://127.0.0.1:8080", "https://[::1]:8443"],
               "key": ["0123456789abcdef", "seed-key-000000000001", "a" * 64],
               "bearer": ["Bearer test-admin-token-0123456789", "Bearer abc.def~ghi+/="],
               "content_type": ["application/json", "Application/JSON; charset=UTF-8"],
               "token": ["0123456789abcdef" * 4],
               "reference": ["DLT-AB12-CD34-EF56", "/api/v1/registrations/DLT-AB12-CD34-EF56/cancel?x=1"]}
    # Each grammar's length limits, on both sides: an off-by-one is the likeliest slip.
    headers["key"] += ["k" * n for n in (15, 16, 64, 65)]
    headers["token"] += ["f" * n for n in (63, 64, 65)]
    headers["origin"] += ["https://" + "o" * n for n in (191, 192, 193)]
    headers["bearer"] += ["Bearer " + "t" * n for n in (1, 504, 505, 506)]
    for kind, values in headers.items():
        for v in values:
            write("headers", chr(HEADER_SELECTORS[kind]) + v)
            write("headers", chr(HEADER_SELECTORS[kind] | 0x80) + v)
    for t in TARGETS:
        print(f"{t}: {len(list((OUT / t).iterdir()))} seeds")


main()
