"""Concurrent transactions: a sweep racing a decision, a move that fails in the middle of
a sweep, and one idempotency key filed by several requests at once (SQLite and PostgreSQL)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator

import pytest
from sqlalchemy import Engine, select, text

from assembly.errors import Conflict
from assembly.models import Notice, OutboxMessage
from assembly.services.audit import verify_chains
from assembly.services.deadlines import sweep
from assembly.services.decisions import DecisionInput
from assembly.services.filing import file_notice
from assembly.services.review import decide
from tests.conftest import at, dummy_draft
from tests.integration.conftest import FILED, count, rally_slot, run_at_once, waits_on_a_lock

SWEPT = at("2021-05-19T09:00:00+06:00")
APPROVED = at("2021-05-19T09:00:30+06:00")


def _until_blocked(engine: Engine, thread: threading.Thread, backend: dict[str, int]) -> None:
    """Wait until the other transaction waits on ours (PostgreSQL: on a lock; SQLite: on
    BEGIN IMMEDIATE, where it can only be seen waiting)."""
    if engine.dialect.name != "postgresql":
        time.sleep(0.5)
        assert thread.is_alive(), "the sweep did not wait for the open decision"
        return
    deadline = time.monotonic() + 20
    while not waits_on_a_lock(engine, backend.get("pid")):
        assert thread.is_alive(), "the sweep finished without waiting"
        assert time.monotonic() < deadline, "the sweep never waited"
        time.sleep(0.02)


def test_a_sweep_racing_an_approval_of_an_overlapping_notice_gives_the_place_once(
    session, session_factory, engine, create_notice, create_user, officer
):
    create_user("officer")
    silent = create_notice(**rally_slot("11:00", "13:00"))  # due before the sweep
    late = create_notice(filed_at="2021-05-17T10:00:00+06:00", **rally_slot("12:00", "14:00"))
    elsewhere = create_notice(filed_at="2021-05-13T11:00:00+06:00",
                              **rally_slot("11:00", "13:00", "gandhi-park"))
    ids = silent.id, late.id, elsewhere.id
    session.commit()
    session.close()
    outcome: dict[str, object] = {}
    backend: dict[str, int] = {}

    def run_sweep() -> None:
        with session_factory() as s:
            try:
                if engine.dialect.name == "postgresql":
                    backend["pid"] = s.scalar(text("select pg_backend_pid()"))
                outcome["sweep"] = sweep(s, SWEPT)
                s.commit()
            except BaseException as exc:  # reported below
                outcome["sweep"] = exc

    officer_session = session_factory()
    try:
        # The officer approves the late notice and holds the transaction open ...
        decide(officer_session, officer_session.get(Notice, ids[1]), DecisionInput("approve"),
               actor=officer, now=APPROVED)
        thread = threading.Thread(target=run_sweep)
        thread.start()
        _until_blocked(engine, thread, backend)  # ... while the sweep runs into it
        officer_session.commit()
        thread.join(timeout=60)
    finally:
        officer_session.close()

    result = outcome["sweep"]
    assert not isinstance(result, BaseException), result
    with session_factory() as check:
        holders = check.scalars(select(Notice.id).where(
            Notice.place_id == "sary-arka-square", Notice.go_ahead.is_(True))).all()
        assert holders == [ids[1]]
        # The unrelated notice moved in the same run, whatever happened to the other one.
        assert check.get(Notice, ids[2]).status == "deemed_accepted"
        first = check.get(Notice, ids[0])
        # PostgreSQL: the sweep could not see the open approval, and the exclusion
        # constraint stopped its move; SQLite: it waited for the approval and saw it.
        assert bool(result.left_behind) == (engine.dialect.name == "postgresql")
        if result.left_behind:
            assert result.left_behind == [first.reference]
            assert first.status == "received"
            assert count(check, OutboxMessage, OutboxMessage.notice_id == ids[0],
                         OutboxMessage.template == "sweep_left_behind") >= 1
            again = sweep(check, SWEPT)  # the next sweep moves it, without the place
            check.commit()
            assert again.deemed_accepted == [first.reference]
        assert (first.status, first.go_ahead) == ("deemed_accepted", False)
        assert verify_chains(check)[1] == []


@pytest.fixture
def refused_updates(session, engine: Engine) -> Iterator[Callable[[int], None]]:
    """A database trigger that makes every update of one notice fail (a stuck row)."""
    made: list[str] = []

    def block(notice_id: int) -> None:
        with engine.begin() as connection:
            if engine.dialect.name == "postgresql":
                connection.execute(text(
                    "CREATE FUNCTION refuse_update() RETURNS trigger AS $$ BEGIN "
                    "RAISE EXCEPTION 'this notice cannot be changed now'; END $$ "
                    "LANGUAGE plpgsql"))
                connection.execute(text(
                    "CREATE TRIGGER refuse_update BEFORE UPDATE ON notices FOR EACH ROW "
                    f"WHEN (OLD.id = {int(notice_id)}) EXECUTE FUNCTION refuse_update()"))
            else:
                connection.execute(text(
                    "CREATE TRIGGER refuse_update BEFORE UPDATE ON notices "
                    f"WHEN OLD.id = {int(notice_id)} BEGIN "
                    "SELECT RAISE(ABORT, 'this notice cannot be changed now'); END"))
        made.append("refuse_update")

    yield block
    session.rollback()  # the test's reads end: the trigger can go
    with engine.begin() as connection:
        for name in made:
            if engine.dialect.name == "postgresql":
                connection.execute(text(f"DROP TRIGGER {name} ON notices"))
                connection.execute(text(f"DROP FUNCTION {name}()"))
            else:
                connection.execute(text(f"DROP TRIGGER {name}"))


def test_a_notice_that_cannot_be_moved_does_not_stop_the_rest_of_the_sweep(
    session, create_notice, create_user, refused_updates
):
    create_user("officer")
    notices = [create_notice(filed_at=f"2021-05-13T{10 + i}:00:00+06:00",
                             **rally_slot(start, end))
               for i, (start, end) in enumerate([("09:00", "10:00"), ("11:00", "12:00"),
                                                 ("13:00", "14:00")])]
    session.commit()
    stuck = notices[1]
    refused_updates(stuck.id)

    result = sweep(session, SWEPT)
    session.commit()

    assert result.deemed_accepted == [notices[0].reference, notices[2].reference]
    assert result.left_behind == [stuck.reference]
    assert [n.status for n in notices] == ["deemed_accepted", "received", "deemed_accepted"]
    told = session.scalars(select(OutboxMessage.recipient).where(
        OutboxMessage.notice_id == stuck.id, OutboxMessage.template == "sweep_left_behind"))
    assert len(list(told)) == 1
    # Reported once, not at every turn of the scheduler.
    assert sweep(session, SWEPT).left_behind == [stuck.reference]
    session.commit()
    assert count(session, OutboxMessage, OutboxMessage.template == "sweep_left_behind") == 1
    assert verify_chains(session)[1] == []


def test_requests_filing_with_one_idempotency_key_at_once_file_one_notice(
    session, session_factory, citizen
):
    session.commit()

    def file(_: int):
        with session_factory() as s:
            filing = file_notice(s, dummy_draft(), owner=citizen, now=at(FILED),
                                 idempotency_key="same-key")
            s.commit()
            return filing.notice.reference, filing.created

    results = run_at_once(4, file)

    assert not [r for r in results if isinstance(r, BaseException)], results
    assert len({reference for reference, _ in results}) == 1
    assert sorted(created for _, created in results) == [False, False, False, True]
    assert count(session, Notice) == 1
    assert verify_chains(session)[1] == []


def test_a_conflict_is_never_a_raw_integrity_error_on_the_database(
    session, create_notice, officer
):
    first = create_notice(**rally_slot("11:00", "13:00"))
    second = create_notice(filed_at="2021-05-13T11:00:00+06:00", **rally_slot("12:00", "14:00"))
    decide(session, first, DecisionInput("approve"), actor=officer,
           now=at("2021-05-14T10:00:00+06:00"))

    with pytest.raises(Conflict):
        decide(session, second, DecisionInput("approve"), actor=officer,
               now=at("2021-05-14T10:00:00+06:00"))
