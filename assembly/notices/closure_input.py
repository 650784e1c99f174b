"""Validation of a closure as officers record it (API.md `POST /closures`): untrusted JSON
in, a ClosureInput out, or every field error at once (HTTP 422)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from assembly.errors import InvalidInput
from assembly.notices.validation import KnowsIds
from assembly.notices.validation import _Parser as Parser

CLOSURE_FIELDS = ("place", "starts_at", "ends_at", "kind", "reason", "source")
MAX_REASON = 2000
MAX_SOURCE = 300


@dataclass(frozen=True)
class ClosureInput:
    """A special place or route closed from `starts_at` to `ends_at`, why, and on what act."""

    place_id: str
    starts_at: datetime  # aware UTC
    ends_at: datetime
    kind: str
    reason: str
    source: str


def parse_closure(data: Any, ids: KnowsIds, kinds: Iterable[str]) -> ClosureInput:
    """Read a closure; InvalidInput lists every problem (nothing is stored)."""
    parser = Parser(ids)
    body = parser.object(data, "", CLOSURE_FIELDS)
    if body is None:
        raise InvalidInput(parser.errors)
    place = parser.known(body, "place", "", ids.known_places)
    starts_at = parser.instant(body.get("starts_at"), "starts_at")
    ends_at = parser.instant(body.get("ends_at"), "ends_at")
    if starts_at is not None and ends_at is not None and ends_at <= starts_at:
        parser.add("ends_at", "not_after_start")
    allowed = tuple(kinds)
    kind = body.get("kind", allowed[0] if allowed else None)
    if kind not in allowed:
        parser.add("kind", "invalid_choice", choices=", ".join(allowed))
    reason = parser.text(body, "reason", "", MAX_REASON, lines=True)
    source = parser.text(body, "source", "", MAX_SOURCE)
    if parser.errors or None in (place, starts_at, ends_at, reason, source):
        raise InvalidInput(parser.errors)
    return ClosureInput(place, starts_at, ends_at, str(kind), reason, source)  # type: ignore[arg-type]
