"""Which notices hold a place at a time: the candidates of the place_occupied check."""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import cache
from typing import Any

from sqlalchemy import (
    CompoundSelect,
    Connection,
    Select,
    bindparam,
    select,
    text,
    true,
    union_all,
)
from sqlalchemy.orm import Session

from assembly.models import GO_AHEAD_STATES, PENDING_STATES, Notice
from assembly.models.notice import LONG_NOTICE, LONG_NOTICE_SQL
from assembly.notices.draft import Booking

# A notice of LONG_NOTICE or less that overlaps [start, end) starts after start minus
# LONG_NOTICE; a minute more, for the rounding of SQLite's day fractions (julianday).
_SHORT_REACH = LONG_NOTICE + timedelta(minutes=1)
_HOLDING = GO_AHEAD_STATES + PENDING_STATES
_N = Notice.__table__.c


def _at(name: str, column: Any) -> Any:
    """A bound parameter typed as the column it is compared with (DESIGN.md "Typed
    parameters": PostgreSQL then uses the index)."""
    return bindparam(name, type_=column.type)


@cache
def _overlapping(dialect: str, exclude: bool, go_ahead_only: bool) -> CompoundSelect:
    """The notices at a place overlapping [start, end) (half-open), in two bounded reads:
    those of a day or less by their start (ix_notices_place_starts_ends_status), the long
    ones from their partial index (ix_notices_long_place_ends_starts_status, reached by
    the same condition, word for word). Built once per variant: every precheck, filing
    and refusal runs it."""
    long_notice = LONG_NOTICE_SQL[dialect]

    def part(*bounds: Any) -> Select[Any]:
        query = select(
            _N.reference, _N.place_id, _N.starts_at, _N.ends_at, _N.go_ahead, _N.filed_at,
        ).where(
            _N.place_id == _at("place_id", _N.place_id), *bounds,
            _N.starts_at < _at("ends_at", _N.starts_at),
            _N.ends_at > _at("starts_at", _N.ends_at),
            _N.status.in_(_HOLDING),
        )
        if exclude:
            query = query.where(_N.id != _at("exclude_id", _N.id))
        if go_ahead_only:
            query = query.where(_N.go_ahead.is_(true()))
        return query

    short = part(_N.starts_at > _at("reach", _N.starts_at), text(f"NOT ({long_notice})"))
    return union_all(short, part(text(long_notice)))


def bookings_at(
    session: Session | Connection,
    place_id: str,
    starts_at: datetime,
    ends_at: datetime,
    *,
    exclude_id: int | None = None,
    go_ahead_only: bool = False,
) -> list[Booking]:
    """Go-ahead (and, unless told otherwise, pending) notices overlapping [start, end)."""
    dialect = session.get_bind().dialect.name if isinstance(session, Session) \
        else session.dialect.name
    params: dict[str, Any] = {"place_id": place_id, "starts_at": starts_at, "ends_at": ends_at,
                              "reach": starts_at - _SHORT_REACH}
    if exclude_id is not None:
        params["exclude_id"] = exclude_id
    query = _overlapping(dialect, exclude_id is not None, go_ahead_only)
    return [
        Booking(reference=reference, place_id=place, starts_at=start, ends_at=end,
                go_ahead=bool(go_ahead), filed_at=filed_at)
        for reference, place, start, end, go_ahead, filed_at in session.execute(query, params)
    ]


# Built once: every approval and deemed acceptance runs it, through the partial index
# ix_notices_go_ahead_place_ends_starts (the "go_ahead IS 1/true" term matches it).
_GO_AHEAD_OVERLAP = select(_N.reference, _N.starts_at, _N.ends_at, _N.filed_at).where(
    _N.place_id == _at("place_id", _N.place_id),
    _N.ends_at > _at("starts_at", _N.ends_at),
    _N.starts_at < _at("ends_at", _N.starts_at),
    _N.id != _at("notice_id", _N.id),
    _N.go_ahead.is_(true()),
).order_by(_N.filed_at, _N.id)


def go_ahead_conflicts(session: Session, notice: Notice) -> list[Booking]:
    """Other go-ahead notices overlapping this one at its place (booking integrity,
    DESIGN.md), earliest filed first, as flushed (services.transitions flushes the
    transaction's earlier changes first)."""
    if notice.place_id is None:
        return []
    rows = session.execute(_GO_AHEAD_OVERLAP, {
        "place_id": notice.place_id, "starts_at": notice.starts_at,
        "ends_at": notice.ends_at, "notice_id": notice.id})
    return [Booking(reference=reference, place_id=notice.place_id, starts_at=start,
                    ends_at=end, go_ahead=True, filed_at=filed_at)
            for reference, start, end, filed_at in rows]
