"""What officers are told ahead of deadlines: the reminder the day before, the morning digest.

Both are idempotent by a unique key on the outbox row (one reminder per notice and
officer, one digest per day and officer), so a rerun, a restart or a second scheduler
never sends them twice, and a scheduler that was down sends them when it is back.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from assembly.models import Notice, OutboxMessage
from assembly.services.deliveries import registered_mail_tasks
from assembly.services.law import Law, default_law
from assembly.services.messages import notice_facts
from assembly.services.outbox import notify_officers, officers

WAITING = ("received", "in_review")
LISTED = 50  # notices listed per section of the digest; the rest are counted


def remind_deadlines(session: Session, now: datetime, law: Law | None = None) -> list[str]:
    """On a working day, remind officers of notices due by the end of the next working day."""
    law = law or default_law()
    calendar = law.calendar
    today = calendar.local_date(now)
    if not calendar.is_working_day(today):
        return []
    # Art. 11(1), 13(1): the review period ends at the end of its last working day.
    after = calendar.end_of_local_day(today)
    until = calendar.end_of_local_day(calendar.next_working_day(today, include_self=False))
    due = session.scalars(
        select(Notice)
        .where(Notice.status.in_(WAITING), Notice.decision_due > after,
               Notice.decision_due <= until)
        .order_by(Notice.decision_due, Notice.id)
    ).all()
    reminded = []
    for notice in due:
        if notify_officers(session, notice, "deadline_tomorrow", now, law=law,
                           dedupe=f"deadline_tomorrow:{notice.id}"):
            reminded.append(notice.reference)
    session.flush()
    return reminded


def due_today_and_overdue(now: datetime, law: Law) -> tuple[tuple[Any, ...], tuple[Any, ...]]:
    """The conditions on notices waiting for a decision due by the end of today (local),
    and on those whose decision was due before today."""
    calendar = law.calendar
    today = calendar.local_date(now)
    start = calendar.end_of_local_day(today - timedelta(days=1))
    end = calendar.end_of_local_day(today)
    waiting = Notice.status.in_(WAITING)
    # Art. 13: an application past its period stays pending until decided (no silence rule);
    # a notification with a proposal is never deemed accepted either.
    return ((waiting, Notice.decision_due > start, Notice.decision_due <= end),
            (waiting, Notice.decision_due <= start))


def digest_facts(session: Session, now: datetime, law: Law | None = None) -> dict[str, Any]:
    """What is due today, what is overdue, and what still has to be sent or resent."""
    law = law or default_law()
    today = law.calendar.local_date(now)
    due_today, overdue = due_today_and_overdue(now, law)

    def listed(*where: Any) -> tuple[list[dict[str, Any]], int]:
        total = session.scalar(select(func.count()).select_from(Notice).where(*where)) or 0
        notices = session.scalars(
            select(Notice).where(*where).order_by(Notice.decision_due, Notice.id).limit(LISTED)
        ).all()
        return [notice_facts(n, law) for n in notices], total

    due_list, due_total = listed(*due_today)
    overdue_list, overdue_total = listed(*overdue)
    tasks = registered_mail_tasks(session, limit=LISTED)
    failed = session.scalar(
        select(func.count()).select_from(OutboxMessage).where(OutboxMessage.status == "failed")
    ) or 0
    return {
        "date": today.isoformat(),
        "due_today": due_list,
        "due_today_total": due_total,
        "overdue": overdue_list,
        "overdue_total": overdue_total,
        # Officers' e-mails carry no personal data (services.privacy): the addresses are
        # on the portal's deliveries page.
        "registered_mail": [
            {"reference": t.reference, "decided_at": t.decided_at.isoformat()} for t in tasks
        ],
        "failed_messages": failed,
    }


def send_digest(
    session: Session, now: datetime, *, from_hour: int | None = 8, law: Law | None = None
) -> int:
    """Once a working day, from `from_hour` local time: the digest to each officer.

    With `from_hour=None` (the command line) it is sent at once, on any day, but still once.
    Nothing is sent on a day with nothing to report. Returns how many messages were queued.
    """
    law = law or default_law()
    calendar = law.calendar
    local = now.astimezone(calendar.zone)
    if from_hour is not None and (
        not calendar.is_working_day(local.date()) or local.hour < from_hour
    ):
        return 0
    key = f"digest:{local.date().isoformat()}"
    wanted = [f"{key}:{email}" for email, _ in officers(session)]
    sent = session.scalar(select(func.count()).select_from(OutboxMessage).where(
        OutboxMessage.dedupe_key.in_(wanted)))
    if sent == len(wanted):  # every officer has today's digest (or there is no officer)
        return 0
    facts = digest_facts(session, now, law)
    if not (facts["due_today_total"] or facts["overdue_total"] or facts["registered_mail"]
            or facts["failed_messages"]):
        return 0
    messages = notify_officers(
        session, None, "digest", now, law=law, dedupe=key, **facts
    )
    session.flush()
    return len(messages)
