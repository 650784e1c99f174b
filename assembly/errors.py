"""Errors the services raise and every front end (CLI, API, web) maps the same way."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class FieldError:
    """One field-level problem: `field` is a dotted path ("organizer.iin"); its message in
    words is `assembly.i18n.field_error_message`."""

    field: str
    code: str  # required, invalid, checksum, unknown, not_after_start, positive_integer, ...
    params: Mapping[str, Any] = field(default_factory=dict)


class InvalidInput(Exception):
    """Input that is malformed or breaks a rule of form: HTTP 422, nothing stored."""

    def __init__(self, errors: list[FieldError]):
        super().__init__("; ".join(f"{e.field}: {e.code}" for e in errors))
        self.errors = errors


class TransitionNotAllowed(Exception):
    """The notice's state (or a guard) does not allow the trigger: HTTP 409."""

    def __init__(self, trigger: str, state: str, reason: str = ""):
        detail = f": {reason}" if reason else ""
        super().__init__(f"{trigger!r} is not allowed in state {state!r}{detail}")
        self.trigger = trigger
        self.state = state
        self.reason = reason


class Conflict(Exception):
    """A concurrent change won (optimistic lock, booking constraint): HTTP 409."""


class PlaceTaken(Conflict):
    """The place is held at that time by an assembly that may go ahead: HTTP 409.

    `params` say where and when (`place_id`, `taken_from`, `taken_until`: local ISO times),
    never by which notice, so that every audience may read them (services.privacy), and
    the trigger that wanted the place (`kind`): its message is the field error
    "place_taken" of assembly.i18n. The exception's own text names the `holders` (their
    references), for the log and the officers."""

    def __init__(self, params: Mapping[str, Any] | None = None, holders: Sequence[str] = ()):
        self.params = dict(params or {})
        where = self.params.get("place_id") or "the place"
        by = f" by {', '.join(holders)}" if holders else ""
        super().__init__(f"{where} is already held at that time{by}")


class NotFound(Exception):
    """An unknown reference, or one the actor may not see: HTTP 404."""


class Forbidden(Exception):
    """The actor's role may not do this: HTTP 403."""


class Throttled(Exception):
    """Too many wrong passwords for an account or a device: try again later (HTTP 429)."""

    def __init__(self, retry_after_seconds: int):
        super().__init__(f"try again in {retry_after_seconds} s")
        self.retry_after_seconds = retry_after_seconds
