"""A refusal cites Art. 14(1) grounds the record supports, with written reasoning (LAW.md §4)."""

from __future__ import annotations

import pytest

from assembly.errors import InvalidInput
from assembly.models import Decision, Notice
from assembly.services.decisions import DecisionInput
from assembly.services.review import answer_proposal, decide
from tests.conftest import at
from tests.integration.conftest import DURING_REVIEW, LATE_FILED, count, rally_slot

REASONING = "Written reasoning of the refusal."


def refuse(grounds, reasoning=REASONING) -> DecisionInput:
    return DecisionInput("refuse", grounds=grounds, reasoning=reasoning)


def refusal_errors(session, notice, decision, actor, now) -> dict[str, str]:
    """The field errors a refusal gets; asserts that nothing was stored."""
    with pytest.raises(InvalidInput) as raised:
        decide(session, notice, decision, actor=actor, now=at(now))
    session.flush()
    assert notice.status in ("received", "in_review")
    assert count(session, Decision, Decision.outcome == "refuse") == 0
    return {e.field: e.code for e in raised.value.errors}


@pytest.mark.parametrize(
    ("decision", "expected"),
    [
        (refuse([]), {"grounds": "required"}),
        (refuse(["14.1.3"], reasoning=""), {"reasoning": "required"}),
        (refuse(["14.1.3"], reasoning="   "), {"reasoning": "required"}),
        (refuse([], reasoning=None), {"grounds": "required", "reasoning": "required"}),
        (refuse(["14.1.99"]), {"grounds.0": "unknown"}),
        (refuse(["14.1.3", "art-5"]), {"grounds.1": "unknown"}),
    ],
    ids=["no-ground", "no-reasoning", "blank-reasoning", "neither", "unknown-ground",
         "one-unknown-ground"],
)
def test_a_refusal_needs_grounds_from_the_closed_list_and_reasoning(
    session, create_notice, officer, decision, expected
):
    notice = create_notice()

    errors = refusal_errors(session, notice, decision, officer, DURING_REVIEW)

    assert errors == expected


def test_a_timely_notice_cannot_be_refused_for_late_filing(session, create_notice, officer):
    notice = create_notice()

    errors = refusal_errors(session, notice, refuse(["14.1.4"]), officer, DURING_REVIEW)

    assert errors == {"grounds.0": "not_supported"}


def test_a_late_notice_can_be_refused_for_late_filing(session, create_notice, officer):
    notice = create_notice(filed_at=LATE_FILED)

    decide(session, notice, refuse(["14.1.4"]), actor=officer,
           now=at("2021-05-17T10:00:00+06:00"))

    assert notice.status == "refused"
    assert [g.ground for g in notice.decision.grounds] == ["14.1.4"]


def test_a_free_place_cannot_be_refused_as_occupied(session, create_notice, officer):
    notice = create_notice()

    errors = refusal_errors(session, notice, refuse(["14.1.10"]), officer, DURING_REVIEW)

    assert errors == {"grounds.0": "not_supported"}


def test_an_occupied_place_could_be_refused_without_a_proposal_before_2025(
    session, create_notice, officer
):
    create_notice(**rally_slot("11:00", "13:00"))
    later = create_notice(filed_at="2021-05-13T11:00:00+06:00", **rally_slot("12:00", "14:00"))

    decide(session, later, refuse(["14.1.10"]), actor=officer, now=at(DURING_REVIEW))

    assert later.status == "refused"


def test_a_refusal_for_occupancy_is_judged_against_the_current_bookings(
    session, create_notice, officer
):
    # The earlier notice was withdrawn: the place is free again, 14.1.10 no longer holds.
    from assembly.actors import Actor
    from assembly.services.review import withdraw

    first = create_notice(**rally_slot("11:00", "13:00"))
    later = create_notice(filed_at="2021-05-13T11:00:00+06:00", **rally_slot("12:00", "14:00"))
    assert "place_occupied" in {f.code for f in later.findings}
    withdraw(session, first, statement="We cancel.", actor=Actor(first.owner_id, "citizen"),
             now=at("2021-05-13T12:00:00+06:00"))

    errors = refusal_errors(session, later, refuse(["14.1.10"]), officer, DURING_REVIEW)

    assert errors == {"grounds.0": "not_supported"}


