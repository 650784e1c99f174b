"""Queue messages in the transaction that causes them (the transactional outbox), and read them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, func, insert, select
from sqlalchemy.orm import Session

from assembly.models import Decision, Delivery, Notice, OutboxMessage, User
from assembly.services.direct import Direct
from assembly.services.law import Law
from assembly.services.messages import decision_facts, notice_facts

UNSENT = ("pending", "sending", "failed")


def message_row(
    *,
    template: str,
    recipient: str,
    language: str,
    context: dict[str, Any],
    now: datetime,
    notice_id: int | None = None,
    delivery_id: int | None = None,
    dedupe_key: str | None = None,
) -> dict[str, Any]:
    """One pending message as a row of the outbox (what `enqueue` and `write_messages` store)."""
    return {
        "created_at": now,
        "notice_id": notice_id,
        "delivery_id": delivery_id,
        "recipient": recipient,
        "language": language,
        "template": template,
        "context": context,
        "dedupe_key": dedupe_key,
        "status": "pending",
        "attempts": 0,
        "next_attempt_at": now,
        "possible_duplicate": False,
    }


def enqueue(
    session: Session,
    *,
    template: str,
    recipient: str,
    language: str,
    context: dict[str, Any],
    now: datetime,
    notice: Notice | None = None,
    delivery: Delivery | None = None,
    dedupe_key: str | None = None,
) -> OutboxMessage:
    """Write one message to the outbox; the scheduler renders and sends it."""
    message = OutboxMessage(**message_row(
        template=template, recipient=recipient, language=language, context=context, now=now,
        notice_id=notice.id if notice is not None else None, dedupe_key=dedupe_key,
    ))
    message.delivery = delivery  # its id may not be flushed yet
    session.add(message)
    return message


# Built once: the message of every decision is written through it (Core, no unit of work).
_INSERT_MESSAGES = Direct(insert(OutboxMessage.__table__))


def write_messages(session: Session, rows: list[dict[str, Any]]) -> None:
    """Insert rows of `message_row` in one statement, in the session's transaction.

    Written at once, without the unit of work: the notice and delivery they name must be
    stored already (flushed).
    """
    if rows:
        _INSERT_MESSAGES.execute(session.connection(), rows)


def _context(notice: Notice | None, law: Law | None, context: dict[str, Any]) -> dict[str, Any]:
    if notice is None:
        return dict(context)
    return {"reference": notice.reference, "notice": notice_facts(notice, law), **context}


def notify_organizer(
    session: Session,
    notice: Notice,
    template: str,
    now: datetime,
    *,
    law: Law | None = None,
    delivery: Delivery | None = None,
    **context: Any,
) -> OutboxMessage | None:
    """A message to the notice's organizer, when an e-mail address is known."""
    if not notice.organizer_email:
        return None
    return enqueue(
        session,
        template=template,
        recipient=notice.organizer_email,
        language=notice.language,
        context=_context(notice, law, context),
        now=now,
        notice=notice,
        delivery=delivery,
    )


def notify_decision(
    session: Session,
    notice: Notice,
    decision: Decision,
    deliveries: Sequence[Delivery],
    now: datetime,
    *,
    law: Law | None = None,
) -> bool:
    """The decision to the organizer, when an e-mail address is known; True if queued.

    The message carries the decision's e-mail delivery by id and is written at once: call
    it once the decision and its deliveries are stored.
    """
    if not notice.organizer_email:
        return False
    email = next((d for d in deliveries if d.channel == "email"), None)
    facts = decision_facts(notice, decision, deliveries, law)
    write_messages(session, [message_row(
        template="decision_made", recipient=notice.organizer_email, language=notice.language,
        context=_context(notice, law, facts), now=now, notice_id=notice.id,
        delivery_id=email.id if email is not None else None,
    )])
    return True


