"""The one writer of a notice's transitions (DESIGN.md "One write path").

`fire` runs a trigger of workflows/notice.yaml on a notice and writes everything the
transition means, through the ORM session, in one flush: the new state and what the
trigger `sets`, the caller's changes (new times, the withdrawal statement...), what the
trigger does with the place (`place`: take it, take it if free, release it), the chained
audit event, and the messages it `tells`. Decisions, proposals and their answers,
withdrawals and the sweep's moves all go through it.

Booking integrity (DESIGN.md): a place is never held by two overlapping go-ahead notices.
Taking a place reads the go-ahead notices there once the session's earlier changes are
flushed, so a place given earlier in the same transaction counts; SQLite runs one writer
at a time (BEGIN IMMEDIATE), and PostgreSQL's exclusion constraint refuses a concurrent
overlapping write (23P01). Either clash is a `PlaceTaken` (saying when the place is held,
never by which notice); a lost optimistic lock is a `Conflict`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from assembly.actors import Actor
from assembly.errors import Conflict, PlaceTaken
from assembly.models import Base, Decision, Delivery, Notice, NoticeEvent
from assembly.notices.place_checks import taken_when
from assembly.services import counts
from assembly.services.audit import append_event
from assembly.services.bookings import go_ahead_conflicts
from assembly.services.law import Law
from assembly.services.outbox import notify_officers, notify_organizer

EXCLUSION_VIOLATION = "23P01"  # PostgreSQL: the booking constraint refused an overlap


def flush(session: Session, trigger: str | None = None) -> None:
    """Flush; a lost optimistic lock becomes a Conflict, the booking constraint (23P01) a
    PlaceTaken (of the trigger being written, when given)."""
    try:
        session.flush()
    except StaleDataError as exc:
        raise Conflict("the notice was changed by someone else meanwhile") from exc
    except IntegrityError as exc:
        if getattr(exc.orig, "sqlstate", None) == EXCLUSION_VIOLATION:
            raise PlaceTaken({"kind": trigger} if trigger else {}) from exc
        raise


def fire(
    session: Session,
    notice: Notice,
    trigger: str,
    *,
    actor: Actor,
    now: datetime,
    law: Law,
    at: datetime | None = None,
    changes: Mapping[str, Any] | None = None,
    data: dict[str, Any] | None = None,
    decision: Decision | None = None,
    adds: Sequence[Base] = (),
    context: Callable[[], dict[str, Any]] | None = None,
    delivery: Delivery | None = None,
    sms_delivery: Delivery | None = None,
) -> NoticeEvent:
    """Fire `trigger` on the notice as of `now` and write the transition; its audit event.

    `at`: when the event counts as having happened (a deadline caught up; default now).
    `changes`: attributes the transition sets besides the workflow's own (the guards read
    the notice before them). `decision`: the decision it records (sealed with the event);
    `adds`: other rows written with it (the decision's deliveries). `context`: what the
    organizer's message says besides the notice (made after the change); `delivery`: the
    delivery that message carries; `sms_delivery`: the decision's SMS delivery, which an
    SMS to the organizer's mobile number carries. Raises TransitionNotAllowed (nothing changes) or
    PlaceTaken (the place is held at that time) or Conflict (a concurrent change won).
    """
    spec = law.workflow.spec.triggers[trigger]
    counts.track(session, notice)  # the report's counts move with the transition
    flush(session)  # what this transaction changed before counts in the place check
    before, after = law.workflow.fire(trigger, notice, now=now)
    with session.no_autoflush:  # the transition is written in the one flush below
        for name, value in (changes or {}).items():
            setattr(notice, name, value)
        clashes = _apply_place(session, notice, trigger, spec.place, law)
        if decision is not None:
            decision.notice = notice
        session.add_all(adds)
        event = append_event(session, notice, actor=actor, at=at or now, trigger=trigger,
                             from_state=before, to_state=after, data=data, decision=decision)
        extra = context() if context is not None else {}
        for recipient, template in spec.tells.items():
            if recipient == "organizer":
                notify_organizer(session, notice, template, now, law=law, delivery=delivery,
                                 sms_delivery=sms_delivery, **extra)
            elif recipient == "officers":
                notify_officers(session, notice, template, now, law=law)
            elif clashes:  # officers_on_clash
                notify_officers(session, notice, template, now, law=law, conflicts=clashes)
    flush(session, trigger)
    return event


def _apply_place(session: Session, notice: Notice, trigger: str, action: str | None,
                 law: Law) -> list[str]:
    """Take, take if free, or release the notice's place; the references of the clashes
    met (if free), for the officers."""
    if action == "release":
        notice.go_ahead = False
        return []
    if action not in ("take", "take_if_free"):
        return []
    clashes = go_ahead_conflicts(session, notice)
    if clashes and action == "take":
        raise PlaceTaken({"kind": trigger, "place_id": notice.place_id,
                          **taken_when(clashes, law.calendar.zone)},
                         holders=[booking.reference for booking in clashes])
    notice.go_ahead = not clashes
    return [booking.reference for booking in clashes]
