"""The deadline sweep: silence, overdue flags, lapsed proposals, lapsed notices, held events
(idempotent).

Each move is one transition (services.transitions) in a SAVEPOINT of its own: a notice
that cannot be moved (a concurrent change won, the place was taken by a concurrent
transaction) is left as it was and reported to the officers once, and every other due
notice still moves in the same run. The next sweep tries it again.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from assembly.actors import SYSTEM
from assembly.errors import Conflict, TransitionNotAllowed
from assembly.models import Notice
from assembly.services.law import Law, default_law
from assembly.services.outbox import notify_officers
from assembly.services.transitions import fire

log = logging.getLogger(__name__)
WAITING = ("received", "in_review")
PENDING = (*WAITING, "change_proposed")


@dataclass
class SweepResult:
    """References moved by one sweep, per kind of move, and those it could not move."""

    deemed_accepted: list[str] = field(default_factory=list)
    flagged_overdue: list[str] = field(default_factory=list)
    proposals_lapsed: list[str] = field(default_factory=list)
    lapsed: list[str] = field(default_factory=list)
    held: list[str] = field(default_factory=list)
    left_behind: list[str] = field(default_factory=list)

    def total(self) -> int:
        """How many notices moved."""
        return sum(map(len, (self.deemed_accepted, self.flagged_overdue,
                             self.proposals_lapsed, self.lapsed, self.held)))

    def as_dict(self) -> dict[str, list[str]]:
        """Each kind of move (and `left_behind`) with its references."""
        return {
            "deemed_accepted": self.deemed_accepted,
            "flagged_overdue": self.flagged_overdue,
            "proposals_lapsed": self.proposals_lapsed,
            "lapsed": self.lapsed,
            "held": self.held,
            "left_behind": self.left_behind,
        }


@dataclass(frozen=True)
class Move:
    """One kind of move: the trigger, which notices are due by `now`, as of when it counts."""

    trigger: str
    kind: str  # the list of SweepResult it fills
    due: Callable[[datetime], Select[Any]]
    at: Callable[[Notice], datetime]  # catch-up: as of the deadline, not of the sweep


# In time order, so that a late sweep writes each notice's history forwards: every move
# before the start happens at a deadline before it, then the lapse at the start, then the
# end (a deadline after the start never moves a notice: it has lapsed at the start).
MOVES = (
    # Art. 11(1): a notification unanswered within a review period that ends before the
    # event may be held.
    Move("deem_accept", "deemed_accepted", lambda now: select(Notice).where(
        Notice.status.in_(WAITING), Notice.procedure == "notification",
        Notice.decision_due < now, Notice.decision_due < Notice.starts_at,
        Notice.proposal_made.is_(False),
    ), lambda n: n.decision_due),
    # Art. 13: no silence rule for applications; they are flagged overdue.
    Move("flag_overdue", "flagged_overdue", lambda now: select(Notice).where(
        Notice.status.in_(WAITING), Notice.procedure == "application",
        Notice.decision_due < now, Notice.decision_due < Notice.starts_at,
        Notice.overdue.is_(False),
    ), lambda n: n.decision_due),
    Move("lapse_proposal", "proposals_lapsed", lambda now: select(Notice).where(
        Notice.status == "change_proposed", Notice.proposal_answer_due < now,
        Notice.proposal_answer_due < Notice.starts_at,
    ), lambda n: n.proposal_answer_due),  # type: ignore[arg-type, return-value]
    # Art. 11(1), 13(1): still undecided when the event starts, the notice has lapsed.
    Move("lapse", "lapsed", lambda now: select(Notice).where(
        Notice.status.in_(PENDING), Notice.starts_at <= now,
    ), lambda n: n.starts_at),
    Move("mark_held", "held", lambda now: select(Notice).where(
        Notice.status.in_(("approved", "deemed_accepted")), Notice.ends_at <= now,
    ), lambda n: n.ends_at),
)


def _claim(session: Session, query: Select[Any]) -> list[Notice]:
    # The earliest filed first: of two silent notifications at one place, the one filed
    # first takes it (LAW.md §5, place_occupied). PostgreSQL: two schedulers never take the
    # same row (FOR UPDATE SKIP LOCKED); SQLite: BEGIN IMMEDIATE serialises the sweeps.
    return list(session.scalars(
        query.order_by(Notice.filed_at, Notice.id).with_for_update(skip_locked=True)))


def _due_moves(session: Session, now: datetime) -> tuple[bool, ...]:
    """Whether each move has a notice due, in one round trip (most sweeps find nothing):
    only a move with something due takes its locking read."""
    row = session.execute(select(*(move.due(now).exists() for move in MOVES))).one()
    return tuple(bool(flag) for flag in row)


def sweep(session: Session, now: datetime, law: Law | None = None) -> SweepResult:
    """Move every notice whose deadline passed by `now`; a second run changes nothing."""
    law = law or default_law()
    result = SweepResult()
    for move, due in zip(MOVES, _due_moves(session, now), strict=True):
        # A move found with nothing due is read again only if an earlier one moved a
        # notice (one deemed accepted may now be due to be marked held).
        if not due and not result.total():
            continue
        for notice in _claim(session, move.due(now)):
            reference = notice.reference
            moved = move_notice(session, notice, move, now, law)
            (getattr(result, move.kind) if moved else result.left_behind).append(reference)
    return result


def move_notice(session: Session, notice: Notice, move: Move, now: datetime, law: Law) -> bool:
    """One notice's move in a SAVEPOINT of its own; False (the notice left as it was, the
    officers told once) when it cannot move."""
    reference = notice.reference
    try:
        with session.begin_nested():
            fire(session, notice, move.trigger, actor=SYSTEM, now=now, law=law,
                 at=move.at(notice))
        return True
    except (Conflict, TransitionNotAllowed, DBAPIError) as exc:
        log.warning("sweep: %s left as it was (%s): %s", reference, move.trigger, exc)
        notify_officers(session, notice, "sweep_left_behind", now, law=law,
                        dedupe=f"left_behind:{reference}:{move.trigger}:{notice.audit_seq}",
                        trigger=move.trigger)
        return False
