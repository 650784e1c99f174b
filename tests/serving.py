"""`assembly serve` as a real process for the tests, a shared Redis, and plain HTTP to it.

Redis: ASSEMBLY_TEST_REDIS_URL (default redis://127.0.0.1:6379/0), each user under a key
prefix of its own. Without a Redis the tests that need one are skipped; with CI set they
fail instead (CI must run them).
"""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from tests.mailserver import wait_until
from tests.processes import Process

REDIS_URL = os.environ.get("ASSEMBLY_TEST_REDIS_URL") or "redis://127.0.0.1:6379/0"


def free_port() -> int:
    """A TCP port nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def listening(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


@contextmanager
def redis_key_prefix() -> Iterator[str]:
    """A key prefix of its own in the test Redis, its keys deleted afterwards."""
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.RedisError as exc:
        reason = f"no Redis answers at {REDIS_URL} ({exc})"
        if os.environ.get("CI", "").lower() not in ("", "0", "false"):
            pytest.fail(f"{reason}: CI must run the Redis tests", pytrace=False)
        pytest.skip(reason)
    prefix = f"assembly-test-{uuid.uuid4().hex[:12]}"
    try:
        yield prefix
    finally:
        for key in client.scan_iter(f"{prefix}:*"):
            client.delete(key)
        client.close()


class Http:
    """Requests to a server, no redirects followed; cookies kept by hand."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.cookies: dict[str, str] = {}

    def request(self, path: str, data: dict[str, str] | None = None, body: Any = None,
                headers: dict[str, str] | None = None) -> tuple[int, str]:
        headers = {"Accept-Language": "en", **(headers or {})}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        payload = None
        if data is not None:
            payload = urllib.parse.urlencode(data).encode()
        elif body is not None:
            payload, headers["Content-Type"] = json.dumps(body).encode(), "application/json"
        request = urllib.request.Request(self.base + path, data=payload, headers=headers)
        opener = urllib.request.build_opener(_NoRedirect)
        try:
            with opener.open(request, timeout=60) as response:
                status, text, sent = response.status, response.read().decode(), response.headers
        except urllib.error.HTTPError as exc:
            status, text, sent = exc.code, exc.read().decode(), exc.headers
        for cookie in sent.get_all("Set-Cookie") or []:
            name, _, rest = cookie.partition("=")
            self.cookies[name] = rest.split(";", 1)[0]
        return status, text

    def form(self, page: str, path: str, fields: dict[str, str]) -> int:
        """Submit a form with the CSRF token of `page` (read first, as a browser would)."""
        _, text = self.request(page)
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', text)
        assert token, text[:500]
        return self.request(path, {**fields, "csrf_token": token.group(1)})[0]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


@contextmanager
def serving(env: dict[str, str], log: Path, workers: int = 2) -> Iterator[str]:
    """`assembly serve --workers N` on a free port until the block ends: its base URL."""
    port = free_port()
    server = Process(["serve", "--port", str(port), "--workers", str(workers)], env, log)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until(lambda: Http(base).request("/healthz")[0] == 200 if listening(port)
                   else False, 60, server.text)
        yield base
    finally:
        server.stop(signal.SIGINT)  # gunicorn's quick shutdown: nothing is left to finish
    assert server.text().count("Booting worker") >= workers
