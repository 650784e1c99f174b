"""Which notices hold a place at a time: the candidates of the place_occupied check."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Connection, Select, select, text, true, union_all
from sqlalchemy.orm import Session

from assembly.models import GO_AHEAD_STATES, PENDING_STATES, Notice
from assembly.models.notice import LONG_NOTICE, LONG_NOTICE_SQL
from assembly.notices.draft import Booking

# A notice of LONG_NOTICE or less that overlaps [start, end) starts after start minus
# LONG_NOTICE; a minute more, for the rounding of SQLite's day fractions (julianday).
_SHORT_REACH = LONG_NOTICE + timedelta(minutes=1)
_HOLDING = GO_AHEAD_STATES + PENDING_STATES


def _overlapping(dialect: str, place_id: str, starts_at: datetime, ends_at: datetime,
                 *where: ColumnElement[bool]) -> Select[Any]:
    """The notices at a place overlapping [start, end) (half-open), in two bounded reads:
    those of a day or less by their start (ix_notices_place_starts_ends_status), the long
    ones from their partial index (ix_notices_long_place_ends_starts_status, reached by
    the same condition, word for word)."""
    long_notice = LONG_NOTICE_SQL[dialect]

    def part(*bounds: Any) -> Select[Any]:
        return select(
            Notice.reference, Notice.place_id, Notice.starts_at, Notice.ends_at,
            Notice.go_ahead, Notice.filed_at,
        ).where(
            Notice.place_id == place_id, *bounds, Notice.starts_at < ends_at,
            Notice.ends_at > starts_at, *where,
        )

    short = part(Notice.starts_at > starts_at - _SHORT_REACH, text(f"NOT ({long_notice})"))
    return union_all(short, part(text(long_notice)))  # type: ignore[return-value]


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
    where = [Notice.status.in_(_HOLDING)]
    if exclude_id is not None:
        where.append(Notice.id != exclude_id)
    if go_ahead_only:
        where.append(Notice.go_ahead.is_(true()))
    dialect = session.get_bind().dialect.name if isinstance(session, Session) \
        else session.dialect.name
    rows = session.execute(_overlapping(dialect, place_id, starts_at, ends_at, *where))
    return [
        Booking(reference=reference, place_id=place, starts_at=start, ends_at=end,
                go_ahead=bool(go_ahead), filed_at=filed_at)
        for reference, place, start, end, go_ahead, filed_at in rows
    ]


_N = Notice.__table__.c


def go_ahead_conflicts(session: Session, notice: Notice) -> list[Booking]:
    """Other go-ahead notices overlapping this one at its place (booking integrity,
    DESIGN.md), earliest filed first, as flushed (services.transitions flushes the
    transaction's earlier changes first). A Core read of the table (every approval runs
    it) through the partial index ix_notices_go_ahead_place_ends_starts: the
    "go_ahead IS 1/true" term matches it."""
    if notice.place_id is None:
        return []
    rows = session.execute(
        select(_N.reference, _N.starts_at, _N.ends_at, _N.filed_at).where(
            _N.place_id == notice.place_id,
            _N.ends_at > notice.starts_at,
            _N.starts_at < notice.ends_at,
            _N.id != notice.id,
            _N.go_ahead.is_(true()),
        ).order_by(_N.filed_at, _N.id)
    )
    return [Booking(reference=reference, place_id=notice.place_id, starts_at=start,
                    ends_at=end, go_ahead=True, filed_at=filed_at)
            for reference, start, end, filed_at in rows]
