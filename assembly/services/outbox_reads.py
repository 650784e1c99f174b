"""One outbox message as an administrator reads it: its state and its text, rendered.

`services.outbox.kept_messages` lists messages by state; this reads one by its id, with
the times a list does not need (when it is due again, when it was sent).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from assembly.models import Notice, OutboxMessage
from assembly.services.outbox import KeptMessage, kept_message, staff_addresses

STATUSES = ("pending", "sending", "sent", "failed")  # OutboxMessage.status


@dataclass(frozen=True)
class MessageDetail:
    """A message rendered as its recipient reads it, with its sending history."""

    message: KeptMessage
    next_attempt_at: datetime | None
    sent_at: datetime | None


def outbox_message(session: Session, message_id: int,
                   audience: str | None = None) -> MessageDetail | None:
    """The message with this id, rendered in its language as `audience` may read it
    (services.outbox.kept_message); None if there is none."""
    row = session.execute(
        select(OutboxMessage, Notice.reference)
        .outerjoin(Notice, Notice.id == OutboxMessage.notice_id)
        .where(OutboxMessage.id == message_id)
    ).first()
    if row is None:
        return None
    message, reference = row
    staff = staff_addresses(session, [message.recipient]) if audience else set()
    kept = kept_message(message, reference, audience=audience, staff=staff)
    due = message.next_attempt_at if message.status == "pending" else None
    return MessageDetail(kept, due, message.sent_at)
