"""What officers read: the queue of pending notices by legal deadline, the organizer's record,
a search for notices, the record checked again today, and free slots to propose."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import and_, case, or_, select
from sqlalchemy.orm import Session

from assembly.law.rulebook import RulesNotInForce
from assembly.models import PENDING_STATES, Notice
from assembly.notices.findings import Precheck
from assembly.notices.slots import Slot, permitted_window, places_for, suggest_slots
from assembly.services.bookings import bookings_at
from assembly.services.filing import check_draft, notice_draft
from assembly.services.law import Law
from assembly.services.paging import PER_PAGE, Paged, page_of

POINT = "point"  # the place filter of pickets held at a point


@dataclass(frozen=True)
class QueueFilters:
    """What the queue shows: pending notices, optionally of one status, form, place, period."""

    status: str | None = None  # one of PENDING_STATES
    form: str | None = None
    place: str | None = None  # a site or route id, or POINT
    event_from: date | None = None
    event_to: date | None = None


def _conditions(filters: QueueFilters) -> list:  # type: ignore[type-arg]
    wanted = (filters.status,) if filters.status in PENDING_STATES else PENDING_STATES
    where = [Notice.status.in_(wanted)]
    if filters.form:
        where.append(Notice.form == filters.form)
    if filters.place == POINT:
        where.append(Notice.place_kind == POINT)
    elif filters.place:
        where.append(Notice.place_id == filters.place)
    if filters.event_from:
        where.append(Notice.event_date >= filters.event_from)
    if filters.event_to:
        where.append(Notice.event_date <= filters.event_to)
    return where


def pending_queue(
    session: Session, filters: QueueFilters, *, now: datetime, page: int = 1,
    per_page: int = PER_PAGE,
) -> Paged[Notice]:
    """Pending notices, overdue first, then by decision due (soonest first)."""
    where = _conditions(filters)
    # A notice waiting for the organizer's answer to a proposal is not the akimat's delay.
    late = and_(Notice.status != "change_proposed", Notice.decision_due < now)
    query = (select(Notice).where(*where)
             .order_by(case((late, 0), else_=1), Notice.decision_due, Notice.id))
    return page_of(session, query, page=page, per_page=per_page, scalars=True)


def organizer_notices(session: Session, notice: Notice, *, limit: int = 20) -> list[Notice]:
    """The same organizer's (IIN or BIN) notices filed before this one, latest first."""
    return list(session.scalars(
        select(Notice)
        .where(
            Notice.organizer_id_number == notice.organizer_id_number,
            Notice.id != notice.id,
            Notice.filed_at <= notice.filed_at,
        )
        .order_by(Notice.filed_at.desc(), Notice.id.desc())
        .limit(limit)
    ))


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def search_notices(session: Session, text: str, *, limit: int = 20) -> list[Notice]:
    """Notices whose reference starts with the text or whose organizer's name contains it."""
    text = " ".join(text.split())[:100]
    if len(text) < 2:
        return []
    return list(session.scalars(
        select(Notice)
        .where(or_(
            Notice.reference.startswith(text.upper(), autoescape=True),
            Notice.organizer_name.ilike(_like(text), escape="\\"),
        ))
        .order_by(Notice.filed_at.desc(), Notice.id.desc())
        .limit(limit)
    ))


def record_today(session: Session, notice: Notice, law: Law) -> Precheck:
    """The notice checked again against today's bookings, as a decision checks it."""
    return check_draft(session, notice_draft(notice), notice.filed_at, law, exclude_id=notice.id,
                       signature_missing=notice.signature_missing)


def proposal_slots(
    session: Session, notice: Notice, law: Law, *, now: datetime, days: int = 3,
    limit: int = 6,
) -> list[Slot]:
    """Free slots at the places allowing the notice's form, its event day and the next ones."""
    ruled = []
    for offset in range(days):
        day = notice.event_date + timedelta(days=offset)
        try:
            ruled.append((day, law.at(day)))
        except RulesNotInForce:
            continue
    if not ruled:
        return []
    (first_day, first_rules), (last_day, last_rules) = ruled[0], ruled[-1]
    start = permitted_window(first_rules, first_day)[0]
    end = permitted_window(last_rules, last_day)[1]
    place_ids = {p.id for _, rules in ruled for p in places_for(rules, notice.form)}
    bookings = [
        booking
        for place_id in sorted(place_ids)
        for booking in bookings_at(session, place_id, start, end, exclude_id=notice.id)
    ]
    local_start = notice.starts_at.astimezone(law.calendar.zone)
    return suggest_slots(
        ruled, notice.form, bookings,
        duration=notice.ends_at - notice.starts_at,
        prefer=local_start.time().replace(tzinfo=None),
        participants=notice.expected_participants,
        not_before=now,
        notified=(notice.place_id, notice.starts_at, notice.ends_at) if notice.place_id else None,
        limit=limit,
    )
