"""The one source of "now": aware UTC datetimes; ASSEMBLY_NOW pins it.

Nothing else in the project may call datetime.now(): services and jobs take `now`
as an argument, and the callers get it from here.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

_pinned: datetime | None = None


def parse_instant(text: str) -> datetime:
    """Parse an ISO 8601 instant that carries an offset; return it in UTC. ValueError when it
    is none, has no offset, or lies outside the calendar once in UTC (0001-01-01T00:00+14:00)."""
    value = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    if value.tzinfo is None:
        raise ValueError(f"an instant needs an offset: {text!r}")
    try:
        return value.astimezone(UTC)
    except OverflowError:
        raise ValueError(f"an instant outside the calendar: {text!r}") from None


def now() -> datetime:
    """Now, as an aware UTC datetime: pinned, else ASSEMBLY_NOW, else the system clock."""
    if _pinned is not None:
        return _pinned
    env = os.environ.get("ASSEMBLY_NOW")
    if env:
        return parse_instant(env)
    return datetime.now(UTC)


def system_now() -> datetime:
    """The system clock, never pinned: for timers (the scheduler's triggers), not for the law."""
    return datetime.now(UTC)


def set_now(value: datetime | None) -> None:
    """Pin the clock to `value` (aware), or unpin it with None."""
    global _pinned
    if value is not None and value.tzinfo is None:
        raise ValueError("the clock takes aware datetimes only")
    _pinned = value.astimezone(UTC) if value is not None else None


@contextmanager
def frozen(value: datetime) -> Iterator[None]:
    """Pin the clock for the duration of a block (demo generator, tests)."""
    previous = _pinned
    set_now(value)
    try:
        yield
    finally:
        set_now(previous)
