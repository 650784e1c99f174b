"""PostgreSQL: the exclusion constraint makes two overlapping go-ahead notices impossible."""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import insert, select, text, update
from sqlalchemy.exc import IntegrityError

from assembly.errors import Conflict
from assembly.models import Notice
from assembly.services.decisions import DecisionInput
from assembly.services.review import decide
from tests.conftest import at
from tests.integration.conftest import DURING_REVIEW, rally_slot, waits_on_a_lock

pytestmark = pytest.mark.postgres

EXCLUSION_VIOLATION = "23P01"


@pytest.fixture
def booked(session, create_notice):
    """An 11:00-13:00 notice at Sary-Arka square that holds the place, committed."""
    notice = create_notice(**rally_slot("11:00", "13:00"))
    session.commit()
    session.execute(update(Notice).where(Notice.id == notice.id).values(go_ahead=True))
    session.commit()
    return notice


def go_ahead(session, notice_id: int) -> None:
    """Mark a notice as going ahead, bypassing the services (a direct UPDATE)."""
    session.execute(
        update(Notice.__table__).where(Notice.__table__.c.id == notice_id).values(go_ahead=True)
    )
    session.flush()


@pytest.mark.parametrize(
    ("start", "end"), [("11:00", "13:00"), ("12:00", "14:00"), ("10:00", "11:01"),
                       ("11:30", "12:00")],
)
def test_an_overlapping_go_ahead_update_at_the_same_place_is_rejected(
    session, booked, create_notice, start, end
):
    other = create_notice(filed_at="2021-05-13T11:00:00+06:00", **rally_slot(start, end))
    session.commit()

    with pytest.raises(IntegrityError) as raised:
        go_ahead(session, other.id)

    assert raised.value.orig.sqlstate == EXCLUSION_VIOLATION
    session.rollback()


@pytest.mark.parametrize(
    ("start", "end", "site"),
    [("13:00", "15:00", "sary-arka-square"), ("09:00", "11:00", "sary-arka-square"),
     ("11:00", "13:00", "gandhi-park")],
    ids=["adjacent-after", "adjacent-before", "another-place"],
)
def test_adjacent_or_elsewhere_go_ahead_notices_are_accepted(
    session, booked, create_notice, start, end, site
):
    other = create_notice(filed_at="2021-05-13T11:00:00+06:00", **rally_slot(start, end, site))
    session.commit()

    go_ahead(session, other.id)
    session.commit()

    assert session.scalar(select(Notice.go_ahead).where(Notice.id == other.id)) is True


def test_an_overlapping_pending_notice_is_not_constrained(session, booked, create_notice):
    other = create_notice(filed_at="2021-05-13T11:00:00+06:00", **rally_slot("12:00", "14:00"))

    session.commit()

    assert other.go_ahead is False


def test_an_overlapping_go_ahead_insert_is_rejected(session, booked):
    row = {c.key: getattr(booked, c.key) for c in Notice.__table__.columns if c.key != "id"}
    row |= {"reference": "ALA-2021-000999", "idempotency_key": None, "go_ahead": True,
            "starts_at": at("2021-05-20T12:30:00+06:00"),
            "ends_at": at("2021-05-20T15:00:00+06:00")}

    with pytest.raises(IntegrityError) as raised:
        session.execute(insert(Notice.__table__).values(**row))

    assert raised.value.orig.sqlstate == EXCLUSION_VIOLATION
    session.rollback()


def test_two_concurrent_approvals_through_the_services_conflict(
    session, session_factory, engine, create_notice, officer
):
    first_id = create_notice(**rally_slot("11:00", "13:00")).id
    second_id = create_notice(filed_at="2021-05-13T11:00:00+06:00",
                              **rally_slot("12:00", "14:00")).id
    session.commit()
    session.close()
    outcome: dict[str, BaseException | None] = {}
    backend: dict[str, int] = {}

    a = session_factory()
    try:
        # A approves and holds its transaction open: B's check cannot see A's booking ...
        decide(a, a.get(Notice, first_id), DecisionInput("approve"), actor=officer,
               now=at(DURING_REVIEW))

        def approve_second() -> None:
            with session_factory() as b:
                try:
                    backend["pid"] = b.scalar(text("select pg_backend_pid()"))
                    decide(b, b.get(Notice, second_id), DecisionInput("approve"),
                           actor=officer, now=at(DURING_REVIEW))
                    b.commit()
                    outcome["b"] = None
                except BaseException as exc:
                    outcome["b"] = exc
                    b.rollback()

        thread = threading.Thread(target=approve_second)
        thread.start()
        # ... so B's write waits on A's row; only the constraint can stop it.
        deadline = time.monotonic() + 20
        while not waits_on_a_lock(engine, backend.get("pid")):
            assert time.monotonic() < deadline, "B never waited on A's booking"
            assert thread.is_alive(), f"B finished without waiting: {outcome}"
            time.sleep(0.02)
        a.commit()
        thread.join(timeout=30)
    finally:
        a.close()

    assert isinstance(outcome["b"], Conflict), outcome
    cause = outcome["b"].__cause__
    assert isinstance(cause, IntegrityError) and cause.orig.sqlstate == EXCLUSION_VIOLATION
    with session_factory() as check:
        held = check.scalars(select(Notice.id).where(Notice.go_ahead.is_(True))).all()
        assert held == [first_id]
        assert check.get(Notice, second_id).status == "received"
