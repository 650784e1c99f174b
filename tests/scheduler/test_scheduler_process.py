"""`assembly scheduler` as real processes: one works, a second waits and takes over on a crash."""

from __future__ import annotations

import signal

from sqlalchemy import select

from assembly.models import Notice
from tests.mailserver import wait_until
from tests.processes import Process, command_env
from tests.scheduler.conftest import FAST_ENV, deem_accept_events, in_progress, outbox_rows


def start(name: str, engine, tmp_path, smtp) -> Process:
    env = command_env(engine, tmp_path, smtp.port, **FAST_ENV)
    return Process(["scheduler"], env, tmp_path / f"{name}.log")


def statuses(factory, references: list[str]) -> set[str]:
    with factory() as check:
        return set(check.scalars(select(Notice.status).where(Notice.reference.in_(references))))


def settled(factory, references: list[str]) -> bool:
    """Every notice moved past its deadline and every message sent."""
    return statuses(factory, references) == {"deemed_accepted"} and not in_progress(factory)


def assert_each_message_arrived_once(factory, smtp) -> None:
    rows = outbox_rows(factory)
    copies = smtp.copies()
    assert all(m.status == "sent" and not m.possible_duplicate for m in rows)
    assert sorted(copies) == sorted(f"<outbox-{m.id}@assembly.almaty.kz>" for m in rows)
    assert set(copies.values()) == {1}


def test_the_scheduler_moves_what_is_due_sends_it_and_stops_cleanly_on_sigterm(
    session_factory, engine, silent_notices, create_user, smtp, tmp_path
):
    create_user("officer")
    references = silent_notices(n=2)
    scheduler = start("scheduler", engine, tmp_path, smtp)

    wait_until(lambda: settled(session_factory, references), 30, scheduler.text)
    code = scheduler.stop(signal.SIGTERM)

    assert code == 0, scheduler.text()
    assert "scheduler active" in scheduler.text() and "scheduler stopped" in scheduler.text()
    assert deem_accept_events(session_factory) == dict.fromkeys(references, 1)
    assert_each_message_arrived_once(session_factory, smtp)


def test_two_schedulers_on_one_database_one_works_and_the_other_takes_over_when_it_dies(
    session_factory, engine, silent_notices, create_user, smtp, tmp_path
):
    create_user("officer")
    create_user("officer")
    first_batch = silent_notices(first_hour=9, n=3)
    a = start("a", engine, tmp_path, smtp)
    b = start("b", engine, tmp_path, smtp)
    wait_until(lambda: "scheduler active" in a.text() + b.text(), 30,
               lambda: a.text() + b.text())
    active, standby = (a, b) if "scheduler active" in a.text() else (b, a)
    standby.wait_for_output("another scheduler holds")
    wait_until(lambda: settled(session_factory, first_batch), 30, active.text)
    standby_before = standby.text()

    active.kill()
    second_batch = silent_notices(first_hour=13, n=3)
    standby.wait_for_output("scheduler active")
    wait_until(lambda: settled(session_factory, second_batch), 30, standby.text)
    code = standby.stop(signal.SIGTERM)

    assert code == 0, standby.text()
    assert "scheduler active" not in standby_before  # it waited while the other one worked
    assert deem_accept_events(session_factory) == dict.fromkeys(first_batch + second_batch, 1)
    assert_each_message_arrived_once(session_factory, smtp)
