"""The deadline sweep: silence (Art. 11(1)), overdue applications (Art. 13), held events."""

from __future__ import annotations

from datetime import timedelta

import pytest

from assembly.models import Notice, NoticeEvent, OutboxMessage
from assembly.services.deadlines import sweep
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

MARCH = {
    "form": "march",
    "place": {"route": "shevchenko-street"},
    "starts_at": "2021-05-20T11:00:00+06:00",
    "ends_at": "2021-05-20T13:00:00+06:00",
}
MARCH_FILED = "2021-05-04T10:00:00+06:00"  # the latest timely day for an application


@pytest.mark.parametrize("reviewed", [False, True], ids=["received", "in-review"])
def test_a_notification_left_unanswered_is_deemed_accepted_as_of_its_deadline(
    session, create_notice, officer, reviewed
):
    notice = create_notice()
    if reviewed:
        take_for_review(session, notice, actor=officer, now=at(DURING_REVIEW))
    before = notice.status
    session.commit()

    # The scheduler was down for a day: the sweep catches up on Wed 2021-05-19 15:00.
    result = sweep(session, at("2021-05-19T15:00:00+06:00"))
    session.commit()

    stored = session.get(Notice, notice.id)
    assert result.deemed_accepted == [notice.reference]
    assert stored.status == "deemed_accepted"
    assert (stored.go_ahead, stored.go_ahead_kind) == (True, "deemed_accepted")
    event = last_event(session, stored)
    assert (event.trigger, event.from_state, event.to_state) == (
        "deem_accept", before, "deemed_accepted"
    )
    assert event.at == at(DECISION_DUE)
    assert (event.actor_id, event.actor_role) == (None, "system")
    assert count(session, OutboxMessage, OutboxMessage.template == "deemed_accepted") == 1


@pytest.mark.parametrize(
    ("now", "moved"),
    [(DECISION_DUE, False), ("2021-05-19T00:00:00+06:00", True)],
    ids=["on-the-last-second", "just-after"],
)
def test_a_notification_is_deemed_accepted_only_once_its_review_period_is_over(
    session, create_notice, now, moved
):
    notice = create_notice()

    result = sweep(session, at(now))

    assert (notice.status == "deemed_accepted") is moved
    assert result.total() == int(moved)


def test_a_second_sweep_changes_nothing(session, create_notice, officer):
    deemed = create_notice(**rally_slot("09:00", "10:00"))
    held = create_notice(**rally_slot("11:00", "13:00"))
    decide(session, held, DecisionInput("approve"), actor=officer, now=at(DURING_REVIEW))
    overdue = create_notice(filed_at=MARCH_FILED, **MARCH)
    session.commit()
    now = at("2021-05-21T09:00:00+06:00")

    first = sweep(session, now)
    session.commit()
    trail = count(session, NoticeEvent)
    outbox = count(session, OutboxMessage)
    again = sweep(session, now)
    later = sweep(session, now + timedelta(days=30))
    session.commit()

    assert first.deemed_accepted == [deemed.reference]
    assert sorted(first.held) == sorted([deemed.reference, held.reference])
    assert first.flagged_overdue == [overdue.reference]
    assert again.total() == 0 and later.total() == 0
    assert count(session, NoticeEvent) == trail
    assert count(session, OutboxMessage) == outbox


def test_an_application_left_unanswered_is_flagged_overdue_never_approved(
    session, create_notice, create_user
):
    create_user("officer")
    notice = create_notice(filed_at=MARCH_FILED, **MARCH)
    assert notice.procedure == "application"
    due = notice.decision_due
    session.commit()

    result = sweep(session, due + timedelta(seconds=1))
    session.commit()

    stored = session.get(Notice, notice.id)
    assert result.flagged_overdue == [notice.reference]
    assert result.deemed_accepted == []
    assert (stored.status, stored.overdue, stored.go_ahead) == ("received", True, False)
    event = last_event(session, stored)
    assert (event.trigger, event.from_state, event.to_state) == (
        "flag_overdue", "received", "received"
    )
    assert event.at == due
    assert count(session, OutboxMessage, OutboxMessage.template == "notice_overdue") == 1


def test_an_overdue_application_can_still_be_approved_late(session, create_notice, officer):
    notice = create_notice(filed_at=MARCH_FILED, **MARCH)
    sweep(session, notice.decision_due + timedelta(hours=1))

    decision = decide(session, notice, DecisionInput("approve"), actor=officer,
                      now=notice.decision_due + timedelta(hours=2))

    assert (notice.status, notice.overdue, decision.on_time) == ("approved", True, False)


