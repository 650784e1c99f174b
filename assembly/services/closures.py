"""Closures of special places and routes (Art. 14(1)(10), works limb): officers record them,
the precheck finds them (`place_closed`), and the public sees "closed", nothing more.

A closure's reason, source and author are internal: the occupancy calendar, the map and
`GET /closures` show the place, the period and the word "closed" only.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Connection, select
from sqlalchemy.orm import Session

from assembly.actors import Actor
from assembly.errors import FieldError, InvalidInput
from assembly.models import Closure
from assembly.notices.closure_input import parse_closure
from assembly.notices.draft import Closure as ClosedPlace
from assembly.services.law import Law, default_law

MAX_ROWS = 5000


@dataclass(frozen=True)
class PublishedClosure:
    """A closure as anyone may read it: where and when, and no internal detail."""

    key: str  # random, a calendar UID
    place_id: str
    starts_at: datetime
    ends_at: datetime

    def as_dict(self) -> dict[str, Any]:
        """The API's closure entry (API.md `GET /closures`)."""
        return {"place": self.place_id, "starts_at": self.starts_at.isoformat(),
                "ends_at": self.ends_at.isoformat(), "status": "closed"}


def record_closure(
    session: Session, data: Any, *, actor: Actor, now: datetime, law: Law | None = None
) -> Closure:
    """An officer records a closure of a special place or route in force at its start."""
    law = law or default_law()
    rules = law.at_instant(now)
    given = parse_closure(data, law.rulebook, rules.closure_kinds)
    on = law.at_instant(given.starts_at)
    if given.place_id not in on.places:  # designated at another time, not then
        raise InvalidInput([FieldError("place", "not_designated", {"value": given.place_id})])
    if given.kind not in on.closure_kinds:
        raise InvalidInput([FieldError("kind", "invalid_choice",
                                       {"choices": ", ".join(on.closure_kinds)})])
    closure = Closure(
        key=secrets.token_hex(12), place_id=given.place_id, starts_at=given.starts_at,
        ends_at=given.ends_at, kind=given.kind, reason=given.reason, source=given.source,
        recorded_by=actor.user_id, created_at=now,
    )
    session.add(closure)
    session.flush()
    return closure


def closures_at(
    session: Session | Connection, place_id: str, starts_at: datetime, ends_at: datetime
) -> list[ClosedPlace]:
    """The closures of a place overlapping [starts_at, ends_at) (half-open)."""
    rows = session.execute(
        select(Closure.place_id, Closure.starts_at, Closure.ends_at, Closure.kind).where(
            Closure.place_id == place_id, Closure.starts_at < ends_at,
            Closure.ends_at > starts_at,
        )
    )
    return [ClosedPlace(place, start, end, kind) for place, start, end, kind in rows]


def _period(start: date, end: date, law: Law | None) -> list[ColumnElement[bool]]:
    """Closures overlapping the local days `start` to `end` inclusive."""
    if end < start:
        raise ValueError("the end of the period is before its start")
    calendar = (law or default_law()).calendar
    # 23:59:59 the day before (on the first date there is, that day's own end)
    before = calendar.end_of_local_day(start - timedelta(days=1) if start > date.min else start)
    return [Closure.starts_at <= calendar.end_of_local_day(end), Closure.ends_at > before]


def published_closures(
    session: Session, start: date, end: date, place_id: str | None = None,
    law: Law | None = None,
) -> list[PublishedClosure]:
    """Closures overlapping the local days `start` to `end` inclusive, earliest first."""
    query = (
        select(Closure.key, Closure.place_id, Closure.starts_at, Closure.ends_at)
        .where(*_period(start, end, law))
        .order_by(Closure.starts_at, Closure.place_id, Closure.id)
        .limit(MAX_ROWS)
    )
    if place_id is not None:
        query = query.where(Closure.place_id == place_id)
    return [PublishedClosure(*row) for row in session.execute(query)]


def closed_on(session: Session, day: date, law: Law | None = None) -> set[str]:
    """The places closed at some time of a local day (the map marks them)."""
    return {c.place_id for c in published_closures(session, day, day, law=law)}


def recorded_closures(session: Session, start: date, end: date, law: Law | None = None
                      ) -> list[Closure]:
    """The officers' list: the period's closures with their reason and source."""
    return list(session.scalars(
        select(Closure).where(*_period(start, end, law))
        .order_by(Closure.starts_at, Closure.place_id, Closure.id).limit(MAX_ROWS)
    ))
