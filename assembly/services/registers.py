"""The officers' registers: deliveries still to be made by hand, post, EDS or SMS, and the
log of unsanctioned events, read straight from SQL."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, aliased

from assembly.models import Decision, Delivery, Notice, UnsanctionedEvent
from assembly.services.deliveries import AUTOMATIC

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


def open_deliveries(session: Session, *, limit: int = MAX_ROWS) -> list[DeliveryTask]:
    """Pending deliveries of every channel the engine does not send itself, oldest first."""
    rows = session.execute(
        select(Delivery.id, Notice.reference, Delivery.channel, Notice.organizer_name,
               Notice.organizer_address, Notice.organizer_phone, Decision.outcome,
               Decision.decided_at)
        .join(Notice, Notice.id == Delivery.notice_id)
        .join(Decision, Decision.id == Delivery.decision_id)
        .where(Delivery.status == "pending", Delivery.channel.not_in(AUTOMATIC))
        .order_by(Decision.decided_at, Delivery.id)
        .limit(limit)
    ).all()
    return [DeliveryTask(*row) for row in rows]


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


def unsanctioned_event(session: Session, event_id: int) -> LoggedEvent | None:
    """One logged event, or None."""
    row = session.execute(_logged().where(UnsanctionedEvent.id == event_id)).first()
    return LoggedEvent(*row) if row is not None else None
