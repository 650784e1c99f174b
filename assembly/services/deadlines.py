"""The deadline sweep: silence, overdue flags, lapsed proposals, held events (idempotent)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from assembly.actors import SYSTEM
from assembly.models import Notice
from assembly.services.bookings import go_ahead_conflicts
from assembly.services.law import Law, default_law
from assembly.services.outbox import notify_officers, notify_organizer
from assembly.services.review import transition
from assembly.services.writes import flush_or_conflict


@dataclass
class SweepResult:
    """References moved by one sweep, per kind of move."""

    deemed_accepted: list[str] = field(default_factory=list)
    flagged_overdue: list[str] = field(default_factory=list)
    proposals_lapsed: list[str] = field(default_factory=list)
    held: list[str] = field(default_factory=list)

    def total(self) -> int:
        """How many notices moved."""
        return sum(map(len, (self.deemed_accepted, self.flagged_overdue,
                             self.proposals_lapsed, self.held)))

    def as_dict(self) -> dict[str, list[str]]:
        return {
            "deemed_accepted": self.deemed_accepted,
            "flagged_overdue": self.flagged_overdue,
            "proposals_lapsed": self.proposals_lapsed,
            "held": self.held,
        }


def _claim(session: Session, query):  # type: ignore[no-untyped-def]
    # PostgreSQL: two schedulers never take the same row (FOR UPDATE SKIP LOCKED);
    # SQLite: the write transaction (BEGIN IMMEDIATE) already serialises sweeps.
    return session.scalars(query.order_by(Notice.id).with_for_update(skip_locked=True)).all()


def sweep(session: Session, now: datetime, law: Law | None = None) -> SweepResult:
    """Move every notice whose deadline passed by `now`; a second run changes nothing."""
    law = law or default_law()
    result = SweepResult()
    waiting = ("received", "in_review")
    # Art. 11(1): a notification unanswered within the review period may be held.
    for notice in _claim(session, select(Notice).where(
        Notice.status.in_(waiting), Notice.procedure == "notification",
        Notice.decision_due < now, Notice.proposal_made.is_(False),
    )):
        # Catch-up: deemed accepted as of the deadline, not as of the sweep.
        transition(session, notice, "deem_accept", actor=SYSTEM, now=now, law=law,
                   at=notice.decision_due)
        conflicts = go_ahead_conflicts(session, notice)
        notice.go_ahead = not conflicts
        notice.go_ahead_kind = "deemed_accepted"
        if conflicts:
            notify_officers(session, notice, "deemed_acceptance_conflict", now,
                            law=law, conflicts=conflicts)
        notify_organizer(session, notice, "deemed_accepted", now, law=law)
        result.deemed_accepted.append(notice.reference)
    # Art. 13: no silence rule for applications; they are flagged overdue.
    for notice in _claim(session, select(Notice).where(
        Notice.status.in_(waiting), Notice.procedure == "application",
        Notice.decision_due < now, Notice.overdue.is_(False),
    )):
        transition(session, notice, "flag_overdue", actor=SYSTEM, now=now, law=law,
                   at=notice.decision_due)
        notice.overdue = True
        notify_officers(session, notice, "notice_overdue", now, law=law)
        result.flagged_overdue.append(notice.reference)
    for notice in _claim(session, select(Notice).where(
        Notice.status == "change_proposed", Notice.proposal_answer_due < now,
    )):
        transition(session, notice, "lapse_proposal", actor=SYSTEM, now=now, law=law,
                   at=notice.proposal_answer_due)
        notify_organizer(session, notice, "proposal_lapsed", now, law=law)
        result.proposals_lapsed.append(notice.reference)
    for notice in _claim(session, select(Notice).where(
        Notice.status.in_(("approved", "deemed_accepted")), Notice.ends_at <= now,
    )):
        transition(session, notice, "mark_held", actor=SYSTEM, now=now, law=law,
                   at=notice.ends_at)
        result.held.append(notice.reference)
    flush_or_conflict(session)
    return result
