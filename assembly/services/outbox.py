"""Queue messages in the transaction that causes them (the transactional outbox), and read them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from assembly import logs
from assembly.i18n import gettext
from assembly.models import Delivery, Notice, OutboxMessage, User
from assembly.services import privacy
from assembly.services.law import Law
from assembly.services.messages import notice_facts

UNSENT = ("pending", "sending", "failed")


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
    channel: str = "email",
) -> OutboxMessage:
    """Queue one message (the outbox's one writer) by e-mail or SMS (`recipient`: an address
    or a mobile number); the scheduler renders and sends it.

    Added to the session: it is written with the change that causes it, at its flush."""
    message = OutboxMessage(
        created_at=now, channel=channel, recipient=recipient, language=language, template=template,
        context=context, dedupe_key=dedupe_key, status="pending", attempts=0,
        next_attempt_at=now, possible_duplicate=False, request_id=logs.current_request_id(),
    )
    message.notice = notice  # their ids may not be flushed yet
    message.delivery = delivery
    session.add(message)
    return message


def _context(notice: Notice | None, law: Law | None, context: dict[str, Any],
             audience: str) -> dict[str, Any]:
    """What a message says, as its audience may read it (services.privacy)."""
    body = dict(context)
    if notice is not None:
        body = {"reference": notice.reference, "notice": notice_facts(notice, law), **body}
    return privacy.redact(body, audience)


def notify_organizer(
    session: Session,
    notice: Notice,
    template: str,
    now: datetime,
    *,
    law: Law | None = None,
    delivery: Delivery | None = None,
    sms_delivery: Delivery | None = None,
    **context: Any,
) -> OutboxMessage | None:
    """A message to the notice's organizer, when an e-mail address is known; and, for a
    decision to be delivered to the mobile number (Art. 11(2)(5), 13(2)), an SMS."""
    body = _context(notice, law, context, "owner")
    if sms_delivery is not None and notice.organizer_phone:
        enqueue(session, template=template, recipient=notice.organizer_phone,
                language=notice.language, context=body, now=now, notice=notice,
                delivery=sms_delivery, channel="sms")
    if not notice.organizer_email:
        return None
    return enqueue(
        session,
        template=template,
        recipient=notice.organizer_email,
        language=notice.language,
        context=body,
        now=now,
        notice=notice,
        delivery=delivery,
    )


_U = User.__table__.c
# Built once: every filing and every message to the officers reads them.
_OFFICERS = (select(_U.email, _U.language)
             .where(_U.role == "officer", _U.active.is_(True)).order_by(_U.id))


def officers(session: Session) -> list[tuple[str, str]]:
    """(e-mail, language) of every active officer."""
    return [(email, language) for email, language in session.execute(_OFFICERS)]


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
    # A manager may be copied on the officers' e-mails: no personal data in them.
    body = _context(notice, law, context, "officer_mail")
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
    recipient: str | None  # None: an organizer's address, hidden from the reader
    language: str
    template: str
    status: str
    attempts: int
    last_error: str | None
    possible_duplicate: bool
    subject: str
    text: str


def staff_addresses(session: Session, recipients: Sequence[str]) -> set[str]:
    """Which of these addresses are staff accounts' (shown to administrators)."""
    return set(session.scalars(select(User.email).where(
        User.email.in_(list(set(recipients))), User.role.in_(privacy.STAFF_ROLES))))


def kept_message(message: OutboxMessage, reference: str | None, *,
                 audience: str | None = None, staff: set[str] | frozenset[str] = frozenset()
                 ) -> KeptMessage:
    """One message rendered as `audience` may read it (services.privacy): without the
    organizer's personal data, their address included, for administrators. None: in full
    (the command line, run by whoever holds the database)."""
    from assembly.emails import render

    context, recipient, error = message.context, message.recipient, message.last_error
    if audience is not None and not privacy.shows(audience, privacy.ORGANIZER):
        mask = gettext(privacy.HIDDEN, message.language)
        context = privacy.redact(context, audience, mask)
        if recipient not in staff:
            error = error.replace(recipient, mask) if error and recipient else error
            recipient = None
    email = render(message.template, message.language, context)
    return KeptMessage(
        id=message.id, created_at=message.created_at, reference=reference,
        recipient=recipient, language=message.language, template=message.template,
        status=message.status, attempts=message.attempts, last_error=error,
        possible_duplicate=message.possible_duplicate, subject=email.subject, text=email.text,
    )


def kept_messages(
    session: Session,
    *,
    statuses: Sequence[str] = UNSENT,
    limit: int = 50,
    offset: int = 0,
    audience: str | None = None,
) -> list[KeptMessage]:
    """Messages waiting or failed, newest first, rendered (the admins' page without SMTP)
    as `audience` may read them (see kept_message)."""
    rows = session.execute(
        select(OutboxMessage, Notice.reference)
        .outerjoin(Notice, Notice.id == OutboxMessage.notice_id)
        .where(OutboxMessage.status.in_(statuses))
        .order_by(OutboxMessage.id.desc())
        .limit(limit)
        .offset(offset)
    ).all()
    staff = staff_addresses(session, [m.recipient for m, _ in rows]) if audience else set()
    return [kept_message(message, reference, audience=audience, staff=staff)
            for message, reference in rows]


def outbox_counts(session: Session) -> dict[str, int]:
    """How many messages are in each state (pending, sending, sent, failed)."""
    rows = session.execute(
        select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)
    ).all()
    counts = dict.fromkeys(("pending", "sending", "sent", "failed"), 0)
    counts.update({status: n for status, n in rows})
    return counts
