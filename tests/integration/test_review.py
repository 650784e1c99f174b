"""An officer's review and decision (Art. 11, 13): states, records, deliveries, audit."""

from __future__ import annotations

import pytest

from assembly.errors import Conflict, InvalidInput, TransitionNotAllowed
from assembly.models import Decision, DecisionGround, Delivery, Notice, NoticeEvent, OutboxMessage
from assembly.services.decisions import DecisionInput
from assembly.services.review import decide, take_for_review
from tests.conftest import at
from tests.integration.conftest import (
    DECISION_DUE,
    DURING_REVIEW,
    count,
    events,
    last_event,
    rally_slot,
)

PROPOSAL = {"starts_at": "2021-05-20T14:00:00+06:00", "ends_at": "2021-05-20T16:00:00+06:00"}


def given(outcome: str, restriction: str, **extra) -> DecisionInput:
    """A valid decision of each outcome, as an officer would give it."""
    if outcome == "approve_restricted":
        extra.setdefault("restrictions", [restriction])
    if outcome == "propose_change":
        extra.setdefault("proposal", PROPOSAL)
    if outcome == "refuse":
        extra.setdefault("grounds", ["14.1.3"])
        extra.setdefault("reasoning", "The square is closed for repairs on that day.")
    return DecisionInput(outcome, **extra)


def test_an_officer_takes_a_received_notice_for_review(session, create_notice, officer):
    notice = create_notice()

    take_for_review(session, notice, actor=officer, now=at(DURING_REVIEW))

    assert notice.status == "in_review"
    event = last_event(session, notice)
    assert (event.trigger, event.from_state, event.to_state) == (
        "take_for_review", "received", "in_review"
    )
    assert (event.actor_id, event.actor_role, event.at) == (
        officer.user_id, "officer", at(DURING_REVIEW)
    )


@pytest.mark.parametrize(
    ("outcome", "status", "go_ahead"),
    [
        ("approve", "approved", True),
        ("approve_restricted", "approved", True),
        ("propose_change", "change_proposed", False),
        ("refuse", "refused", False),
    ],
)
@pytest.mark.parametrize("reviewed_first", [False, True], ids=["from-received", "from-in-review"])
def test_each_outcome_reaches_its_state_and_records_the_decision(
    session, create_notice, officer, restriction, outcome, status, go_ahead, reviewed_first
):
    notice = create_notice()
    if reviewed_first:
        take_for_review(session, notice, actor=officer, now=at(DURING_REVIEW))
    before = notice.status

    decision = decide(
        session, notice, given(outcome, restriction), actor=officer, now=at(DURING_REVIEW)
    )
    session.commit()

    stored = session.get(Notice, notice.id)
    assert stored.status == status
    assert stored.go_ahead is go_ahead
    assert stored.decided_at == at(DURING_REVIEW)
    assert stored.decision.id == decision.id
    assert (decision.outcome, decision.decided_by, decision.on_time) == (
        outcome, officer.user_id, True
    )
    event = last_event(session, stored)
    assert (event.trigger, event.from_state, event.to_state) == (outcome, before, status)
    assert (event.actor_id, event.actor_role, event.at) == (
        officer.user_id, "officer", at(DURING_REVIEW)
    )
    assert count(session, OutboxMessage, OutboxMessage.template == "decision_made") == 1


def test_an_approval_records_what_let_it_go_ahead(session, create_notice, officer):
    notice = create_notice()

    decide(session, notice, DecisionInput("approve"), actor=officer, now=at(DURING_REVIEW))

    assert notice.go_ahead_kind == "approve"
    assert notice.decision.restrictions == [] and notice.decision.reasoning is None


def test_a_restricted_approval_keeps_its_restrictions(
    session, create_notice, officer, restriction
):
    notice = create_notice()

    decide(session, notice, given("approve_restricted", restriction), actor=officer,
           now=at(DURING_REVIEW))
    session.commit()

    decision = session.query(Decision).one()
    assert decision.restrictions == [restriction]
    assert session.get(Notice, notice.id).go_ahead_kind == "approve_restricted"
    assert last_event(session, notice).data["restrictions"] == [restriction]


