"""Withdrawal in writing before the start frees the slot (Art. 5(1)(10))."""

from __future__ import annotations

import pytest

from assembly.errors import InvalidInput, TransitionNotAllowed
from assembly.models import Notice
from assembly.services.decisions import DecisionInput
from assembly.services.review import answer_proposal, decide, take_for_review, withdraw
from tests.conftest import at
from tests.integration.conftest import DURING_REVIEW, count, events, last_event, rally_slot

STATEMENT = "We withdraw our notice: the issue was settled with the akimat."


def bring_to(session, notice, state, officer, organizer) -> None:
    """Move a fresh notice to `state` through the services."""
    now = at(DURING_REVIEW)
    if state == "in_review":
        take_for_review(session, notice, actor=officer, now=now)
    elif state == "approved":
        decide(session, notice, DecisionInput("approve"), actor=officer, now=now)
    elif state == "change_proposed":
        decide(session, notice, DecisionInput("propose_change", proposal=rally_slot(
            "14:00", "16:00")), actor=officer, now=now)
    elif state == "approved_after_proposal":
        bring_to(session, notice, "change_proposed", officer, organizer)
        answer_proposal(session, notice, accept=True, actor=organizer, now=now)


@pytest.mark.parametrize(
    "state", ["received", "in_review", "change_proposed", "approved", "approved_after_proposal"]
)
def test_a_notice_withdrawn_before_the_start_frees_its_slot(
    session, create_notice, officer, organizer, state
):
    notice = create_notice()
    bring_to(session, notice, state, officer, organizer)
    before = notice.status

    withdraw(session, notice, statement=f"  {STATEMENT} ", actor=organizer,
             now=at("2021-05-20T10:59:59+06:00"))
    session.commit()

    stored = session.get(Notice, notice.id)
    assert stored.status == "withdrawn"
    assert stored.go_ahead is False
    assert stored.withdrawal_statement == STATEMENT
    assert stored.withdrawn_at == at("2021-05-20T10:59:59+06:00")
    event = last_event(session, stored)
    assert (event.trigger, event.from_state, event.to_state) == ("withdraw", before, "withdrawn")
    assert (event.actor_id, event.data["statement"]) == (organizer.user_id, STATEMENT)

    later = create_notice(
        filed_at="2021-05-15T10:00:00+06:00",
        starts_at=stored.starts_at.isoformat(),
        ends_at=stored.ends_at.isoformat(),
    )
    assert "place_occupied" not in {f.code for f in later.findings}
    decide(session, later, DecisionInput("approve"), actor=officer,
           now=at("2021-05-17T10:00:00+06:00"))
    assert later.go_ahead is True


def test_a_deemed_accepted_notice_may_be_withdrawn_before_the_start(
    session, create_notice, organizer
):
    from assembly.services.deadlines import sweep

    notice = create_notice()
    sweep(session, at("2021-05-19T09:00:00+06:00"))
    assert notice.status == "deemed_accepted"

    withdraw(session, notice, statement=STATEMENT, actor=organizer,
             now=at("2021-05-19T10:00:00+06:00"))

    assert (notice.status, notice.go_ahead) == ("withdrawn", False)


@pytest.mark.parametrize("statement", ["", "   ", None])
def test_a_withdrawal_needs_a_written_statement(session, create_notice, organizer, statement):
    notice = create_notice()

    with pytest.raises(InvalidInput) as raised:
        withdraw(session, notice, statement=statement, actor=organizer, now=at(DURING_REVIEW))

    assert [(e.field, e.code) for e in raised.value.errors] == [("statement", "required")]
    assert notice.status == "received"
    assert events(session, notice) == [("file", None, "received")]


@pytest.mark.parametrize(
    "now", ["2021-05-20T11:00:00+06:00", "2021-05-20T12:00:00+06:00", "2021-05-21T09:00:00+06:00"],
    ids=["at-the-start", "under-way", "after-the-end"],
)
def test_a_withdrawal_once_the_assembly_started_is_not_allowed(
    session, create_notice, officer, organizer, now
):
    notice = create_notice()
    decide(session, notice, DecisionInput("approve"), actor=officer, now=at(DURING_REVIEW))
    session.commit()

    with pytest.raises(TransitionNotAllowed):
        withdraw(session, notice, statement=STATEMENT, actor=organizer, now=at(now))
    session.rollback()

    stored = session.get(Notice, notice.id)
    assert (stored.status, stored.go_ahead, stored.withdrawn_at) == ("approved", True, None)
    assert count(session, Notice, Notice.status == "withdrawn") == 0


def test_a_refused_notice_cannot_be_withdrawn(session, create_notice, officer, organizer):
    notice = create_notice()
    decide(session, notice, DecisionInput("refuse", grounds=["14.1.3"], reasoning="Unsafe."),
           actor=officer, now=at(DURING_REVIEW))

    with pytest.raises(TransitionNotAllowed):
        withdraw(session, notice, statement=STATEMENT, actor=organizer,
                 now=at("2021-05-15T10:00:00+06:00"))

    assert notice.status == "refused"
