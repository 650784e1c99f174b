"""Closures of special places (Art. 14(1)(10), works limb): recorded by officers, found by
the precheck, cited in a refusal, published as "closed" without internal detail."""

from __future__ import annotations

from datetime import date

import pytest

from assembly.errors import InvalidInput
from assembly.models import Closure, Notice
from assembly.services.closures import closed_on, published_closures, record_closure
from assembly.services.decisions import DecisionInput
from assembly.services.filing import file_notice, precheck
from assembly.services.review import answer_proposal, decide
from tests.conftest import at, dummy_draft
from tests.integration.conftest import DURING_REVIEW, FILED, count

WORKS = {
    "place": "sary-arka-square", "starts_at": "2021-05-19T08:00:00+06:00",
    "ends_at": "2021-05-21T20:00:00+06:00", "kind": "works",
    "reason": "Replacing the paving of the square.", "source": "Akimat letter No. 12-345",
}


def refuse(*grounds: str) -> DecisionInput:
    return DecisionInput("refuse", grounds=grounds, reasoning="The square is closed for works.")


def test_a_rally_at_a_square_closed_for_works_is_found_and_may_be_refused_on_14_1_10(
    session, officer, create_notice
):
    record_closure(session, WORKS, actor=officer, now=at(FILED))
    notice = create_notice()
    finding = next(f for f in notice.findings if f.code == "place_closed")
    assert (finding.ground, finding.severity) == ("14.1.10", "error")
    assert "place_occupied" not in {f.code for f in notice.findings}

    decide(session, notice, refuse("14.1.10"), actor=officer, now=at(DURING_REVIEW))

    assert notice.status == "refused"


def test_a_closure_recorded_after_filing_still_supports_a_refusal_in_the_review_period(
    session, officer, create_notice
):
    notice = create_notice()
    assert "place_closed" not in {f.code for f in notice.findings}
    with pytest.raises(InvalidInput):
        decide(session, notice, refuse("14.1.10"), actor=officer, now=at(DURING_REVIEW))
    record_closure(session, WORKS, actor=officer, now=at(DURING_REVIEW))

    decide(session, notice, refuse("14.1.10"), actor=officer, now=at(DURING_REVIEW))

    assert notice.status == "refused"


def test_another_place_or_another_time_is_not_closed(session, officer):
    record_closure(session, WORKS, actor=officer, now=at(FILED))
    elsewhere = precheck(session, dummy_draft(place={"site": "gandhi-park"}), filed_at=at(FILED))
    after = precheck(session, dummy_draft(starts_at="2021-05-21T20:00:00+06:00",
                                          ends_at="2021-05-21T21:00:00+06:00"),
                     filed_at=at(FILED))
    assert "place_closed" not in elsewhere.codes() | after.codes()


RALLY_2025 = dummy_draft(starts_at="2025-05-22T11:00:00+05:00",
                         ends_at="2025-05-22T13:00:00+05:00", place={"site": "imanov-square"})


def test_since_2025_a_closure_is_cited_only_after_another_place_or_time_was_proposed(
    session, officer, citizen, organizer
):
    record_closure(session, {**WORKS, "place": "imanov-square",
                             "starts_at": "2025-05-20T08:00:00+05:00",
                             "ends_at": "2025-05-24T20:00:00+05:00"},
                   actor=officer, now=at("2025-05-12T08:00:00+05:00"))
    notice = file_notice(session, RALLY_2025, owner=citizen,
                         now=at("2025-05-12T09:00:00+05:00")).notice
    with pytest.raises(InvalidInput) as refused:
        decide(session, notice, refuse("14.1.10"), actor=officer,
               now=at("2025-05-13T10:00:00+05:00"))
    assert {e.code for e in refused.value.errors} == {"proposal_required"}
    decide(session, notice, DecisionInput("propose_change", proposal={
        "place": {"site": "sary-arka-square"}}), actor=officer,
        now=at("2025-05-13T11:00:00+05:00"))
    answer_proposal(session, notice, accept=False, actor=organizer,
                    now=at("2025-05-13T15:00:00+05:00"))

    decide(session, notice, refuse("14.1.10"), actor=officer, now=at("2025-05-14T10:00:00+05:00"))

    assert notice.status == "refused"


@pytest.mark.parametrize(
    ("change", "field", "code"),
    [
        ({"ends_at": "2021-05-19T08:00:00+06:00"}, "ends_at", "not_after_start"),
        ({"starts_at": "tomorrow"}, "starts_at", "invalid_datetime"),
        ({"place": "red-square"}, "place", "unknown"),
        ({"place": "valikhanov-square", "starts_at": "2025-05-19T08:00:00+05:00",
          "ends_at": "2025-05-20T08:00:00+05:00"}, "place", "not_designated"),
        ({"kind": "picnic"}, "kind", "invalid_choice"),
        ({"reason": "  "}, "reason", "required"),
        ({"source": "x" * 301}, "source", "too_long"),
        ({"why": "no"}, "why", "unknown_field"),
    ],
)
def test_a_bad_closure_gets_a_field_error_and_nothing_is_stored(
    session, officer, change, field, code
):
    with pytest.raises(InvalidInput) as raised:
        record_closure(session, {**WORKS, **change}, actor=officer, now=at(FILED))
    assert (field, code) in {(e.field, e.code) for e in raised.value.errors}
    assert count(session, Closure) == 0


def test_the_published_closures_say_closed_and_nothing_internal(session, officer):
    record_closure(session, WORKS, actor=officer, now=at(FILED))
    (entry,) = published_closures(session, date(2021, 5, 21), date(2021, 5, 21))
    assert entry.as_dict() == {"place": "sary-arka-square", "status": "closed",
                               "starts_at": "2021-05-19T02:00:00+00:00",
                               "ends_at": "2021-05-21T14:00:00+00:00"}
    assert closed_on(session, date(2021, 5, 19)) == {"sary-arka-square"}
    assert closed_on(session, date(2021, 5, 22)) == set()
    assert closed_on(session, date(2021, 5, 18)) == set()


def test_a_closure_stores_who_recorded_it_and_why_for_the_officers(session, officer):
    closure = record_closure(session, WORKS, actor=officer, now=at(FILED))
    stored = session.get(Closure, closure.id)
    assert (stored.reason, stored.source, stored.recorded_by) == (
        WORKS["reason"], WORKS["source"], officer.user_id)
    assert len(stored.key) == 24 and count(session, Notice) == 0


def test_the_widest_period_there_is_lists_closures_without_an_error(session, officer):
    record_closure(session, WORKS, actor=officer, now=at(FILED))
    assert len(published_closures(session, date.min, date.max)) == 1
    assert published_closures(session, date.max, date.max) == []
