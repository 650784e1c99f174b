"""A special place is never held by two overlapping go-ahead notices, whoever gives it
(DESIGN.md "Booking integrity"): an officer's approval, an accepted proposal, the sweep's
deemed acceptance; in one transaction and across transactions."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import select

from assembly.actors import Actor
from assembly.errors import Conflict
from assembly.models import Notice, NoticeEvent, OutboxMessage
from assembly.services.audit import verify_chains
from assembly.services.deadlines import sweep
from assembly.services.decisions import DecisionInput
from assembly.services.review import answer_proposal, decide
from tests.conftest import at
from tests.integration.conftest import count, rally_slot

SWEPT = "2021-05-19T09:00:00+06:00"  # the review period of 13 May's filings is over
PATHS = ("approve", "approve_restricted", "accept_proposal", "deem_accept")
GIVEN_BY_OFFICER_OR_ORGANIZER = ("approve", "approve_restricted", "accept_proposal")


@dataclass(frozen=True)
class Step:
    """One thing done as of an instant: filing, a decision, an answer, a sweep."""

    at: str
    run: Callable[[], Any]


def go_ahead_at_sary_arka(session) -> list[str]:
    """References of the notices holding Sary-Arka square on 20 May, earliest filed first."""
    return list(session.scalars(select(Notice.reference).where(
        Notice.place_id == "sary-arka-square", Notice.go_ahead.is_(True),
    ).order_by(Notice.filed_at)))


class Paths:
    """Each way a notice gets its place, as steps in time, for a notice of 20 May at
    Sary-Arka square from `start` to `end`; `first` files it on the last timely day (its
    review period ends before the sweep), otherwise on 17 May (due after the sweep). A
    proposal is made an hour after filing, while the place is still free (an officer may
    propose only a free slot), and answered on the day of the decisions: the first
    notice's on 18 May, the other's on 19 May."""

    def __init__(self, session, create_notice, officer: Actor, organizer: Actor) -> None:
        self.session = session
        self.create_notice = create_notice
        self.officer = officer
        self.organizer = organizer
        self.notices: dict[str, Notice] = {}

    def steps(self, name: str, path: str, start: str, end: str, first: bool) -> list[Step]:
        filed = "2021-05-13T10:00:00+06:00" if first else "2021-05-17T10:00:00+06:00"
        if path == "deem_accept":  # filed on time, after the holder, and never answered
            filed = "2021-05-13T10:00:00+06:00" if first else "2021-05-13T11:00:00+06:00"
        day = "2021-05-18" if first else "2021-05-19"
        proposed = f"{filed[:10]}T11:00:00+06:00"
        site = "gandhi-park" if path == "accept_proposal" else "sary-arka-square"

        def file() -> None:
            self.notices[name] = self.create_notice(filed_at=filed,
                                                    **rally_slot(start, end, site))

        steps = [Step(filed, file)]
        if path in ("approve", "approve_restricted"):
            given = DecisionInput(path, restrictions=["no_tents"] if path != "approve" else ())
            steps.append(Step(f"{day}T10:00:00+06:00", lambda: decide(
                self.session, self.notices[name], given, actor=self.officer,
                now=at(f"{day}T10:00:00+06:00"))))
        elif path == "accept_proposal":
            proposal = {"place": {"site": "sary-arka-square"}}
            steps.append(Step(proposed, lambda: decide(
                self.session, self.notices[name],
                DecisionInput("propose_change", proposal=proposal), actor=self.officer,
                now=at(proposed))))
            steps.append(Step(f"{day}T11:00:00+06:00", lambda: answer_proposal(
                self.session, self.notices[name], accept=True, actor=self.organizer,
                now=at(f"{day}T11:00:00+06:00"))))
        return steps


@pytest.mark.parametrize("taker", PATHS)
@pytest.mark.parametrize("holder", PATHS)
def test_a_place_given_by_one_path_is_not_given_again_by_another(
    session, create_notice, officer, organizer, holder, taker
):
    paths = Paths(session, create_notice, officer, organizer)
    steps = (paths.steps("holder", holder, "11:00", "13:00", first=True)
             + paths.steps("taker", taker, "12:00", "14:00", first=False)
             + [Step(SWEPT, lambda: sweep(session, at(SWEPT)))])
    last_of_taker = max(s.at for s in paths.steps("taker", taker, "12:00", "14:00", False))
    refused: list[Conflict] = []
    for step in sorted(steps, key=lambda s: s.at):
        if step.at == last_of_taker and taker in GIVEN_BY_OFFICER_OR_ORGANIZER:
            taker_notice = paths.notices["taker"]
            before = (taker_notice.status, taker_notice.audit_seq)
            with pytest.raises(Conflict) as raised:
                step.run()
            refused.append(raised.value)
            session.rollback()
            assert (taker_notice.status, taker_notice.audit_seq) == before
        else:
            step.run()
            session.commit()

    holder_notice, taker_notice = paths.notices["holder"], paths.notices["taker"]
    assert go_ahead_at_sary_arka(session) == [holder_notice.reference]
    if taker == "deem_accept":
        # Art. 11(1): the silent notification may still be held, but the place stays taken;
        # the officers are told to contact its organizer.
        assert (taker_notice.status, taker_notice.go_ahead) == ("deemed_accepted", False)
        assert count(session, OutboxMessage, OutboxMessage.notice_id == taker_notice.id,
                     OutboxMessage.template == "deemed_acceptance_conflict") >= 1
    else:
        assert refused and holder_notice.reference in str(refused[0])
        assert taker_notice.go_ahead is False
        assert taker_notice.status in ("received", "change_proposed")
    assert verify_chains(session)[1] == []


@pytest.mark.parametrize("size", [2, 3])
def test_overlapping_unanswered_notifications_in_one_sweep_hold_the_place_once(
    session, create_notice, create_user, size
):
    create_user("officer")
    slots = [("11:00", "13:00"), ("12:00", "14:00"), ("10:00", "11:30")][:size]
    notices = [create_notice(filed_at=f"2021-05-13T{10 + i}:00:00+06:00", **rally_slot(*slot))
               for i, slot in enumerate(slots)]
    session.commit()

    result = sweep(session, at(SWEPT))
    session.commit()

    assert result.deemed_accepted == [n.reference for n in notices]
    assert result.left_behind == []
    assert [n.status for n in notices] == ["deemed_accepted"] * size
    # The one filed first holds the place (LAW.md §5, place_occupied); the others are told.
    assert [n.go_ahead for n in notices] == [True] + [False] * (size - 1)
    assert go_ahead_at_sary_arka(session) == [notices[0].reference]
    told = session.scalars(select(OutboxMessage.notice_id).where(
        OutboxMessage.template == "deemed_acceptance_conflict")).all()
    assert sorted(set(told)) == sorted(n.id for n in notices[1:])
    assert verify_chains(session)[1] == []
    assert sweep(session, at(SWEPT)).total() == 0


def test_a_notice_withdrawn_in_the_same_sweep_window_frees_the_place_for_the_next(
    session, create_notice, organizer
):
    from assembly.services.review import withdraw

    first = create_notice(**rally_slot("11:00", "13:00"))
    second = create_notice(filed_at="2021-05-13T11:00:00+06:00", **rally_slot("12:00", "14:00"))
    withdraw(session, first, statement="We cancel it.", actor=organizer,
             now=at("2021-05-14T10:00:00+06:00"))
    session.commit()

    sweep(session, at(SWEPT))
    session.commit()

    assert go_ahead_at_sary_arka(session) == [second.reference]


def test_a_decision_and_a_sweep_in_one_transaction_see_each_other(
    session, create_notice, officer
):
    silent = create_notice(**rally_slot("11:00", "13:00"))
    late = create_notice(filed_at="2021-05-17T10:00:00+06:00", **rally_slot("12:00", "14:00"))
    session.commit()

    sweep(session, at(SWEPT))  # not committed: the approval below must still see it
    with pytest.raises(Conflict):
        decide(session, late, DecisionInput("approve"), actor=officer,
               now=at("2021-05-19T10:00:00+06:00"))
    session.rollback()

    assert go_ahead_at_sary_arka(session) == []
    assert session.get(Notice, silent.id).status == "received"
    assert count(session, NoticeEvent, NoticeEvent.trigger == "approve") == 0
