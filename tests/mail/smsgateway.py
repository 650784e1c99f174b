"""A fake HTTP SMS gateway on loopback: records what it accepts, and can be told to fail
the next requests (503) or to stop answering, to test the outbox's retries."""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass(frozen=True)
class Texted:
    """One SMS the gateway accepted."""

    to: str
    text: str
    id: str
    idempotency_key: str | None
    possible_duplicate: bool


class FakeSmsGateway:
    """POST / with JSON {to, text, sender, id}; 200 accepted, 503 while failing."""

    def __init__(self) -> None:
        self.accepted: list[Texted] = []
        self.failures_left = 0
        self.attempts = 0
        self.lock = threading.Lock()
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - the http.server name
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                with gateway.lock:
                    gateway.attempts += 1
                    failing = gateway.failures_left > 0
                    if failing:
                        gateway.failures_left -= 1
                    else:
                        gateway.accepted.append(Texted(
                            body["to"], body["text"], body["id"],
                            self.headers.get("Idempotency-Key"),
                            self.headers.get("X-Possible-Duplicate") == "yes"))
                self.send_response(503 if failing else 200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *_args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def fail_next(self, count: int) -> None:
        with self.lock:
            self.failures_left = count
