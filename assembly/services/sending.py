"""The outbox's states while sending: claim, sent, retry later or failed (each step flushed).

The sender commits a claim before it talks to the SMTP server and commits the outcome
after: a sender that dies in between leaves the row `sending`, and the row is retried once
its claim is older than the claim timeout, flagged as a possible duplicate.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from assembly.models import Delivery, OutboxMessage
from assembly.services.outbox import notify_officers

MAX_BACKOFF = timedelta(hours=6)
# Messages about failures are not reported when they fail themselves (no endless chain).
NOT_REPORTED = ("delivery_failed",)


@dataclass(frozen=True)
class Claimed:
    """What the sender needs of a claimed row, readable after its transaction ended."""

    id: int
    recipient: str
    language: str
    template: str
    context: dict[str, Any]
    attempts: int
    possible_duplicate: bool
    request_id: str | None = None


def count_due(session: Session, now: datetime, claim_timeout: float,
              channel: str = "email") -> int:
    """How many messages of a channel a sender would take now (due pending ones and
    expired claims)."""
    pending = session.scalar(select(func.count()).select_from(OutboxMessage).where(
        OutboxMessage.channel == channel,
        OutboxMessage.status == "pending", OutboxMessage.next_attempt_at <= now))
    stale = session.scalar(select(func.count()).select_from(OutboxMessage).where(
        OutboxMessage.channel == channel, OutboxMessage.status == "sending",
        OutboxMessage.claimed_at <= now - timedelta(seconds=claim_timeout)))
    return (pending or 0) + (stale or 0)


def claim_next(session: Session, now: datetime, *, claim_timeout: float,
               channel: str = "email") -> Claimed | None:
    """Take the next message of a channel (email, sms) to send: mark it `sending` and
    count the attempt."""
    stale = now - timedelta(seconds=claim_timeout)
    # PostgreSQL: two senders never take the same row (FOR UPDATE SKIP LOCKED); SQLite:
    # the write transaction (BEGIN IMMEDIATE) serialises the senders.
    for condition in (
        (OutboxMessage.status == "sending", OutboxMessage.claimed_at <= stale),
        (OutboxMessage.status == "pending", OutboxMessage.next_attempt_at <= now),
    ):
        message = session.scalars(
            select(OutboxMessage).where(OutboxMessage.channel == channel, *condition)
            .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
            .limit(1).with_for_update(skip_locked=True)
        ).first()
        if message is not None:
            break
    else:
        return None
    if message.status == "sending":
        # Its sender died after claiming it: the server may have accepted it already.
        message.possible_duplicate = True
    message.status = "sending"
    message.claimed_at = now
    message.attempts += 1
    session.flush()
    return Claimed(
        id=message.id, recipient=message.recipient, language=message.language,
        template=message.template, context=dict(message.context), attempts=message.attempts,
        possible_duplicate=message.possible_duplicate, request_id=message.request_id,
    )


def mark_sent(session: Session, message_id: int, now: datetime) -> None:
    """The server accepted the message; its decision delivery (if any) is sent as of now."""
    delivery_id = session.execute(
        update(OutboxMessage).where(OutboxMessage.id == message_id)
        .values(status="sent", sent_at=now, claimed_at=None)
        .returning(OutboxMessage.delivery_id)
    ).scalar_one_or_none()
    if delivery_id is not None:
        # Art. 11(2), 13(2): the e-mail channel of the decision is delivered.
        session.execute(
            update(Delivery).where(Delivery.id == delivery_id, Delivery.status != "sent")
            .values(status="sent", sent_at=now)
        )


def retry_delay(attempts: int, base_seconds: float) -> timedelta:
    """Exponential backoff: base, 2 x base, 4 x base, ... at most MAX_BACKOFF."""
    return min(timedelta(seconds=base_seconds * 2 ** max(attempts - 1, 0)), MAX_BACKOFF)


def mark_failed(
    session: Session,
    message_id: int,
    now: datetime,
    error: str,
    *,
    permanent: bool,
    max_attempts: int,
    retry_seconds: float,
) -> str:
    """An attempt failed: retry later with backoff, or give up and tell the officers."""
    message = session.get(OutboxMessage, message_id, with_for_update=True)
    if message is None:
        return "gone"
    message.last_error = error[:2000]
    message.claimed_at = None
    if not permanent and message.attempts < max_attempts:
        message.status = "pending"
        message.next_attempt_at = now + retry_delay(message.attempts, retry_seconds)
        session.flush()
        return "retry"
    message.status = "failed"
    if message.delivery_id is not None:
        delivery = session.get(Delivery, message.delivery_id)
        if delivery is not None and delivery.status == "pending":
            delivery.status = "failed"  # registered mail (Art. 11(2), 13(2)) still goes
    if message.template not in NOT_REPORTED:
        notify_officers(
            session, None, "delivery_failed", now, reference=message.context.get("reference"),
            failed_recipient=message.recipient, failed_template=message.template,
            attempts=message.attempts, error=message.last_error, message_id=message.id,
        )
    session.flush()
    return "failed"


def requeue(session: Session, now: datetime, *, message_ids: list[int] | None = None) -> int:
    """Send failed messages again (all, or those listed): attempts start over."""
    query = select(OutboxMessage).where(OutboxMessage.status == "failed")
    if message_ids is not None:
        query = query.where(OutboxMessage.id.in_(message_ids))
    messages = session.scalars(query.with_for_update()).all()
    for message in messages:
        message.status = "pending"
        message.attempts = 0
        message.next_attempt_at = now
    session.flush()
    return len(messages)
