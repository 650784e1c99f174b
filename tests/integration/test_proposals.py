"""The organizer's answer to a proposed place or time (Art. 11(1), 13(1))."""

from __future__ import annotations

from datetime import timedelta

import pytest

from assembly.errors import InvalidInput, PlaceTaken, TransitionNotAllowed
from assembly.i18n import field_error_message
from assembly.models import Decision, Notice, NoticeEvent
from assembly.services.deadlines import sweep
from assembly.services.decisions import DecisionInput
from assembly.services.review import answer_proposal, decide
from tests.conftest import at
from tests.integration.conftest import DURING_REVIEW, count, last_event, rally_slot

ANSWERED = "2021-05-15T12:00:00+06:00"


def propose(session, notice, officer, **proposal) -> None:
    decide(session, notice, DecisionInput("propose_change", proposal=proposal), actor=officer,
           now=at(DURING_REVIEW))


@pytest.mark.parametrize(
    ("proposal", "starts", "ends", "place"),
    [
        (rally_slot("14:00", "16:00"), "14:00", "16:00", "sary-arka-square"),
        ({"place": {"site": "gandhi-park"}}, "11:00", "13:00", "gandhi-park"),
        (rally_slot("15:00", "17:00", "gandhi-park"), "15:00", "17:00", "gandhi-park"),
    ],
    ids=["another-time", "another-place", "both"],
)
def test_accepting_a_proposal_approves_the_notice_at_the_proposed_place_and_time(
    session, create_notice, officer, organizer, proposal, starts, ends, place
):
    notice = create_notice()
    propose(session, notice, officer, **proposal)

    answer_proposal(session, notice, accept=True, actor=organizer, now=at(ANSWERED))
    session.commit()

    stored = session.get(Notice, notice.id)
    assert stored.status == "approved"
    assert stored.starts_at == at(f"2021-05-20T{starts}:00+06:00")
    assert stored.ends_at == at(f"2021-05-20T{ends}:00+06:00")
    assert stored.place_id == place
    assert (stored.go_ahead, stored.go_ahead_kind) == (True, "change_accepted")
    assert stored.proposal_answer_due is None
    event = last_event(session, stored)
    assert (event.trigger, event.from_state, event.to_state) == (
        "accept_proposal", "change_proposed", "approved"
    )
    assert (event.actor_id, event.actor_role) == (organizer.user_id, "citizen")


def test_an_accepted_proposal_holds_the_new_slot_and_frees_the_old_one(
    session, create_notice, officer, organizer
):
    notice = create_notice()
    propose(session, notice, officer, **rally_slot("14:00", "16:00"))
    answer_proposal(session, notice, accept=True, actor=organizer, now=at(ANSWERED))

    old_slot = create_notice(filed_at=ANSWERED, **rally_slot("11:00", "13:00"))
    new_slot = create_notice(filed_at=ANSWERED, **rally_slot("15:00", "17:00"))

    assert "place_occupied" not in {f.code for f in old_slot.findings}
    assert "place_occupied" in {f.code for f in new_slot.findings}


def test_accepting_a_proposal_for_a_slot_held_meanwhile_conflicts(
    session, create_notice, officer, organizer
):
    notice = create_notice()
    other = create_notice(filed_at="2021-05-13T11:00:00+06:00", **rally_slot("14:00", "16:00"))
    propose(session, notice, officer, **rally_slot("14:00", "16:00"))
    decide(session, other, DecisionInput("approve"), actor=officer, now=at(DURING_REVIEW))
    session.commit()

    with pytest.raises(PlaceTaken) as taken:
        answer_proposal(session, notice, accept=True, actor=organizer, now=at(ANSWERED))
    session.rollback()

    assert session.get(Notice, notice.id).status == "change_proposed"
    assert count(session, Notice, Notice.go_ahead.is_(True)) == 1
    # Said plainly to the organizer: since and until when, never by which notice.
    assert taken.value.params == {
        "kind": "accept_proposal", "place_id": "sary-arka-square",
        "taken_from": "2021-05-20T14:00+06:00", "taken_until": "2021-05-20T16:00+06:00"}


@pytest.fixture
def held(session, create_notice, officer) -> Notice:
    """An approved rally holding Sary-Arka square on 20 May from 14:00 to 16:00."""
    other = create_notice(filed_at="2021-05-13T11:00:00+06:00", **rally_slot("14:00", "16:00"))
    decide(session, other, DecisionInput("approve"), actor=officer, now=at(DURING_REVIEW))
    return other