def test_a_proposal_keeps_the_proposed_time_and_an_answer_deadline(
    session, create_notice, officer, restriction
):
    notice = create_notice()

    decide(session, notice, given("propose_change", restriction), actor=officer,
           now=at(DURING_REVIEW))

    proposal = notice.decision.proposal
    assert at(proposal["starts_at"]) == at(PROPOSAL["starts_at"])
    assert at(proposal["ends_at"]) == at(PROPOSAL["ends_at"])
    assert proposal["place"] == {"site": "sary-arka-square"}
    assert notice.proposal_made is True
    assert notice.proposal_answer_due >= notice.decision_due
    # The notice itself keeps its place and time until the organizer accepts.
    assert notice.starts_at == at("2021-05-20T11:00:00+06:00")


def test_a_refusal_records_one_row_per_ground_and_the_reasoning(
    session, create_notice, officer, restriction
):
    notice = create_notice(filed_at="2021-05-14T10:00:00+06:00")  # late: 14.1.4 holds

    decide(
        session, notice,
        given("refuse", restriction, grounds=["14.1.3", "14.1.4"], reasoning="  Late and unsafe. "),
        actor=officer, now=at("2021-05-17T10:00:00+06:00"),
    )
    session.commit()

    assert sorted(g.ground for g in session.query(DecisionGround).all()) == ["14.1.3", "14.1.4"]
    assert {g.notice_id for g in session.query(DecisionGround).all()} == {notice.id}
    assert session.query(Decision).one().reasoning == "Late and unsafe."
    assert last_event(session, notice).data["grounds"] == ["14.1.3", "14.1.4"]


@pytest.mark.parametrize(
    ("channels", "expected"),
    [
        (["hand"], ["hand"]),
        (["registered_mail"], ["registered_mail"]),
        (["email"], ["email", "registered_mail"]),  # Art. 11(2): doubled by registered mail
        (["sms"], ["sms", "registered_mail"]),
        (["email", "sms"], ["email", "sms", "registered_mail"]),
        (["eds"], ["eds"]),
        (["email", "registered_mail"], ["email", "registered_mail"]),
    ],
)
def test_a_decision_sent_by_email_or_sms_also_goes_by_registered_mail(
    session, create_notice, officer, law, channels, expected
):
    known = law.at(at(DURING_REVIEW).date()).delivery_channels
    if not set(channels) <= set(known):
        pytest.fail(f"the rules name the delivery channels {known}, not {channels}")
    notice = create_notice()

    decision = decide(session, notice, DecisionInput("approve", channels=channels),
                      actor=officer, now=at(DURING_REVIEW))
    session.commit()

    deliveries = session.query(Delivery).order_by(Delivery.id).all()
    assert sorted(d.channel for d in deliveries) == sorted(expected)
    assert {(d.notice_id, d.decision_id, d.status) for d in deliveries} == {
        (notice.id, decision.id, "pending")
    }


def test_a_decision_after_the_review_period_is_recorded_as_late(session, create_notice, officer):
    notice = create_notice()

    decision = decide(session, notice, DecisionInput("approve"), actor=officer,
                      now=at("2021-05-19T09:00:00+06:00"))

    assert decision.on_time is False


def test_a_refusal_after_the_review_period_is_not_allowed(session, create_notice, officer):
    notice = create_notice()
    session.commit()

    with pytest.raises(TransitionNotAllowed):
        decide(session, notice, given("refuse", ""), actor=officer,
               now=at("2021-05-19T00:00:00+06:00"))
    session.rollback()

    assert session.get(Notice, notice.id).status == "received"
    assert count(session, Decision) == 0


def test_a_refusal_on_the_last_second_of_the_review_period_is_allowed(
    session, create_notice, officer
):
    notice = create_notice()

    decide(session, notice, given("refuse", ""), actor=officer, now=at(DECISION_DUE))

    assert notice.status == "refused"


