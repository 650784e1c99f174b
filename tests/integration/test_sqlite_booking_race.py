"""SQLite: eight officers approving overlapping notices at once book the slot exactly once.

With a deferred BEGIN, every check-then-write transaction read the slot free and all of
them booked it (DESIGN.md "Booking integrity"); BEGIN IMMEDIATE serialises them.
"""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from assembly import db, schema
from assembly.actors import Actor
from assembly.errors import Conflict
from assembly.models import Notice
from assembly.services.bookings import go_ahead_conflicts
from assembly.services.decisions import DecisionInput
from assembly.services.filing import file_notice
from assembly.services.review import decide
from assembly.services.users import add_user
from tests.conftest import at, dummy_draft
from tests.integration.conftest import DURING_REVIEW, FILED, run_at_once

THREADS = 8


@pytest.fixture
def race_factory(tmp_path):
    """A migrated SQLite file of its own (WAL, BEGIN IMMEDIATE) with eight overlapping notices."""
    engine = db.make_engine(f"sqlite:///{tmp_path / 'race.db'}")
    schema.upgrade(engine)
    factory = db.make_session_factory(engine)
    with db.unit_of_work(factory) as session:
        assert session.execute(select(func.count()).select_from(Notice)).scalar() == 0
        mode = session.connection().exec_driver_sql("PRAGMA journal_mode").scalar()
        assert mode == "wal"
        officer = add_user(session, "officer@example.kz", role="officer",
                           password="correct horse battery", now=at(FILED))
        owner = add_user(session, "citizen@example.kz", role="citizen",
                         password="correct horse battery", now=at(FILED))
        ids = []
        for i in range(THREADS):
            start = f"2021-05-20T{11 + i % 2}:{15 * (i // 2):02d}:00+06:00"  # all overlap
            notice = file_notice(
                session, dummy_draft(starts_at=start, ends_at="2021-05-20T14:00:00+06:00"),
                owner=owner, now=at(FILED),
            ).notice
            ids.append(notice.id)
        officer_actor = Actor.of(officer)
    yield factory, ids, officer_actor
    engine.dispose()


def test_concurrent_approvals_of_overlapping_notices_book_the_slot_once(race_factory):
    factory, ids, officer = race_factory

    def approve(i: int) -> str:
        with db.unit_of_work(factory) as session:
            notice = session.get(Notice, ids[i])
            decide(session, notice, DecisionInput("approve"), actor=officer, now=at(DURING_REVIEW))
            return notice.reference

    results = run_at_once(THREADS, approve)

    booked = [r for r in results if isinstance(r, str)]
    refused = [r for r in results if isinstance(r, Conflict)]
    assert len(booked) == 1, results
    assert len(refused) == THREADS - 1, results
    with factory() as session:
        held = session.scalars(select(Notice).where(Notice.go_ahead.is_(True))).all()
        assert [n.reference for n in held] == booked
        assert session.scalar(
            select(func.count()).select_from(Notice).where(Notice.status == "approved")
        ) == 1


def test_concurrent_check_then_insert_books_the_slot_once(race_factory):
    factory, ids, _ = race_factory

    def book_if_free(i: int) -> bool:
        # The bare pattern: read the slot, then write the booking, in one transaction.
        with db.unit_of_work(factory) as session:
            notice = session.get(Notice, ids[i])
            if go_ahead_conflicts(session, notice):
                return False
            notice.go_ahead = True
            notice.go_ahead_kind = "approve"
            notice.status = "approved"
            return True

    results = run_at_once(THREADS, book_if_free)

    assert results.count(True) == 1, results
    assert results.count(False) == THREADS - 1, results
    with factory() as session:
        assert session.scalar(
            select(func.count()).select_from(Notice).where(Notice.go_ahead.is_(True))
        ) == 1
