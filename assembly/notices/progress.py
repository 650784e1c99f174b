"""Where a notice stands, as its organizer follows it: registered -> the akimat's answer
due -> the decision -> the day of the assembly.

Each step is done, current, upcoming or skipped (it will not happen: a withdrawn or
refused notice has no day of the assembly). The dates come from the notice as filing
computed them from the rules (Art. 11(1), 13(1): the review period; Art. 11(1)(3): the
proposal's answer period); the countdowns count calendar days and working days with the
rules' own calendar.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal, Protocol

from assembly.law.workdays import WorkCalendar

State = Literal["done", "current", "upcoming", "skipped"]
STEP_KEYS = ("registered", "answer", "decision", "event")
UNDECIDED = frozenset({"received", "in_review"})
GO_AHEAD = frozenset({"approved", "deemed_accepted"})
DECIDED = frozenset({"approved", "refused", "held", "terminated"})
NOT_HELD = frozenset({"refused", "withdrawn"})


class Followed(Protocol):
    """What the tracker reads of a notice (assembly.models.Notice has it)."""

    status: str
    overdue: bool
    registration_date: date
    decision_due: datetime
    proposal_answer_due: datetime | None
    decided_at: datetime | None
    withdrawn_at: datetime | None
    event_date: date


@dataclass(frozen=True)
class Countdown:
    """How long until a day: calendar days, and working days after today up to it."""

    days: int
    working_days: int


@dataclass(frozen=True)
class Step:
    """One step of the tracker: its key, state, what it says (`kind`), its day, and the
    countdown to that day when it is still ahead."""

    key: str
    state: State
    kind: str
    day: date | None = None
    countdown: Countdown | None = None


def countdown(calendar: WorkCalendar, today: date, day: date) -> Countdown | None:
    """The countdown from today to `day` (None once the day is past)."""
    if day < today:
        return None
    working = calendar.count_working_days(today + timedelta(days=1), day + timedelta(days=1))
    return Countdown((day - today).days, working)


def _answer(notice: Followed, calendar: WorkCalendar, today: date) -> Step:
    due = calendar.local_date(notice.decision_due)
    if notice.status in UNDECIDED:
        if notice.overdue or due < today:
            return Step("answer", "current", "overdue", due)
        return Step("answer", "current", "due", due, countdown(calendar, today, due))
    if notice.status == "withdrawn" and notice.decided_at is None:
        return Step("answer", "skipped", "not_needed", due)
    if notice.status == "lapsed":
        return Step("answer", "done", "overdue", due)
    return Step("answer", "done", "answered", due)


def _decision(notice: Followed, calendar: WorkCalendar, today: date) -> Step:
    status = notice.status
    if status == "change_proposed":
        due = (calendar.local_date(notice.proposal_answer_due)
               if notice.proposal_answer_due else None)
        return Step("decision", "current", "proposal", due,
                    countdown(calendar, today, due) if due else None)
    if status == "deemed_accepted":
        return Step("decision", "done", "deemed", calendar.local_date(notice.decision_due))
    if status == "withdrawn":
        day = calendar.local_date(notice.withdrawn_at) if notice.withdrawn_at else None
        return Step("decision", "done", "withdrawn", day)
    if status == "lapsed":
        return Step("decision", "done", "lapsed", notice.event_date)
    if status in DECIDED and notice.decided_at is not None:
        return Step("decision", "done", "decided", calendar.local_date(notice.decided_at))
    return Step("decision", "upcoming", "pending")


def _event(notice: Followed, calendar: WorkCalendar, today: date) -> Step:
    day = notice.event_date
    if notice.status in NOT_HELD:
        return Step("event", "skipped", "not_held", day)
    if notice.status in ("held", "terminated"):
        return Step("event", "done", notice.status, day)
    if notice.status == "lapsed":
        return Step("event", "skipped", "undecided", day)
    if day < today:
        return Step("event", "done", "past", day)
    if day == today and notice.status in GO_AHEAD:
        return Step("event", "current", "today", day, countdown(calendar, today, day))
    return Step("event", "upcoming", "ahead", day, countdown(calendar, today, day))


def tracker(notice: Followed, calendar: WorkCalendar, today: date) -> list[Step]:
    """The four steps of a notice as its organizer reads them on `today` (a local date)."""
    return [
        Step("registered", "done", "registered", notice.registration_date),
        _answer(notice, calendar, today),
        _decision(notice, calendar, today),
        _event(notice, calendar, today),
    ]


def current_step(steps: list[Step]) -> Step | None:
    """The step under way (None when every step is done or skipped)."""
    return next((s for s in steps if s.state == "current"), None)
