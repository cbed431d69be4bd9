"""A local SMTP server (aiosmtpd) that counts, per recipient, what it receives (and keeps
the messages if asked): the benchmark's and the tests' mail provider. It offers PIPELINING
(RFC 2920) unless told not to, as most mail providers do; aiosmtpd reads commands one line
at a time, so pipelined commands work, it just does not say so itself."""

from __future__ import annotations

import email
import email.policy
import socket
import threading
from collections import Counter

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class SinkHandler:
    def __init__(self, keep_messages: bool = True, pipelining: bool = True):
        self.keep_messages = keep_messages
        self.pipelining = pipelining
        self.lock = threading.Lock()
        self.recipients: Counter[str] = Counter()
        self.received = 0  # e-mails, duplicates included
        self.messages: list[email.message.EmailMessage] = []
        # Set by a test: called with the number of the message being received, before the
        # server answers; it may block (to kill the sender while it waits for the answer).
        self.on_message = None

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        session.host_name = hostname
        if self.pipelining:
            responses.insert(-1, "250-PIPELINING")
        return responses

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.recipients.update(envelope.rcpt_tos)
            self.received += len(envelope.rcpt_tos)
            number = self.received
            if self.keep_messages:
                self.messages.append(
                    email.message_from_bytes(envelope.content, policy=email.policy.default)
                )
        if self.on_message is not None:
            self.on_message(number)
        return "250 Message accepted"


class SmtpSink:
    def __init__(
        self, keep_messages: bool = True, port: int | None = None, pipelining: bool = True
    ):
        self.handler = SinkHandler(keep_messages, pipelining)
        self.port = port or free_port()
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)

    def start(self) -> SmtpSink:
        self.controller.start()
        return self

    def stop(self) -> None:
        self.controller.stop()

    @property
    def messages(self):
        return self.handler.messages

    @property
    def recipients(self) -> Counter[str]:
        return self.handler.recipients

    def to(self, address: str):
        return [m for m in self.messages if address in m["To"]]
