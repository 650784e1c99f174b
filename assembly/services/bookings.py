"""Which notices hold a place at a time: the candidates of the place_occupied check."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import bindparam, select, true
from sqlalchemy.orm import Session

from assembly.draft import Booking
from assembly.models import GO_AHEAD_STATES, PENDING_STATES, Notice


def bookings_at(
    session: Session,
    place_id: str,
    starts_at: datetime,
    ends_at: datetime,
    *,
    exclude_id: int | None = None,
    go_ahead_only: bool = False,
) -> list[Booking]:
    """Go-ahead (and, unless told otherwise, pending) notices overlapping [start, end)."""
    query = select(
        Notice.reference,
        Notice.place_id,
        Notice.starts_at,
        Notice.ends_at,
        Notice.status,
        Notice.go_ahead,
        Notice.filed_at,
    ).where(
        Notice.place_id == place_id,
        Notice.starts_at < ends_at,
        Notice.ends_at > starts_at,
        Notice.status.in_(GO_AHEAD_STATES + PENDING_STATES),
    )
    if exclude_id is not None:
        query = query.where(Notice.id != exclude_id)
    if go_ahead_only:
        query = query.where(Notice.go_ahead.is_(true()))
    with session.no_autoflush:  # pending changes of the notice itself are not needed here
        rows = session.execute(query).all()
    return [
        Booking(
            reference=row.reference,
            place_id=row.place_id,
            starts_at=row.starts_at,
            ends_at=row.ends_at,
            go_ahead=bool(row.go_ahead),
            filed_at=row.filed_at,
        )
        for row in rows
    ]


# Built once: this check runs on every approval (half-open overlap, go-ahead rows only,
# read through the partial index ix_notices_go_ahead_place_ends). A Core statement on the
# table, run on the session's connection: no ORM compilation, no autoflush.
_NOTICES = Notice.__table__.c
_GO_AHEAD_OVERLAP = select(_NOTICES.reference).where(
    _NOTICES.place_id == bindparam("place_id"),
    _NOTICES.ends_at > bindparam("starts_at", type_=_NOTICES.ends_at.type),
    _NOTICES.starts_at < bindparam("ends_at", type_=_NOTICES.starts_at.type),
    _NOTICES.id != bindparam("notice_id"),
    _NOTICES.go_ahead.is_(true()),
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
