"""The hash-chained audit trail detects any edit or removal of an event (DESIGN.md "Audit")."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, update

from assembly.models import NoticeEvent
from assembly.services.audit import GENESIS, history, verify_chains
from assembly.services.deadlines import sweep
from assembly.services.decisions import DecisionInput
from assembly.services.review import decide, take_for_review
from tests.conftest import at
from tests.integration.conftest import DURING_REVIEW, rally_slot


@pytest.fixture
def trails(session, create_notice, officer):
    """Three notices with trails of 1, 3 and 3 events, committed."""
    create_notice(filed_at="2021-05-17T10:00:00+06:00", **rally_slot("09:00", "10:00"))
    reviewed = create_notice(**rally_slot("11:00", "13:00"))
    take_for_review(session, reviewed, actor=officer, now=at(DURING_REVIEW))
    decide(session, reviewed, DecisionInput("approve"), actor=officer, now=at(DURING_REVIEW))
    deemed = create_notice(**rally_slot("14:00", "15:00"))
    take_for_review(session, deemed, actor=officer, now=at(DURING_REVIEW))
    sweep(session, at("2021-05-19T09:00:00+06:00"))
    session.commit()
    return reviewed, deemed


def test_each_event_links_to_the_previous_one(session, trails):
    reviewed, _ = trails

    chain = history(session, reviewed)

    assert [e.seq for e in chain] == [1, 2, 3]
    assert chain[0].prev_hash == GENESIS
    assert [e.prev_hash for e in chain[1:]] == [e.hash for e in chain[:-1]]


def test_clean_chains_verify_without_breaks(session, trails):
    checked, breaks = verify_chains(session)

    assert checked == 7
    assert breaks == []


@pytest.mark.parametrize("batch", [1, 2, 2000])
def test_verification_reads_in_batches_without_changing_the_verdict(session, trails, batch):
    assert verify_chains(session, batch=batch) == (7, [])


@pytest.mark.parametrize(
    "values",
    [
        {"data": {"grounds": [], "restrictions": [], "note": "edited"}},
        {"to_state": "approved"},
        {"actor_role": "manager"},
        {"at": at("2021-05-13T10:00:00+06:00")},
    ],
    ids=["data", "to-state", "actor", "time"],
)
def test_an_event_edited_in_the_database_is_detected(session, trails, values):
    reviewed, _ = trails
    target = history(session, reviewed)[1]
    session.execute(update(NoticeEvent).where(NoticeEvent.id == target.id).values(**values))
    session.commit()
    session.expunge_all()

    _, breaks = verify_chains(session)

    assert [(b.reference, b.seq, b.problem) for b in breaks] == [
        (reviewed.reference, 2, "content does not match its hash")
    ]


@pytest.mark.parametrize("position", [0, 1, 2], ids=["first", "middle", "last"])
def test_an_event_deleted_from_the_database_is_detected(session, trails, position):
    reviewed, deemed = trails
    target = history(session, deemed)[position]
    session.execute(delete(NoticeEvent).where(NoticeEvent.id == target.id))
    session.commit()
    session.expunge_all()

    _, breaks = verify_chains(session)

    assert breaks, "a removed event went unnoticed"
    assert {b.reference for b in breaks} == {deemed.reference}


def test_a_notice_whose_whole_trail_was_deleted_is_detected(session, trails):
    reviewed, _ = trails
    session.execute(delete(NoticeEvent).where(NoticeEvent.notice_id == reviewed.id))
    session.commit()

    _, breaks = verify_chains(session)

    assert [(b.reference, b.problem) for b in breaks] == [(reviewed.reference, "no audit events")]
