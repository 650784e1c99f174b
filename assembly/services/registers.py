"""The officers' registers: deliveries still to be made by hand, post, EDS or SMS, and the
log of unsanctioned events, read straight from SQL."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, aliased

from assembly.models import Decision, Delivery, Notice, UnsanctionedEvent
from assembly.services.deliveries import AUTOMATIC
from assembly.services.paging import PER_PAGE, Paged, page_of

MAX_ROWS = 1000


@dataclass(frozen=True)
class DeliveryTask:
    """A decision still to be delivered by a channel an officer handles (Art. 11(2), 13(2))."""

    delivery_id: int
    reference: str
    channel: str
    organizer_name: str | None  # None: hidden from the reader (services.privacy)
    organizer_address: str | None
    organizer_phone: str | None
    outcome: str
    decided_at: datetime


_OPEN = (Delivery.status == "pending", Delivery.channel.not_in(AUTOMATIC))


def open_deliveries(session: Session, *, channel: str | None = None, page: int = 1,
                    per_page: int = PER_PAGE) -> Paged[DeliveryTask]:
    """Pending deliveries of the channels the engine does not send itself (or of one),
    newest decision first."""
    query = (
        select(Delivery.id, Notice.reference, Delivery.channel, Notice.organizer_name,
               Notice.organizer_address, Notice.organizer_phone, Decision.outcome,
               Decision.decided_at)
        .join(Notice, Notice.id == Delivery.notice_id)
        .join(Decision, Decision.id == Delivery.decision_id)
        .where(*_OPEN, *([Delivery.channel == channel] if channel else []))
        .order_by(Decision.decided_at.desc(), Delivery.id.desc())
    )
    return page_of(session, query, page=page, per_page=per_page, row=lambda r: DeliveryTask(*r))


def open_delivery_counts(session: Session) -> dict[str, int]:
    """How many deliveries are pending, per channel an officer handles."""
    return dict(session.execute(  # type: ignore[arg-type]
        select(Delivery.channel, func.count()).where(*_OPEN).group_by(Delivery.channel)
    ).all())


@dataclass(frozen=True)
class LoggedEvent:
    """One unsanctioned event as the log lists it, with the related notice's reference."""

    id: int
    occurred_at: datetime
    occurred_on: date
    lat: float
    lon: float
    address: str | None
    nearest_place_id: str | None
    nearest_place_m: float | None
    form: str
    category: str
    estimated_participants: int
    description: str
    source: str
    related_reference: str | None


def _logged() -> Select[Any]:
    """Unsanctioned events with the related notice's reference (outer join)."""
    related = aliased(Notice)
    event = UnsanctionedEvent
    return select(
        event.id, event.occurred_at, event.occurred_on, event.lat, event.lon, event.address,
        event.nearest_place_id, event.nearest_place_m, event.form, event.category,
        event.estimated_participants, event.description, event.source, related.reference,
    ).outerjoin(related, related.id == event.related_notice_id)


def unsanctioned_events(session: Session, year: int, *,
                        limit: int = MAX_ROWS) -> list[LoggedEvent]:
    """The events that occurred in a year (local dates), in the order they occurred."""
    rows = session.execute(
        _logged()
        .where(UnsanctionedEvent.occurred_on >= date(year, 1, 1),
               UnsanctionedEvent.occurred_on <= date(year, 12, 31))
        .order_by(UnsanctionedEvent.occurred_at, UnsanctionedEvent.id)
        .limit(limit)
    ).all()
    return [LoggedEvent(*row) for row in rows]


@dataclass(frozen=True)
class EventFilters:
    """Which logged events a list shows: of a year, a form, a category (None: any)."""

    year: int | None = None
    form: str | None = None
    category: str | None = None


def _where(filters: EventFilters) -> list[Any]:
    event = UnsanctionedEvent
    where: list[Any] = []
    if filters.year is not None:
        where += [event.occurred_on >= date(filters.year, 1, 1),
                  event.occurred_on <= date(filters.year, 12, 31)]
    if filters.form:
        where.append(event.form == filters.form)
    if filters.category:
        where.append(event.category == filters.category)
    return where


def logged_events(session: Session, filters: EventFilters, *, page: int = 1,
                  per_page: int = PER_PAGE) -> Paged[LoggedEvent]:
    """The events the filters match, the latest first, a page at a time."""
    query = (_logged().where(*_where(filters))
             .order_by(UnsanctionedEvent.occurred_at.desc(), UnsanctionedEvent.id.desc()))
    return page_of(session, query, page=page, per_page=per_page, row=lambda r: LoggedEvent(*r))


def logged_event_counts(session: Session, filters: EventFilters) -> dict[str, int]:
    """How many events the filters match, per category (the category filter left out)."""
    wider = EventFilters(year=filters.year, form=filters.form)
    return dict(session.execute(  # type: ignore[arg-type]
        select(UnsanctionedEvent.category, func.count())
        .where(*_where(wider)).group_by(UnsanctionedEvent.category)
    ).all())


def logged_years(session: Session) -> list[int]:
    """The years with a logged event, the latest first."""
    days = session.scalars(select(UnsanctionedEvent.occurred_on).distinct()).all()
    return sorted({d.year for d in days}, reverse=True)


def unsanctioned_event(session: Session, event_id: int) -> LoggedEvent | None:
    """One logged event, or None."""
    row = session.execute(_logged().where(UnsanctionedEvent.id == event_id)).first()
    return LoggedEvent(*row) if row is not None else None
