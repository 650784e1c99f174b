"""Queue messages in the transaction that causes them (the transactional outbox)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from assembly.models import Notice, OutboxMessage, User


def enqueue(
    session: Session,
    *,
    template: str,
    recipient: str,
    language: str,
    context: dict[str, Any],
    now: datetime,
    notice: Notice | None = None,
) -> OutboxMessage:
    """Write one message to the outbox; the scheduler renders and sends it."""
    message = OutboxMessage(
        created_at=now,
        notice_id=notice.id if notice is not None else None,
        recipient=recipient,
        language=language,
        template=template,
        context=context,
        status="pending",
        attempts=0,
        next_attempt_at=now,
    )
    session.add(message)
    return message


def notify_organizer(
    session: Session, notice: Notice, template: str, now: datetime, **context: Any
) -> None:
    """A message to the notice's organizer, when an e-mail address is known."""
    if notice.organizer_email:
        enqueue(
            session,
            template=template,
            recipient=notice.organizer_email,
            language=notice.language,
            context={"reference": notice.reference, **context},
            now=now,
            notice=notice,
        )


def notify_officers(
    session: Session, notice: Notice | None, template: str, now: datetime, **context: Any
) -> None:
    """A message to every active officer."""
    officers = session.execute(
        select(User.email, User.language).where(User.role == "officer", User.active.is_(True))
    ).all()
    for email, language in officers:
        enqueue(
            session,
            template=template,
            recipient=email,
            language=language,
            context=({"reference": notice.reference} if notice else {}) | context,
            now=now,
            notice=notice,
        )
