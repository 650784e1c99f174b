"""What /metrics and /readyz read, and the scheduler's record of its jobs (`job_runs`, one
writer: `record_job_run`). Every figure comes from the database, so each node tells the
same about the whole deployment."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from assembly.models import JobRun, Notice, OutboxMessage
from assembly.services.digest import due_today_and_overdue
from assembly.services.law import Law, default_law

OUTBOX_BACKLOG = ("pending", "sending", "failed")


@dataclass(frozen=True)
class Figures:
    """The deployment's gauges at one instant."""

    notices_by_state: dict[str, int]
    due_today: int
    overdue: int
    outbox: dict[str, int]
    jobs: list[JobRun]


def figures(session: Session, now: datetime, law: Law | None = None) -> Figures:
    """Notices by state, decisions due today and overdue, the outbox's backlog, the jobs."""
    law = law or default_law()
    by_state = dict(session.execute(  # rows of (key, count)
        select(Notice.status, func.count()).group_by(Notice.status)).all())
    due_today, overdue = due_today_and_overdue(now, law)

    def count(*where: object) -> int:
        return session.scalar(select(func.count()).select_from(Notice).where(*where)) or 0

    outbox = dict.fromkeys(OUTBOX_BACKLOG, 0)
    outbox.update(session.execute(
        select(OutboxMessage.status, func.count())
        .where(OutboxMessage.status.in_(OUTBOX_BACKLOG)).group_by(OutboxMessage.status)
    ).all())
    jobs = list(session.scalars(select(JobRun).order_by(JobRun.name)))
    return Figures(by_state, count(*due_today), count(*overdue), outbox, jobs)


def record_job_run(session: Session, name: str, *, ok: bool, now: datetime,
                   runner: str) -> None:
    """Count one run of a scheduler job (and a failure when not `ok`); flushes."""
    row = session.get(JobRun, name, with_for_update=True)
    if row is None:
        row = JobRun(name=name, runs=0, failures=0)
        session.add(row)
    row.runs += 1
    row.last_run_at = now
    row.last_runner = runner[:100]
    if not ok:
        row.failures += 1
        row.last_failed_at = now
    session.flush()


def scheduler_heard_at(session: Session) -> datetime | None:
    """When a scheduler job last ran, anywhere."""
    return session.scalar(select(func.max(JobRun.last_run_at)))
