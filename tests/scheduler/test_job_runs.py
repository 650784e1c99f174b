"""Each scheduler job runs under a request id of its own, which the messages it queues and
their e-mails carry, and is counted in job_runs (what /metrics and /readyz read)."""

from __future__ import annotations

from sqlalchemy import select

from assembly import clock
from assembly.models import JobRun, OutboxMessage
from tests.scheduler.conftest import in_progress
from tests.scheduler.test_catch_up import BACK_UP, run_scheduler_until


def test_a_sweep_s_messages_carry_its_run_id_to_the_mail_server_and_its_runs_are_counted(
    session, session_factory, silent_notices, scheduler_app, smtp
):
    silent_notices(n=1)
    with clock.frozen(BACK_UP):
        run_scheduler_until(scheduler_app, lambda: smtp.messages() and not in_progress(
            session_factory))

    with session_factory() as check:
        runs = {row.name: row for row in check.scalars(select(JobRun))}
        ids = {m.id: m.request_id for m in check.scalars(select(OutboxMessage))}
    assert {"sweep", "reminders", "digest", "outbox"} <= set(runs)
    assert all(row.runs >= 1 and row.failures == 0 for row in runs.values())
    assert all(row.last_run_at is not None and row.last_runner for row in runs.values())
    # Written on the system clock, not the pinned one: /readyz compares with the system's.
    assert all(row.last_run_at > BACK_UP for row in runs.values())
    swept = {i: r for i, r in ids.items() if r and r.startswith("sweep-")}
    assert swept, ids
    for received in smtp.messages():
        outbox_id = int(received.message_id.split("-")[1].split("@")[0])
        assert received.message["X-Request-ID"] == ids[outbox_id]


def test_a_job_that_fails_is_counted_as_a_failure_and_runs_on(scheduler_app, session_factory):
    from assembly.scheduler import Scheduler

    scheduler = Scheduler(scheduler_app)

    def broken(_session, _now):
        raise RuntimeError("the sweep broke")

    job = scheduler.transaction("sweep", broken)
    job()
    job()
    with session_factory() as check:
        row = check.get(JobRun, "sweep")
    assert row is not None and (row.runs, row.failures) == (2, 2)
    assert row.last_failed_at is not None
