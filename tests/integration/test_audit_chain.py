"""The hash-chained audit trail detects any edit or removal of an event (DESIGN.md "Audit")."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, select, update

from assembly.actors import Actor
from assembly.models import Decision, DecisionGround, Notice, NoticeEvent, User
from assembly.services.audit import GENESIS, SEAL_MISMATCH, history, verify_chains
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
        (reviewed.reference, 2, SEAL_MISMATCH)
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


@pytest.fixture
def refused(session, create_notice, officer):
    """A notice refused on two grounds (file, refuse), committed."""
    notice = create_notice(filed_at="2021-05-14T10:00:00+06:00", **rally_slot("15:00", "16:00"))
    decide(session, notice, DecisionInput(
        "refuse", grounds=["14.1.4", "14.1.3"], reasoning="Filed late; a threat to order.",
        channels=["email"]), actor=officer, now=at("2021-05-17T10:00:00+06:00"))
    session.commit()
    return notice


def _breaks(session):
    session.expunge_all()
    return [(b.reference, b.seq, b.problem) for b in verify_chains(session)[1]]


@pytest.mark.parametrize(
    "values",
    [{"outcome": "approve"}, {"reasoning": "Another reason."}, {"restrictions": ["no_tents"]},
     {"proposal": {"starts_at": "2021-05-21T11:00:00+06:00"}}, {"decided_by": None},
     {"decided_at": at("2021-05-14T09:00:00+06:00")}, {"channels": ["hand"]},
     {"on_time": False}],
    ids=["outcome", "reasoning", "restrictions", "proposal", "decided-by", "decided-at",
         "channels", "on-time"],
)
def test_a_decision_edited_after_the_fact_is_detected(session, trails, refused, values):
    session.execute(update(Decision).where(Decision.notice_id == refused.id).values(**values))
    session.commit()

    assert _breaks(session) == [(refused.reference, 2, SEAL_MISMATCH)]


@pytest.mark.parametrize("edit", ["changed", "added", "removed"])
def test_grounds_edited_after_the_fact_are_detected(session, refused, edit):
    first = session.scalars(select(DecisionGround).where(DecisionGround.notice_id == refused.id)
                            .order_by(DecisionGround.id)).first()
    if edit == "changed":
        session.execute(update(DecisionGround).where(DecisionGround.id == first.id)
                        .values(ground="14.1.1"))
    elif edit == "added":
        session.add(DecisionGround(decision_id=first.decision_id, notice_id=refused.id,
                                   registration_date=first.registration_date, ground="14.1.1"))
    else:
        session.execute(delete(DecisionGround).where(DecisionGround.id == first.id))
    session.commit()

    assert _breaks(session) == [(refused.reference, 2, SEAL_MISMATCH)]


@pytest.mark.parametrize(
    "values",
    [{"starts_at": at("2021-05-20T10:00:00+06:00")}, {"place_id": "gandhi-park"},
     {"expected_participants": 5000}, {"organizer_id_number": "900315400012"},
     {"organizer_name": "Someone Else"}, {"decision_due": at("2021-05-25T23:59:59+06:00")},
     {"go_ahead": False}],
    ids=["time", "place", "participants", "organizer-id", "organizer-name", "deadline",
         "place-held"],
)
def test_a_legal_field_of_a_notice_edited_after_its_last_event_is_detected(
    session, trails, values
):
    reviewed, _ = trails
    session.execute(update(Notice).where(Notice.id == reviewed.id).values(**values))
    session.commit()

    assert _breaks(session) == [
        (reviewed.reference, 3, "the notice's legal fields were changed after its last event")]


def test_events_reordered_in_the_database_are_detected(session, trails):
    reviewed, _ = trails
    second, third = history(session, reviewed)[1:]
    session.execute(update(NoticeEvent).where(NoticeEvent.id == second.id).values(seq=99))
    session.execute(update(NoticeEvent).where(NoticeEvent.id == third.id).values(seq=2))
    session.execute(update(NoticeEvent).where(NoticeEvent.id == second.id).values(seq=3))
    session.commit()

    assert {reference for reference, _, _ in _breaks(session)} == {reviewed.reference}


def test_a_rewound_head_is_detected(session, trails):
    reviewed, _ = trails
    second = history(session, reviewed)[1]
    session.execute(update(Notice).where(Notice.id == reviewed.id)
                    .values(audit_seq=second.seq, audit_hash=second.hash))
    session.commit()

    assert _breaks(session) == [
        (reviewed.reference, 2, "the trail does not end at the notice's audit head")]


def test_a_chain_resealed_without_the_audit_key_does_not_verify(session, refused):
    """Someone who may write to the database edits the reasoning and recomputes every
    hash of the chain as a plain SHA-256, or with a key of their own: it shows."""
    import hashlib
    import hmac

    from assembly.services import audit

    session.execute(update(Decision).where(Decision.notice_id == refused.id)
                    .values(reasoning="Edited."))
    session.commit()
    for forged_key in (b"", b"not the instance's key"):
        session.expunge_all()
        notice = session.get(Notice, refused.id)
        prev = GENESIS
        for event in history(session, notice):
            event.prev_hash = prev
            decision = audit.decision_content(event.decision)
            payload = audit._canonical({
                "notice": notice.reference, "seq": event.seq, "at": audit._plain(event.at),
                "actor_id": event.actor_id, "actor_role": event.actor_role,
                "trigger": event.trigger, "from": event.from_state, "to": event.to_state,
                "data": event.data, "decision": decision, "record": event.record_digest,
                "key": event.key_id, "prev": event.prev_hash,
            })
            event.hash = (hmac.new(forged_key, payload, hashlib.sha256).hexdigest()
                          if forged_key else hashlib.sha256(payload).hexdigest())
            prev = event.hash
        notice.audit_hash = prev
        session.commit()

        breaks = _breaks(session)

        assert breaks and {reference for reference, _, _ in breaks} == {refused.reference}
        assert all(problem == SEAL_MISMATCH for _, _, problem in breaks)


def test_events_sealed_with_an_earlier_key_verify_after_the_key_is_rotated(session, trails):
    from assembly import audit_keys

    before = audit_keys.keyring().current
    rotated = audit_keys.rotate()
    _, deemed = trails
    assert audit_keys.keyring().current == rotated != before

    withdraw_notice = session.get(Notice, deemed.id)
    from assembly.services.review import withdraw

    withdraw(session, withdraw_notice, statement="We cancel.", actor=Actor.of(
        session.get(User, withdraw_notice.owner_id)), now=at("2021-05-19T10:00:00+06:00"))
    session.commit()

    assert _breaks(session) == []
    assert {e.key_id for e in history(session, withdraw_notice)} == {before, rotated}


def test_an_event_naming_an_unknown_key_is_reported(session, trails):
    reviewed, _ = trails
    first = history(session, reviewed)[0]
    session.execute(update(NoticeEvent).where(NoticeEvent.id == first.id).values(key_id="gone"))
    session.commit()

    assert _breaks(session) == [
        (reviewed.reference, 1, "sealed with no known audit key (gone)")]
