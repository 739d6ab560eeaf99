#!/usr/bin/env python3
"""A controllable SMTP server on loopback for the mail tests (Debian's python3-aiosmtpd).

    smtp_sink.py DIR

Writes DIR/port once it listens. Each DATA command takes the first line of DIR/script (if
any) and answers with it: "451" or "550" (refused, nothing kept), "hold" (waits 20 s, then 451:
the sender is killed meanwhile), or "250" (the default when the script is empty). Every answer
is appended to DIR/attempts; every accepted message is kept as DIR/mail-NNNN.eml with its
envelope recipient in DIR/mail-NNNN.rcpt. Runs until killed.
"""
import asyncio
import os
import socket
import sys
import time

from aiosmtpd.controller import Controller

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
        with open(base + ".eml.tmp", "wb") as f:
            f.write(envelope.original_content or envelope.content)
        os.replace(base + ".eml.tmp", base + ".eml")
        self.note("250")
        return "250 2.0.0 OK"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main():
    folder = sys.argv[1]
    port = free_port()
    controller = Controller(Sink(folder), hostname="127.0.0.1", port=port)
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
