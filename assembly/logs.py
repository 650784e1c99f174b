"""Logs as JSON lines, each carrying the request id of what it was written for.

A web request takes its id from a valid `X-Request-ID` header (a proxy's) or makes one; a
scheduler job makes one per run. Messages queued while handling it keep the id, and the
e-mail sent for them carries it (`X-Request-ID`), so one id follows a filing from the
request through the outbox to the mail server's log.
"""

from __future__ import annotations

import json
import logging
import os
import re
import secrets
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime

_request_id: ContextVar[str | None] = ContextVar("assembly_request_id", default=None)
# What a proxy may hand us: short, and nothing a log line or a mail header could misread.
VALID_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def new_request_id(prefix: str = "") -> str:
    """A fresh random id (128 bits, hex), after an optional prefix naming a job."""
    return f"{prefix}{secrets.token_hex(16)}"


def request_id_from(header: str | None) -> str:
    """The id a proxy sent, when it is a plain token of 8 to 64 characters; else a new one."""
    return header if header and VALID_ID.match(header) else new_request_id()


def current_request_id() -> str | None:
    """The id of the request or job being handled in this context, if any."""
    return _request_id.get()


def set_request_id(value: str | None) -> object:
    """Make `value` the current id; the token undoes it (`reset_request_id`)."""
    return _request_id.set(value)


def reset_request_id(token: object) -> None:
    """Put back the id that was current before `set_request_id`."""
    _request_id.reset(token)  # type: ignore[arg-type]


@contextmanager
def request_id(value: str) -> Iterator[str]:
    """The id current for a block (a scheduler job's run)."""
    token = _request_id.set(value)
    try:
        yield value
    finally:
        _request_id.reset(token)


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request_id, and any
    `extra` fields given to the call; an exception's traceback as `exc`."""

    RESERVED = frozenset(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {
        "message", "asctime", "taskName"}

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None) or current_request_id(),
        }
        entry.update({k: v for k, v in vars(record).items()
                      if k not in self.RESERVED and k not in entry})
        if record.exc_info:
            entry["exc"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def log_format() -> str:
    """ASSEMBLY_LOG_FORMAT: `json` (the default) or `text`."""
    value = (os.environ.get("ASSEMBLY_LOG_FORMAT") or "json").strip().lower()
    if value not in ("json", "text"):
        raise ValueError("ASSEMBLY_LOG_FORMAT is json or text")
    return value


def formatter() -> logging.Formatter:
    """The formatter of ASSEMBLY_LOG_FORMAT."""
    if log_format() == "json":
        return JsonFormatter()
    return logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")


def configure(level: int = logging.INFO) -> None:
    """Send the root logger's records to stderr in ASSEMBLY_LOG_FORMAT (servers, scheduler)."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(formatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