def officers(session: Session | Connection) -> list[tuple[str, str]]:
    """(e-mail, language) of every active officer (read on the session's connection, or on
    a connection given)."""
    connection = session if isinstance(session, Connection) else session.connection()
    rows = _OFFICERS.all(connection, {})  # directly: no autoflush, no ORM compile
    return [(email, language) for email, language in rows]


_USERS = User.__table__.c
_OFFICERS = Direct(select(_USERS.email, _USERS.language)
                   .where(_USERS.role == "officer", _USERS.active.is_(True))
                   .order_by(_USERS.id))


def notify_officers(
    session: Session,
    notice: Notice | None,
    template: str,
    now: datetime,
    *,
    law: Law | None = None,
    dedupe: str | None = None,
    **context: Any,
) -> list[OutboxMessage]:
    """A message to every active officer (once per officer and `dedupe` key, when given)."""
    recipients = officers(session)
    keys = {email: f"{dedupe}:{email}" if dedupe else None for email, _ in recipients}
    if dedupe:
        done = set(session.scalars(select(OutboxMessage.dedupe_key).where(
            OutboxMessage.dedupe_key.in_(list(keys.values())))))
        recipients = [(email, lang) for email, lang in recipients if keys[email] not in done]
    if not recipients:
        return []
    body = _context(notice, law, context)
    return [
        enqueue(session, template=template, recipient=email, language=language, context=body,
                now=now, notice=notice, dedupe_key=keys[email])
        for email, language in recipients
    ]


@dataclass(frozen=True)
class KeptMessage:
    """A message not (yet) sent, as an admin sees it: what, to whom, and why it waits."""

    id: int
    created_at: datetime
    reference: str | None
    recipient: str
    language: str
    template: str
    status: str
    attempts: int
    last_error: str | None
    possible_duplicate: bool
    subject: str
    text: str


def kept_messages(
    session: Session,
    *,
    statuses: Sequence[str] = UNSENT,
    limit: int = 50,
    offset: int = 0,
) -> list[KeptMessage]:
    """Messages waiting or failed, newest first, rendered (the admins' page without SMTP)."""
    from assembly.emails import render

    rows = session.execute(
        select(OutboxMessage, Notice.reference)
        .outerjoin(Notice, Notice.id == OutboxMessage.notice_id)
        .where(OutboxMessage.status.in_(statuses))
        .order_by(OutboxMessage.id.desc())
        .limit(limit)
        .offset(offset)
    ).all()
    kept = []
    for message, reference in rows:
        email = render(message.template, message.language, message.context)
        kept.append(KeptMessage(
            id=message.id, created_at=message.created_at, reference=reference,
            recipient=message.recipient, language=message.language, template=message.template,
            status=message.status, attempts=message.attempts, last_error=message.last_error,
            possible_duplicate=message.possible_duplicate, subject=email.subject, text=email.text,
        ))
    return kept


def outbox_counts(session: Session) -> dict[str, int]:
    """How many messages are in each state (pending, sending, sent, failed)."""
    rows = session.execute(
        select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)
    ).all()
    counts = dict.fromkeys(("pending", "sending", "sent", "failed"), 0)
    counts.update({status: n for status, n in rows})
    return counts


def notice_messages(
    notice: Notice,
    organizer_template: str,
    officer_template: str,
    recipients: list[tuple[str, str]],
    now: datetime,
    *,
    law: Law | None = None,
    **context: Any,
) -> list[dict[str, Any]]:
    """Rows for `write_messages`: one to the organizer (when an e-mail address is known) and
    one to each officer of `recipients` ((e-mail, language) from `officers`)."""
    body = _context(notice, law, context)
    rows = [message_row(template=officer_template, recipient=email, language=language,
                        context=body, now=now, notice_id=notice.id)
            for email, language in recipients]
    if notice.organizer_email:
        rows.insert(0, message_row(
            template=organizer_template, recipient=notice.organizer_email,
            language=notice.language, context=body, now=now, notice_id=notice.id))
    return rows
