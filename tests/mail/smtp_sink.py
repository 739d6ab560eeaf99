#!/usr/bin/env python3
"""A controllable SMTP server on loopback for the mail tests (Debian's python3-aiosmtpd).

    smtp_sink.py DIR [--starttls] [--login USER:PASSWORD]

Writes DIR/port once it listens. Each DATA command takes the first line of DIR/script (if
any) and answers with it: "451" or "550" (refused, nothing kept), "hold" (waits 20 s, then 451:
the sender is killed meanwhile), or "250" (the default when the script is empty). Every answer
is appended to DIR/attempts; every accepted message is kept as DIR/mail-NNNN.eml with its
envelope recipient in DIR/mail-NNNN.rcpt and how it came in DIR/mail-NNNN.session ("tls" or
"plain", then "login USER" or "anonymous"). Runs until killed.

--starttls makes a throwaway self-signed certificate for 127.0.0.1 (openssl, Debian's) as
DIR/cert.pem, offers STARTTLS with it and refuses MAIL before it. --login requires AUTH
(PLAIN or LOGIN, only after STARTTLS) with that user and password; every AUTH's outcome is
appended to DIR/logins ("ok USER" or "refused USER").
"""
import asyncio
import os
import socket
import ssl
import subprocess
import sys
import time

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

HOLD_SECONDS = 20


class Sink:
    def __init__(self, folder):
        self.folder = folder
        self.count = 0

    def next_action(self):
        path = os.path.join(self.folder, "script")
        try:
            with open(path) as f:
                lines = [l.strip() for l in f if l.strip()]
        except FileNotFoundError:
            return "250"
        if not lines:
            return "250"
        with open(path + ".tmp", "w") as f:
            f.write("\n".join(lines[1:]) + ("\n" if len(lines) > 1 else ""))
        os.replace(path + ".tmp", path)
        return lines[0]

    def note(self, answer):
        with open(os.path.join(self.folder, "attempts"), "a") as f:
            f.write(answer + "\n")

    async def handle_DATA(self, server, session, envelope):
        action = self.next_action()
        if action == "hold":
            self.note("hold")
            await asyncio.sleep(HOLD_SECONDS)
            return "451 4.3.0 held too long"
        if action.startswith("4") or action.startswith("5"):
            self.note(action)
            return action + (" 4.3.0 try again later" if action.startswith("4") else " 5.1.1 mailbox unavailable")
        self.count += 1
        base = os.path.join(self.folder, "mail-%04d" % self.count)
        with open(base + ".rcpt", "w") as f:
            f.write("\n".join(envelope.rcpt_tos))
        with open(base + ".session", "w") as f:
            login = session.auth_data.login.decode() if isinstance(session.auth_data, LoginPassword) else None
            f.write(("tls" if session.ssl else "plain") + "\n" + ("login " + login if login else "anonymous") + "\n")
        with open(base + ".eml.tmp", "wb") as f:
            f.write(envelope.original_content or envelope.content)
        os.replace(base + ".eml.tmp", base + ".eml")
        self.note("250")
        return "250 2.0.0 OK"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def self_signed_context(folder):
    cert, key = os.path.join(folder, "cert.pem"), os.path.join(folder, "key.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                    "-keyout", key, "-out", cert, "-days", "2", "-subj", "/CN=smtp.deltag.test",
                    "-addext", "subjectAltName=IP:127.0.0.1"], check=True, capture_output=True)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    return context


class Login:
    """aiosmtpd's authenticator: one user, one password; every attempt is noted."""

    def __init__(self, folder, user_password):
        self.folder = folder
        self.user, _, self.password = user_password.partition(":")

    def __call__(self, server, session, envelope, mechanism, auth_data):
        ok = (isinstance(auth_data, LoginPassword) and auth_data.login.decode() == self.user and
              auth_data.password.decode() == self.password)
        name = auth_data.login.decode() if isinstance(auth_data, LoginPassword) else "?"
        with open(os.path.join(self.folder, "logins"), "a") as f:
            f.write(("ok " if ok else "refused ") + name + "\n")
        return AuthResult(success=ok, handled=False, auth_data=auth_data)


def main():
    folder = sys.argv[1]
    options = {}
    if "--starttls" in sys.argv:
        options.update(tls_context=self_signed_context(folder), require_starttls=True)
    if "--login" in sys.argv:
        options.update(authenticator=Login(folder, sys.argv[sys.argv.index("--login") + 1]), auth_required=True,
                       auth_require_tls=True)
    port = free_port()
    controller = Controller(Sink(folder), hostname="127.0.0.1", port=port, **options)
    controller.start()
    with open(os.path.join(folder, "port.tmp"), "w") as f:
        f.write(str(port))
    os.replace(os.path.join(folder, "port.tmp"), os.path.join(folder, "port"))
    try:
        while True:
            time.sleep(3600)
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
