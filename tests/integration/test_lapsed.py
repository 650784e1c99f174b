"""Silence only before the event (Art. 11(1)): a notice still undecided when its event
starts lapses, by the sweep, with its audit event, the officers told and the organizer
informed; a history never runs backwards in time."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from assembly.errors import Conflict, TransitionNotAllowed
from assembly.models import Notice, OutboxMessage, User
from assembly.services.audit import history
from assembly.services.deadlines import sweep
from assembly.services.decisions import DecisionInput
from assembly.services.reports import yearly_report
from assembly.services.review import decide, take_for_review
from tests.conftest import at
from tests.integration.conftest import count, events, last_event

# A rally on Thu 2021-05-20, 11:00-13:00, filed on Tue 18 May: too late (latest 13 May),
# its review period of three working days ends at the end of Fri 21 May, after the rally.
LATE = "2021-05-18T10:00:00+06:00"
START = "2021-05-20T11:00:00+06:00"
END = "2021-05-20T13:00:00+06:00"
AFTER_REVIEW = "2021-05-24T09:00:00+06:00"  # a late sweep: the review period is over too


def officer_email(session, officer) -> str:
    return session.get(User, officer.user_id).email


def test_a_notification_whose_review_ends_after_the_event_lapses_at_the_start(
    session, create_notice, officer
):
    notice = create_notice(filed_at=LATE)
    assert notice.decision_due > notice.starts_at
    session.commit()

    result = sweep(session, at(AFTER_REVIEW))
    session.commit()

    stored = session.get(Notice, notice.id)
    assert result.lapsed == [notice.reference] and result.deemed_accepted == []
    assert (stored.status, stored.go_ahead, stored.go_ahead_kind) == ("lapsed", False, None)
    event = last_event(session, stored)
    assert (event.trigger, event.from_state, event.to_state, event.at) == (
        "lapse", "received", "lapsed", at(START))
    assert (event.actor_id, event.actor_role) == (None, "system")
    told = {m.template: m.recipient for m in session.query(OutboxMessage).where(
        OutboxMessage.template.in_(("notice_lapsed", "notice_lapsed_officers")))}
    assert told == {"notice_lapsed": "aigerim@example.kz",
                    "notice_lapsed_officers": officer_email(session, officer)}
    report = yearly_report(session, 2021)
    assert (report["lapsed"], report["approved"], report["pending"]) == (1, 0, 0)


def test_the_lapse_happens_at_the_start_not_before_and_only_once(session, create_notice):
    notice = create_notice(filed_at=LATE)
    session.commit()
    assert sweep(session, at("2021-05-20T10:59:00+06:00")).total() == 0
    assert sweep(session, at(START)).lapsed == [notice.reference]
    assert sweep(session, at(AFTER_REVIEW)).total() == 0
    session.commit()
    assert [e[0] for e in events(session, notice)] == ["file", "lapse"]


MARCH = {"form": "march", "place": {"route": "shevchenko-street"}, "starts_at": START,
         "ends_at": END}


def test_an_application_flagged_overdue_then_lapses_in_time_order_on_a_late_sweep(
    session, create_notice, officer
):
    # Filed on Tue 4 May, the latest timely day: due at the end of 17 May, before the march.
    notice = create_notice(filed_at="2021-05-04T10:00:00+06:00", **MARCH)
    take_for_review(session, notice, actor=officer, now=at("2021-05-05T10:00:00+06:00"))
    session.commit()

    result = sweep(session, at(AFTER_REVIEW))  # the scheduler was down for a week
    session.commit()

    assert (result.flagged_overdue, result.lapsed) == ([notice.reference], [notice.reference])
    trail = history(session, session.get(Notice, notice.id))
    assert [e.trigger for e in trail] == ["file", "take_for_review", "flag_overdue", "lapse"]
    assert [e.at for e in trail] == sorted(e.at for e in trail)


def test_a_proposal_still_open_at_the_start_lapses_with_its_notice(
    session, create_notice, officer
):
    notice = create_notice(filed_at=LATE)
    decide(session, notice, DecisionInput("propose_change", proposal={
        "starts_at": "2021-05-27T11:00:00+06:00", "ends_at": "2021-05-27T13:00:00+06:00"}),
        actor=officer, now=at("2021-05-19T10:00:00+06:00"))
    assert notice.proposal_answer_due > notice.starts_at
    session.commit()

    result = sweep(session, at(AFTER_REVIEW))
    session.commit()

    assert (result.proposals_lapsed, result.lapsed) == ([], [notice.reference])
    trail = history(session, session.get(Notice, notice.id))
    assert [e.trigger for e in trail] == ["file", "propose_change", "lapse"]
    assert [e.at for e in trail] == sorted(e.at for e in trail)


@pytest.mark.parametrize(
    ("action", "call"),
    [
        ("review", lambda s, n, o, now: take_for_review(s, n, actor=o, now=now)),
        ("refuse", lambda s, n, o, now: decide(s, n, DecisionInput(
            "refuse", grounds=["14.1.4"], reasoning="Late."), actor=o, now=now)),
        ("approve", lambda s, n, o, now: decide(s, n, DecisionInput("approve"), actor=o,
                                                now=now)),
    ],
)
def test_nothing_is_decided_on_a_pending_notice_once_its_event_has_started(
    session, create_notice, officer, action, call
):
    # Before the sweep runs, an officer acts a minute after the start: too late.
    notice = create_notice(filed_at=LATE)
    with pytest.raises(TransitionNotAllowed, match="is_before_start"):
        call(session, notice, officer, at("2021-05-20T11:01:00+06:00"))
    assert notice.status == "received"


def test_a_lapsed_notice_is_terminal(session, create_notice, officer):
    notice = create_notice(filed_at=LATE)
    sweep(session, at(START))
    with pytest.raises(TransitionNotAllowed):
        decide(session, notice, DecisionInput("approve"), actor=officer, now=at(AFTER_REVIEW))
    assert session.get(Notice, notice.id).status == "lapsed"
    assert count(session, OutboxMessage, OutboxMessage.template == "decision_made") == 0


def test_a_sweep_lapsing_a_notice_and_an_officer_approving_it_at_once_leave_one_outcome(
    session, session_factory, create_notice, officer
):
    # The officer approves a minute before the start while two sweeps run at the start:
    # one outcome, one audit event of it, whichever wins.
    from tests.integration.conftest import run_at_once

    reference = create_notice(filed_at=LATE).reference
    session.commit()
    session.close()

    def work(i: int) -> str:
        with session_factory() as s:
            notice = s.scalars(select(Notice).where(Notice.reference == reference)).one()
            if i == 0:
                decide(s, notice, DecisionInput("approve"), actor=officer,
                       now=at("2021-05-20T10:59:00+06:00"))
            else:
                sweep(s, at(START))
            s.commit()
            return notice.status

    outcomes = run_at_once(3, work)

    with session_factory() as check:
        stored = check.scalars(select(Notice).where(Notice.reference == reference)).one()
        trail = [e.trigger for e in history(check, stored)]
    assert stored.status in ("approved", "lapsed")
    assert trail.count("lapse") + trail.count("approve") == 1
    assert [e for e in outcomes if isinstance(e, BaseException)
            and not isinstance(e, TransitionNotAllowed | Conflict)] == []