@pytest.mark.parametrize("proposal", [
    rally_slot("14:00", "16:00"),
    rally_slot("15:59", "17:00"),
    rally_slot("12:00", "14:01"),
    {"starts_at": "2021-05-20T13:00:00+06:00", "ends_at": "2021-05-20T18:00:00+06:00"},
], ids=["the-same-slot", "overlapping-its-end", "overlapping-its-start", "time-only"])
def test_an_officer_cannot_propose_a_slot_a_go_ahead_notice_holds(
    session, create_notice, officer, held, proposal
):
    notice = create_notice()
    before = (count(session, Decision), count(session, NoticeEvent))

    with pytest.raises(InvalidInput) as refused:
        propose(session, notice, officer, **proposal)

    [error] = refused.value.errors
    assert (error.field, error.code) == ("proposal", "place_taken")
    assert error.params["references"] == [held.reference]
    assert (error.params["taken_from"], error.params["taken_until"]) == (
        "2021-05-20T14:00+06:00", "2021-05-20T16:00+06:00")
    assert notice.status == "received" and not notice.proposal_made
    assert (count(session, Decision), count(session, NoticeEvent)) == before


@pytest.mark.parametrize("proposal", [
    rally_slot("16:00", "18:00"), rally_slot("12:00", "14:00"),
    rally_slot("14:00", "16:00", "gandhi-park"),
], ids=["right-after", "right-before", "another-place"])
def test_a_slot_next_to_a_held_one_or_at_another_place_may_be_proposed(
    session, create_notice, officer, held, proposal
):
    notice = create_notice()

    propose(session, notice, officer, **proposal)

    assert notice.status == "change_proposed"


def test_a_slot_only_pending_notices_ask_for_may_be_proposed(
    session, create_notice, officer
):
    create_notice(filed_at="2021-05-13T11:00:00+06:00", **rally_slot("14:00", "16:00"))
    notice = create_notice()

    propose(session, notice, officer, **rally_slot("14:00", "16:00"))

    assert notice.status == "change_proposed"


@pytest.mark.parametrize(("lang", "words"), [
    ("en", "The proposed place is already held at that time"),
    ("ru", "Предложенное место в это время уже занято"),
    ("kk", "Ұсынылған орын бұл уақытта"),
])
def test_the_clash_of_a_proposal_reads_in_each_language(
    session, create_notice, officer, held, lang, words
):
    notice = create_notice()
    with pytest.raises(InvalidInput) as refused:
        propose(session, notice, officer, **rally_slot("15:00", "17:00"))

    text = field_error_message(refused.value.errors[0], lang)

    assert text.startswith(words) and held.reference in text
    assert "14:00" in text and "16:00" in text and "%(" not in text and "…" not in text


def test_declining_a_proposal_returns_the_notice_to_review(
    session, create_notice, officer, organizer
):
    notice = create_notice()
    propose(session, notice, officer, **rally_slot("14:00", "16:00"))

    answer_proposal(session, notice, accept=False, actor=organizer, now=at(ANSWERED))
    session.commit()

    stored = session.get(Notice, notice.id)
    assert stored.status == "in_review"
    assert stored.starts_at == at("2021-05-20T11:00:00+06:00")
    assert stored.go_ahead is False
    event = last_event(session, stored)
    assert (event.trigger, event.from_state, event.to_state) == (
        "decline_proposal", "change_proposed", "in_review"
    )


@pytest.mark.parametrize("accept", [True, False], ids=["accept", "decline"])
def test_an_answer_after_the_answer_period_is_not_allowed(
    session, create_notice, officer, organizer, accept
):
    notice = create_notice()
    propose(session, notice, officer, **rally_slot("14:00", "16:00"))
    too_late = notice.proposal_answer_due + timedelta(seconds=1)

    with pytest.raises(TransitionNotAllowed):
        answer_proposal(session, notice, accept=accept, actor=organizer,
                        now=too_late)

    assert notice.status == "change_proposed"


def test_an_unanswered_proposal_lapses_back_to_review_as_of_its_deadline(
    session, create_notice, officer
):
    notice = create_notice()
    propose(session, notice, officer, **rally_slot("14:00", "16:00"))
    answer_due = notice.proposal_answer_due
    session.commit()

    result = sweep(session, at("2021-05-19T23:00:00+06:00"))
    session.commit()

    stored = session.get(Notice, notice.id)
    assert result.proposals_lapsed == [notice.reference]
    assert stored.status == "in_review"
    event = last_event(session, stored)
    assert (event.trigger, event.from_state, event.to_state) == (
        "lapse_proposal", "change_proposed", "in_review"
    )
    assert (event.at, event.actor_role) == (answer_due, "system")