# Since CC resolution 61-НП (2025-01-20), 14.1.10 only after an alternative was proposed.
# A rally at Imanov square (2024 places) on Thu 2025-05-22, 11:00-13:00 (Almaty UTC+5),
# both notices registered on Mon 2025-05-12: review period until the end of 2025-05-15.
RALLY_2025 = {
    "starts_at": "2025-05-22T11:00:00+05:00",
    "ends_at": "2025-05-22T13:00:00+05:00",
    "place": {"site": "imanov-square"},
}
SECOND_2025 = {**RALLY_2025, "starts_at": "2025-05-22T12:00:00+05:00",
               "ends_at": "2025-05-22T14:00:00+05:00"}


@pytest.fixture
def occupied_2025(create_notice):
    """A notice of 2025 filed after another one holding the same place and time."""
    create_notice(filed_at="2025-05-12T09:00:00+05:00", **RALLY_2025)
    later = create_notice(filed_at="2025-05-12T10:00:00+05:00", **SECOND_2025)
    assert "place_occupied" in {f.code for f in later.findings}
    assert "late_filing" not in {f.code for f in later.findings}
    return later


def test_since_2025_an_occupied_place_needs_a_proposal_before_a_refusal(
    session, occupied_2025, officer
):
    errors = refusal_errors(session, occupied_2025, refuse(["14.1.10"]), officer,
                            "2025-05-13T10:00:00+05:00")

    assert errors == {"grounds.0": "proposal_required"}


def test_since_2025_an_occupied_place_may_be_refused_after_a_declined_proposal(
    session, occupied_2025, officer, organizer
):
    notice = occupied_2025
    proposal = {"starts_at": "2025-05-22T14:00:00+05:00", "ends_at": "2025-05-22T16:00:00+05:00"}
    decide(session, notice, DecisionInput("propose_change", proposal=proposal), actor=officer,
           now=at("2025-05-13T10:00:00+05:00"))
    answer_proposal(session, notice, accept=False, actor=organizer,
                    now=at("2025-05-13T15:00:00+05:00"))
    assert notice.status == "in_review"

    decide(session, notice, refuse(["14.1.10"]), actor=officer,
           now=at("2025-05-14T10:00:00+05:00"))
    session.commit()

    stored = session.get(Notice, notice.id)
    assert stored.status == "refused"
    assert [g.ground for g in stored.decision.grounds] == ["14.1.10"]


def test_the_signature_limb_of_14_1_5_is_offered_only_where_a_required_signature_is_missing(
    session, citizen, officer, draft, law, eds
):
    from assembly.services.filing import file_notice
    from assembly.services.queue import record_today

    body = draft()
    signed = file_notice(session, body, owner=citizen, now=at("2021-05-13T10:00:00+06:00"),
                         signature=eds.sign_draft(body), signing=eds.signing()).notice
    errors = refusal_errors(session, signed, refuse(["14.1.5"]), officer, DURING_REVIEW)
    assert errors == {"grounds.0": "not_supported"}
    # A training instance takes an unsigned filing; the rules required a signature.
    unsigned = file_notice(session, draft(**rally_slot("15:00", "17:00")), owner=citizen,
                           now=at("2021-05-13T11:00:00+06:00"),
                           signing=eds.signing(enforced=False)).notice
    assert "signature_missing" in record_today(session, unsigned, law).codes()

    decide(session, unsigned, refuse(["14.1.5"]), actor=officer, now=at(DURING_REVIEW))

    assert unsigned.status == "refused"
    assert [g.ground for g in unsigned.decision.grounds] == ["14.1.5"]
