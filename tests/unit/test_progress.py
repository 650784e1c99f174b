"""The tracker of a notice: registered -> the akimat's answer due -> decision -> the day,
each step done, current, upcoming or skipped, with countdowns on the rules' calendar.

The usual case: a rally on Thu 2021-05-20, registered on Thu 2021-05-13; the review ends
on Tue 2021-05-18 (three working days: Fri 14, Mon 17, Tue 18).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime

import pytest

from assembly.notices.progress import Countdown, current_step, tracker
from assembly.services.law import default_law
from tests.conftest import at

CALENDAR = default_law().calendar


@dataclass(frozen=True)
class Followed:
    status: str = "received"
    overdue: bool = False
    registration_date: date = date(2021, 5, 13)
    decision_due: datetime = at("2021-05-18T23:59:59+06:00")
    proposal_answer_due: datetime | None = None
    decided_at: datetime | None = None
    withdrawn_at: datetime | None = None
    event_date: date = date(2021, 5, 20)


def states(notice: Followed, today: date) -> list[tuple[str, str, str]]:
    return [(s.key, s.state, s.kind) for s in tracker(notice, CALENDAR, today)]


def test_a_notice_under_review_counts_down_to_the_answer_in_calendar_and_working_days():
    steps = tracker(Followed(), CALENDAR, date(2021, 5, 14))  # a Friday

    assert [(s.key, s.state) for s in steps] == [
        ("registered", "done"), ("answer", "current"), ("decision", "upcoming"),
        ("event", "upcoming")]
    assert steps[1].day == date(2021, 5, 18)
    assert steps[1].countdown == Countdown(days=4, working_days=2)  # Mon 17, Tue 18
    assert steps[3].countdown == Countdown(days=6, working_days=4)
    assert current_step(steps) is steps[1]


def test_on_the_last_day_of_the_review_the_answer_is_due_today():
    steps = tracker(Followed(status="in_review"), CALENDAR, date(2021, 5, 18))
    assert steps[1].countdown == Countdown(days=0, working_days=0)


def test_an_undecided_notice_past_its_review_period_says_the_akimat_is_late():
    assert states(Followed(overdue=True), date(2021, 5, 19))[1] == ("answer", "current",
                                                                   "overdue")


@pytest.mark.parametrize(("notice", "expected"), [
    (Followed(status="approved", decided_at=at("2021-05-14T12:00:00+06:00")),
     [("answer", "done", "answered"), ("decision", "done", "decided"),
      ("event", "upcoming", "ahead")]),
    (Followed(status="deemed_accepted"),
     [("answer", "done", "answered"), ("decision", "done", "deemed"),
      ("event", "upcoming", "ahead")]),
    (Followed(status="change_proposed", decided_at=at("2021-05-14T12:00:00+06:00"),
              proposal_answer_due=at("2021-05-17T23:59:59+06:00")),
     [("answer", "done", "answered"), ("decision", "current", "proposal"),
      ("event", "upcoming", "ahead")]),
    (Followed(status="refused", decided_at=at("2021-05-14T12:00:00+06:00")),
     [("answer", "done", "answered"), ("decision", "done", "decided"),
      ("event", "skipped", "not_held")]),
    (Followed(status="withdrawn", withdrawn_at=at("2021-05-14T12:00:00+06:00")),
     [("answer", "skipped", "not_needed"), ("decision", "done", "withdrawn"),
      ("event", "skipped", "not_held")]),
    (Followed(status="lapsed"),
     [("answer", "done", "overdue"), ("decision", "done", "lapsed"),
      ("event", "skipped", "undecided")]),
], ids=["approved", "deemed_accepted", "change_proposed", "refused", "withdrawn", "lapsed"])
def test_each_state_of_the_workflow_shows_as_such(notice, expected):
    assert states(notice, date(2021, 5, 16))[1:] == expected


def test_a_proposal_counts_down_to_the_organizer_s_answer():
    notice = Followed(status="change_proposed", decided_at=at("2021-05-14T12:00:00+06:00"),
                      proposal_answer_due=at("2021-05-17T23:59:59+06:00"))
    step = tracker(notice, CALENDAR, date(2021, 5, 15))[2]
    assert (step.day, step.countdown) == (date(2021, 5, 17), Countdown(2, 1))


@pytest.mark.parametrize(("status", "today", "expected"), [
    ("approved", date(2021, 5, 20), ("event", "current", "today")),
    ("approved", date(2021, 5, 21), ("event", "done", "past")),
    ("held", date(2021, 5, 21), ("event", "done", "held")),
    ("terminated", date(2021, 5, 20), ("event", "done", "terminated")),
])
def test_the_day_of_the_assembly_is_current_on_the_day_and_done_after(status, today, expected):
    notice = replace(Followed(), status=status, decided_at=at("2021-05-14T12:00:00+06:00"))
    assert states(notice, today)[3] == expected
