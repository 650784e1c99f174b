"""Which notices hold a place at a time: the candidates of the place_occupied check."""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import cache
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Select,
    TextClause,
    bindparam,
    literal_column,
    select,
    text,
    true,
    union_all,
)
from sqlalchemy.orm import Session

from assembly.draft import Booking
from assembly.models import GO_AHEAD_STATES, PENDING_STATES, Notice
from assembly.models.notice import LONG_NOTICE, LONG_NOTICE_SQL
from assembly.services.direct import Direct

_N = Notice.__table__.c
# A notice of LONG_NOTICE or less that overlaps [start, end) starts after start minus
# LONG_NOTICE; a minute more, for the rounding of SQLite's day fractions (julianday).
_SHORT_REACH = LONG_NOTICE + timedelta(minutes=1)


def _states(states: tuple[str, ...]) -> list[ColumnElement[str]]:
    """Workflow states as SQL literals: an IN of bound values is expanded anew at every
    execution; these never change (names of the workflow: letters and underscores)."""
    assert all(state.replace("_", "").isalpha() and state.islower() for state in states)
    return [literal_column(f"'{state}'") for state in states]


@cache
def _bookings_query(dialect: str, exclude: bool, go_ahead_only: bool) -> Direct:
    """The overlap (half-open) at a place, in two bounded reads of the notices holding it:
    those of a day or less by their start (ix_notices_place_starts_ends_status), the long
    ones from their partial index (ix_notices_long_place_ends_starts_status, reached by
    the same condition). Built once per variant: no ORM compilation, no autoflush (run on
    the session's connection; pending changes of the notice itself are not needed here)."""
    long_notice = LONG_NOTICE_SQL[dialect]

    def part(*bounds: ColumnElement[bool] | TextClause) -> Select[Any]:
        query = select(
            _N.reference, _N.place_id, _N.starts_at, _N.ends_at, _N.go_ahead, _N.filed_at,
        ).where(
            _N.place_id == bindparam("place_id"),
            *bounds,
            _N.starts_at < bindparam("ends_at", type_=_N.starts_at.type),
            _N.ends_at > bindparam("starts_at", type_=_N.ends_at.type),
            _N.status.in_(_states(GO_AHEAD_STATES + PENDING_STATES)),
        )
        if exclude:
            query = query.where(_N.id != bindparam("exclude_id"))
        if go_ahead_only:
            query = query.where(_N.go_ahead.is_(true()))
        return query

    short = part(_N.starts_at > bindparam("reach", type_=_N.starts_at.type),
                 text(f"NOT ({long_notice})"))
    return Direct(union_all(short, part(text(long_notice))))


def bookings_at(
    session: Session | Connection,
    place_id: str,
    starts_at: datetime,
    ends_at: datetime,
    *,
    exclude_id: int | None = None,
    go_ahead_only: bool = False,
) -> list[Booking]:
    """Go-ahead (and, unless told otherwise, pending) notices overlapping [start, end),
    read on the session's connection or on a connection given (a read-only view's)."""
    params: dict[str, Any] = {"place_id": place_id, "starts_at": starts_at, "ends_at": ends_at,
                              "reach": starts_at - _SHORT_REACH}
    if exclude_id is not None:
        params["exclude_id"] = exclude_id
    connection = session if isinstance(session, Connection) else session.connection()
    query = _bookings_query(connection.dialect.name, exclude_id is not None, go_ahead_only)
    rows = query.all(connection, params)  # directly: inside the write lock when filing
    return [
        Booking(reference=reference, place_id=place, starts_at=start, ends_at=end,
                go_ahead=bool(go_ahead), filed_at=filed_at)
        for reference, place, start, end, go_ahead, filed_at in rows
    ]


# Built once: this check runs on every approval (half-open overlap, go-ahead rows only,
# read through the partial index ix_notices_go_ahead_place_ends). A Core statement on the
# table, run on the session's connection: no ORM compilation, no autoflush.
_GO_AHEAD_OVERLAP = select(_N.reference).where(
    _N.place_id == bindparam("place_id"),
    _N.ends_at > bindparam("starts_at", type_=_N.ends_at.type),
    _N.starts_at < bindparam("ends_at", type_=_N.starts_at.type),
    _N.id != bindparam("notice_id"),
    _N.go_ahead.is_(true()),
)


def go_ahead_conflicts(session: Session, notice: Notice) -> list[str]:
    """References of go-ahead notices overlapping this one at its place (booking integrity).

    Pending changes of the session are not flushed first: the notice's own are not needed.
    """
    if notice.place_id is None:
        return []
    params = {"place_id": notice.place_id, "starts_at": notice.starts_at,
              "ends_at": notice.ends_at, "notice_id": notice.id}
    return list(session.connection().scalars(_GO_AHEAD_OVERLAP, params))
