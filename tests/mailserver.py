"""A real SMTP server on loopback (aiosmtpd) that the tests start, stop, and script."""

from __future__ import annotations

import os
import signal
import socket
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Received:
    """One message the server accepted."""

    recipients: list[str]
    message: EmailMessage

    @property
    def subject(self) -> str:
        return str(self.message["Subject"])

    @property
    def message_id(self) -> str:
        return str(self.message["Message-ID"])

    def part(self, subtype: str) -> str:
        """The text/plain or text/html part, decoded, with the wire's CRLF as newlines."""
        body = self.message.get_body(preferencelist=(subtype,))
        assert body is not None, f"no text/{subtype} part"
        return body.get_content().replace("\r\n", "\n")


class _Handler:
    def __init__(self, server: MailServer) -> None:
        self.server = server

    async def handle_DATA(self, _server: Any, _session: Any, envelope: Any) -> str:
        answer = self.server.answer(list(envelope.rcpt_tos))
        if answer is not None:
            return answer
        parsed = message_from_bytes(envelope.original_content or envelope.content,
                                    policy=policy.default)
        with self.server.lock:
            self.server.received.append(Received(list(envelope.rcpt_tos), parsed))  # type: ignore[arg-type]
            victim, self.server.kill_on_accept = self.server.kill_on_accept, None
        if victim is not None:
            # The sender dies after the server took the message and before it hears "250".
            os.kill(victim, signal.SIGKILL)
        return "250 OK"


class MailServer:
    """aiosmtpd on 127.0.0.1: collects messages; can refuse or kill its client on cue."""

    def __init__(self) -> None:
        self.port = free_port()
        self.received: list[Received] = []
        self.lock = threading.Lock()
        self.controller: Controller | None = None
        self.answers: list[str] = []  # scripted answers to DATA, used up one by one
        self.refused: dict[str, str] = {}  # recipient -> the answer every message to it gets
        self.kill_on_accept: int | None = None  # a pid to SIGKILL once a message is taken

    def start(self) -> None:
        """Listen (again) on the same port."""
        if self.controller is None:
            self.controller = Controller(_Handler(self), hostname="127.0.0.1", port=self.port)
            self.controller.start()

    def stop(self) -> None:
        """Stop listening: connections are refused."""
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    def answer(self, recipients: list[str]) -> str | None:
        with self.lock:
            for recipient in recipients:
                if recipient in self.refused:
                    return self.refused[recipient]
            return self.answers.pop(0) if self.answers else None

    def messages(self) -> list[Received]:
        """What the server accepted so far."""
        with self.lock:
            return list(self.received)

    def copies(self) -> Counter[str]:
        """How many times each Message-ID arrived."""
        return Counter(r.message_id for r in self.messages())

    def wait_for(self, count: int, timeout: float = 20) -> list[Received]:
        """Wait until at least `count` messages arrived."""
        wait_until(lambda: len(self.messages()) >= count, timeout,
                   lambda: f"{len(self.messages())} of {count} messages")
        return self.messages()


def wait_until(
    condition: Callable[[], Any], timeout: float, describe: Callable[[], str] = lambda: ""
) -> Any:
    """Poll `condition` every 50 ms until it is true; fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s: {describe()}")
        time.sleep(0.05)
