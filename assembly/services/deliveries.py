"""How and when the organizer was informed of a decision (Art. 11(2), 13(2)).

Each decision records its channels as Delivery rows. The e-mail one is marked sent when
the SMTP server accepts its message; the others (registered mail, hand, EDS, SMS) are
recorded by an officer, registered mail with its tracking number.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from assembly.actors import Actor
from assembly.errors import FieldError, Forbidden, InvalidInput, NotFound
from assembly.models import Decision, Delivery, Notice, OutboxMessage
from assembly.notices.tracking import normalized, tracking_problem

RECORDERS = ("officer", "admin", "system")
# Channels the engine delivers itself; an officer records the others.
AUTOMATIC = ("email",)


def record_delivery(
    session: Session,
    notice: Notice,
    *,
    channel: str = "registered_mail",
    tracking_number: str | None = None,
    actor: Actor,
    now: datetime,
) -> Delivery:
    """An officer records the dispatch of the latest decision by a channel they handle."""
    if actor.role not in RECORDERS:
        raise Forbidden("only officers record deliveries")
    tracking = normalized(tracking_number or "") or None
    if channel == "registered_mail" and tracking is None:
        raise InvalidInput([FieldError("tracking_number", "required")])
    # A registered letter's number is the post's UPU S10 identifier, check digit included.
    problem = tracking_problem(tracking) if tracking is not None else None
    if problem is not None:
        raise InvalidInput([FieldError("tracking_number", problem)])
    if channel in AUTOMATIC:
        raise InvalidInput([FieldError("channel", "invalid")])
    delivery = session.scalars(
        select(Delivery)
        .where(Delivery.notice_id == notice.id, Delivery.channel == channel,
               Delivery.status != "sent")
        .order_by(Delivery.decision_id.desc(), Delivery.id.desc())
        .with_for_update()
    ).first()
    if delivery is None:
        raise NotFound(f"no {channel} delivery of {notice.reference} is waiting to be recorded")
    delivery.status = "sent"
    delivery.sent_at = now
    delivery.tracking_number = tracking
    delivery.recorded_by = actor.user_id
    session.flush()
    return delivery


@dataclass(frozen=True)
class RegisteredMailTask:
    """A decision still to be sent by registered mail (Art. 11(2), 13(2))."""

    delivery_id: int
    reference: str
    organizer_name: str
    organizer_address: str
    outcome: str
    decided_at: datetime


def registered_mail_tasks(session: Session, *, limit: int = 200) -> list[RegisteredMailTask]:
    """The officers' open registered-mail tasks, oldest decision first."""
    rows = session.execute(
        select(Delivery.id, Notice.reference, Notice.organizer_name, Notice.organizer_address,
               Decision.outcome, Decision.decided_at)
        .join(Notice, Notice.id == Delivery.notice_id)
        .join(Decision, Decision.id == Delivery.decision_id)
        .where(Delivery.channel == "registered_mail", Delivery.status == "pending")
        .order_by(Decision.decided_at, Delivery.id)
        .limit(limit)
    ).all()
    return [RegisteredMailTask(*row) for row in rows]


@dataclass(frozen=True)
class Informed:
    """One way the organizer was (or is to be) informed of a decision."""

    decision_id: int
    outcome: str
    decided_at: datetime
    channel: str
    status: str  # pending, sent, failed
    sent_at: datetime | None
    tracking_number: str | None
    possible_duplicate: bool = False


def informed(session: Session, notice: Notice) -> list[Informed]:
    """When and how the organizer was informed of each decision on the notice."""
    rows = session.execute(
        select(Delivery, Decision.outcome, Decision.decided_at, OutboxMessage.possible_duplicate)
        .join(Decision, Decision.id == Delivery.decision_id)
        .outerjoin(OutboxMessage, OutboxMessage.delivery_id == Delivery.id)
        .where(Delivery.notice_id == notice.id)
        .order_by(Decision.decided_at, Delivery.id)
    ).all()
    return [
        Informed(
            decision_id=d.decision_id, outcome=outcome, decided_at=decided_at,
            channel=d.channel, status=d.status, sent_at=d.sent_at,
            tracking_number=d.tracking_number, possible_duplicate=bool(duplicate),
        )
        for d, outcome, decided_at, duplicate in rows
    ]
