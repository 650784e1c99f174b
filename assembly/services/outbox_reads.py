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
from assembly.services.outbox import KeptMessage

STATUSES = ("pending", "sending", "sent", "failed")  # OutboxMessage.status


@dataclass(frozen=True)
class MessageDetail:
    """A message rendered as its recipient reads it, with its sending history."""

    message: KeptMessage
    next_attempt_at: datetime | None
    sent_at: datetime | None


def outbox_message(session: Session, message_id: int) -> MessageDetail | None:
    """The message with this id, rendered in its language; None if there is none."""
    from assembly.emails import render

    row = session.execute(
        select(OutboxMessage, Notice.reference)
        .outerjoin(Notice, Notice.id == OutboxMessage.notice_id)
        .where(OutboxMessage.id == message_id)
    ).first()
    if row is None:
        return None
    message, reference = row
    email = render(message.template, message.language, message.context)
    kept = KeptMessage(
        id=message.id, created_at=message.created_at, reference=reference,
        recipient=message.recipient, language=message.language, template=message.template,
        status=message.status, attempts=message.attempts, last_error=message.last_error,
        possible_duplicate=message.possible_duplicate, subject=email.subject, text=email.text,
    )
    due = message.next_attempt_at if message.status == "pending" else None
    return MessageDetail(kept, due, message.sent_at)