@pytest.mark.parametrize(
    ("now", "held"),
    [("2021-05-20T12:59:59+06:00", False), ("2021-05-20T13:00:00+06:00", True)],
    ids=["under-way", "at-the-end"],
)
def test_an_approved_assembly_is_recorded_as_held_once_it_ended(
    session, create_notice, officer, now, held
):
    notice = create_notice()
    decide(session, notice, DecisionInput("approve"), actor=officer, now=at(DURING_REVIEW))

    result = sweep(session, at(now))

    assert (notice.status == "held") is held
    assert result.held == ([notice.reference] if held else [])
    if held:
        event = last_event(session, notice)
        assert (event.trigger, event.from_state, event.at) == (
            "mark_held", "approved", at("2021-05-20T13:00:00+06:00")
        )


def test_a_notification_with_a_proposal_is_never_deemed_accepted(
    session, create_notice, officer
):
    notice = create_notice()
    decide(session, notice, DecisionInput("propose_change", proposal=rally_slot("14:00", "16:00")),
           actor=officer, now=at(DURING_REVIEW))

    sweep(session, at("2021-05-19T15:00:00+06:00"))  # the proposal lapses
    sweep(session, at("2021-05-19T16:00:00+06:00"))

    assert notice.status == "in_review"
    assert notice.go_ahead is False
    assert "deem_accept" not in [trigger for trigger, _, _ in events(session, notice)]


def test_a_deemed_acceptance_never_double_books_a_place(
    session, create_notice, officer, create_user
):
    create_user("officer")
    approved = create_notice(**rally_slot("11:00", "13:00"))
    silent = create_notice(filed_at="2021-05-13T11:00:00+06:00", **rally_slot("12:00", "14:00"))
    decide(session, approved, DecisionInput("approve"), actor=officer, now=at(DURING_REVIEW))
    session.commit()

    sweep(session, at("2021-05-19T09:00:00+06:00"))
    session.commit()

    stored = session.get(Notice, silent.id)
    assert stored.status == "deemed_accepted"
    assert stored.go_ahead is False
    assert count(session, Notice, Notice.go_ahead.is_(True)) == 1
    conflict = session.query(OutboxMessage).filter_by(
        template="deemed_acceptance_conflict"
    ).all()
    assert conflict and all(m.context["conflicts"] == [approved.reference] for m in conflict)


def test_a_sweep_with_nothing_due_reads_the_database_once(session, create_notice):
    from sqlalchemy import event

    create_notice()
    session.commit()
    statements: list[str] = []

    def seen(conn, cursor, statement, *args):  # type: ignore[no-untyped-def]
        statements.append(statement)

    engine = session.get_bind()
    event.listen(engine, "before_cursor_execute", seen)
    try:
        result = sweep(session, at(DURING_REVIEW))  # the review period is still running
        assert result.total() == 0
        assert len([s for s in statements if s.lstrip().upper().startswith("SELECT")]) == 1
        statements.clear()
        # A move reads again after an earlier one moved a notice: the notice found due for
        # deemed acceptance alone is deemed accepted, then held, in the same sweep.
        later = sweep(session, at("2021-05-21T09:00:00+06:00"))
    finally:
        event.remove(engine, "before_cursor_execute", seen)
    assert (len(later.deemed_accepted), len(later.held)) == (1, 1)


def test_a_sweep_takes_the_locking_read_of_the_kinds_of_deadline_due_only(
    session, create_notice, officer
):
    from sqlalchemy import event

    notice = create_notice()
    decide(session, notice, DecisionInput("approve"), actor=officer, now=at(DURING_REVIEW))
    session.commit()
    reads: list[str] = []

    def seen(conn, cursor, statement, *args):  # type: ignore[no-untyped-def]
        if statement.lstrip().upper().startswith("SELECT"):
            reads.append(statement)

    engine = session.get_bind()
    event.listen(engine, "before_cursor_execute", seen)
    try:
        # The approved rally of 20 May has ended: marking it held is the one kind due.
        result = sweep(session, at("2021-05-21T09:00:00+06:00"))
    finally:
        event.remove(engine, "before_cursor_execute", seen)
    assert result.held == [notice.reference] and result.total() == 1
    claims = [s for s in reads if "EXISTS" not in s and s.rstrip().endswith(
        ("ORDER BY notices.filed_at, notices.id", "FOR UPDATE SKIP LOCKED"))]
    assert len(claims) == 1 and "notices.ends_at <=" in claims[0]
