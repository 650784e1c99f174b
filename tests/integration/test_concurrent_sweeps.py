"""Two schedulers sweeping at once move each notice exactly once (DESIGN.md "Scheduler")."""

from __future__ import annotations

from collections import Counter

import pytest
from sqlalchemy import select, text

from assembly.models import Notice, NoticeEvent
from assembly.services.deadlines import sweep
from tests.conftest import at
from tests.integration.conftest import rally_slot, run_at_once

NOW = at("2021-05-19T09:00:00+06:00")
SLOTS = [("09:00", "10:00"), ("10:00", "11:00"), ("11:00", "12:00"), ("12:00", "13:00"),
         ("13:00", "14:00"), ("14:00", "15:00")]


@pytest.fixture
def silent(session, create_notice):
    """Six notifications left unanswered past their review period, committed."""
    references = [create_notice(**rally_slot(start, end)).reference for start, end in SLOTS]
    session.commit()
    session.close()
    return references


def deem_accept_events(session_factory) -> Counter[str]:
    with session_factory() as check:
        return Counter(check.scalars(
            select(Notice.reference).join(NoticeEvent, NoticeEvent.notice_id == Notice.id)
            .where(NoticeEvent.trigger == "deem_accept")
        ))


def test_two_sweeps_at_once_move_each_notice_once(session_factory, silent):
    def run_sweep(_: int) -> list[str]:
        with session_factory() as session:
            result = sweep(session, NOW)
            session.commit()
            return result.deemed_accepted

    first, second = run_at_once(2, run_sweep)

    assert not isinstance(first, BaseException), first
    assert not isinstance(second, BaseException), second
    assert not set(first) & set(second)
    assert sorted(first + second) == sorted(silent)
    assert deem_accept_events(session_factory) == Counter(dict.fromkeys(silent, 1))


@pytest.mark.postgres
def test_a_sweep_skips_the_rows_another_sweep_holds(session_factory, silent):
    with session_factory() as a, session_factory() as b:
        taken = sweep(a, NOW)  # A holds the rows until it commits
        # Without SKIP LOCKED, B would wait on A's rows: fail fast instead of hanging.
        b.execute(text("SET LOCAL lock_timeout = '5s'"))
        skipped = sweep(b, NOW)
        b.commit()
        a.commit()

    assert sorted(taken.deemed_accepted) == sorted(silent)
    assert skipped.total() == 0
    assert deem_accept_events(session_factory) == Counter(dict.fromkeys(silent, 1))