def test_approving_a_notice_overlapping_an_approved_one_at_the_same_place_conflicts(
    session, create_notice, officer
):
    first = create_notice(**rally_slot("11:00", "13:00"))
    second = create_notice(filed_at="2021-05-13T11:00:00+06:00", **rally_slot("12:00", "14:00"))
    decide(session, first, DecisionInput("approve"), actor=officer, now=at(DURING_REVIEW))
    session.commit()

    with pytest.raises(Conflict):
        decide(session, second, DecisionInput("approve"), actor=officer, now=at(DURING_REVIEW))
    session.rollback()

    stored = session.get(Notice, second.id)
    assert (stored.status, stored.go_ahead) == ("received", False)
    assert count(session, Notice, Notice.go_ahead.is_(True)) == 1
    assert count(session, Decision) == 1


def test_an_adjacent_notice_at_the_same_place_can_be_approved(session, create_notice, officer):
    first = create_notice(**rally_slot("11:00", "13:00"))
    second = create_notice(filed_at="2021-05-13T11:00:00+06:00", **rally_slot("13:00", "15:00"))
    decide(session, first, DecisionInput("approve"), actor=officer, now=at(DURING_REVIEW))

    decide(session, second, DecisionInput("approve"), actor=officer, now=at(DURING_REVIEW))
    session.commit()

    assert count(session, Notice, Notice.go_ahead.is_(True)) == 2


@pytest.mark.parametrize(
    ("outcome", "now"),
    [
        ("approve", "2021-05-20T11:00:00+06:00"),  # the assembly has started
        ("propose_change", "2021-05-20T11:00:00+06:00"),
        ("approve", DURING_REVIEW),  # already refused below
        ("propose_change", DURING_REVIEW),
        ("refuse", DURING_REVIEW),
    ],
)
def test_a_forbidden_transition_changes_nothing(
    session, create_notice, officer, restriction, outcome, now
):
    notice = create_notice()
    if now == DURING_REVIEW:
        decide(session, notice, given("refuse", restriction), actor=officer,
               now=at("2021-05-13T12:00:00+06:00"))
    session.commit()
    before = (notice.status, notice.version_id, notice.proposal_made,
              notice.proposal_answer_due, notice.go_ahead)
    trail = events(session, notice)
    decisions = count(session, Decision)

    with pytest.raises(TransitionNotAllowed):
        decide(session, notice, given(outcome, restriction), actor=officer, now=at(now))

    # Nothing changed, neither in memory nor, after the request's rollback, in the database.
    assert (notice.status, notice.version_id, notice.proposal_made,
            notice.proposal_answer_due, notice.go_ahead) == before
    session.rollback()
    stored = session.get(Notice, notice.id)
    assert (stored.status, stored.version_id, stored.proposal_made) == before[:3]
    assert events(session, stored) == trail
    assert count(session, Decision) == decisions
    assert count(session, NoticeEvent) == len(trail)


@pytest.mark.parametrize(
    ("decision", "field", "code"),
    [
        (DecisionInput("dismiss"), "outcome", "unknown"),
        (DecisionInput("approve", grounds=["14.1.3"]), "grounds", "not_allowed"),
        (DecisionInput("approve_restricted"), "restrictions", "required"),
        (DecisionInput("approve_restricted", restrictions=["no_singing"]), "restrictions.0",
         "unknown"),
        (DecisionInput("propose_change"), "proposal", "required"),
        (DecisionInput("approve", channels=["pigeon"]), "channels.0", "unknown"),
        (DecisionInput("propose_change", proposal={"starts_at": "2021-05-20T18:00:00+06:00"}),
         "proposal.ends_at", None),
    ],
    ids=["unknown-outcome", "grounds-on-approval", "restricted-without-restrictions",
         "unknown-restriction", "proposal-missing", "unknown-channel", "proposal-ends-first"],
)
def test_a_malformed_decision_is_rejected_field_by_field_and_changes_nothing(
    session, create_notice, officer, decision, field, code
):
    notice = create_notice()

    with pytest.raises(InvalidInput) as raised:
        decide(session, notice, decision, actor=officer, now=at(DURING_REVIEW))

    errors = {e.field: e.code for e in raised.value.errors}
    assert field in errors
    if code is not None:
        assert errors[field] == code
    assert (notice.status, notice.proposal_made) == ("received", False)
    session.flush()
    assert count(session, Decision) == 0
    assert events(session, notice) == [("file", None, "received")]
