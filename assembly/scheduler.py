"""The scheduler process (`assembly scheduler`): deadline sweeps, reminders, digest, outbox.

APScheduler runs here only, never in web workers. One scheduler per database is active
(scheduler_lock.py); another one started against the same database waits and takes over
when the first one dies. Every job is a plain function of (session, now), idempotent, run
in its own transaction with `now` from the clock: after downtime the first sweep catches
up, and what it moves is dated by the deadline, not by the restart.
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from apscheduler.schedulers.background import BackgroundScheduler
from flask import Flask
from sqlalchemy.orm import Session

from assembly import clock, config, db, logs
from assembly.mail import send_outbox, transport_for
from assembly.scheduler_lock import SchedulerLock, lock_for
from assembly.services.deadlines import sweep
from assembly.services.digest import remind_deadlines, send_digest
from assembly.services.monitoring import record_job_run
from assembly.services.retention import run_retention
from assembly.sms import sms_transport_for

log = logging.getLogger("assembly.scheduler")

Job = Callable[[Session, datetime], Any]


@dataclass(frozen=True)
class Periodic:
    """A job and how often it runs."""

    name: str
    run: Callable[[], None]
    seconds: float


class Scheduler:
    """Wait for the lock, run the jobs while holding it, stop cleanly when asked."""

    def __init__(
        self,
        app: Flask,
        *,
        settings: dict[str, Any] | None = None,
        stop: threading.Event | None = None,
        lock: SchedulerLock | None = None,
    ) -> None:
        self.app = app
        self.factory = app.extensions["assembly.sessions"]
        self.settings = settings or config.scheduler_settings()
        self.stop = stop or threading.Event()
        self.lock = lock or lock_for(app.extensions["assembly.engine"])
        self.transport = transport_for(app)
        self.sms = sms_transport_for(app.config)
        self.active = threading.Event()
        self.mail_down: str | None = None
        self.runner = f"{socket.gethostname()}:{os.getpid()}"

    def recorded(self, name: str, run: Callable[[], bool]) -> Callable[[], None]:
        """Run a job under a request id of its own, and count the run (and any failure) in
        `job_runs`, which /metrics and /readyz read on every node."""

        def job() -> None:
            with logs.request_id(logs.new_request_id(f"{name}-")):
                ok = run()
                try:
                    with db.unit_of_work(self.factory) as session:
                        record_job_run(session, name, ok=ok, now=clock.system_now(),
                                       runner=self.runner)
                except Exception:
                    log.exception("could not record the run of %s", name)

        return job

    def transaction(self, name: str, work: Job) -> Callable[[], None]:
        """A job in its own transaction as of the clock's now; a failure is logged, retried."""

        def run() -> bool:
            try:
                with db.unit_of_work(self.factory) as session:
                    result = work(session, clock.now())
            except Exception:
                log.exception("job %s failed; it runs again at its next turn", name)
                return False
            moved = result.total() if hasattr(result, "total") else result
            if moved:
                log.info("%s: %s", name, result.as_dict() if hasattr(result, "as_dict") else moved)
            return True

        return self.recorded(name, run)

    def send_sms(self) -> bool:
        """One pass of the outbox sender over the SMS (the HTTP gateway); False when it failed."""
        try:
            report = send_outbox(self.factory, self.sms, self.app.config,
                                 should_stop=self.stop.is_set, channel="sms")
        except Exception:
            log.exception("SMS pass failed; it runs again at its next turn")
            return False
        if report.sent or report.failed or report.retried:
            log.info("SMS: %s sent, %s to retry, %s failed, %s possible duplicate(s)",
                     report.sent, report.retried, report.failed, report.duplicates)
        return True

    def send_mail(self) -> bool:
        """One pass of the outbox sender (e-mail, then SMS when a gateway is set); False
        when a pass failed."""
        sms_ok = self.send_sms() if self.sms is not None else True
        if self.transport is None:
            return sms_ok
        try:
            report = send_outbox(self.factory, self.transport, self.app.config,
                                 should_stop=self.stop.is_set)
        except Exception:
            log.exception("outbox pass failed; it runs again at its next turn")
            return False
        # Log when the server goes away and when it is back, not on every pass.
        if report.unreachable and not self.mail_down:
            log.warning("mail server unreachable, messages wait: %s", report.unreachable)
        elif report.connected and self.mail_down:
            log.info("mail server reachable again")
        if report.unreachable or report.connected:
            self.mail_down = report.unreachable
        if report.sent or report.failed or report.retried:
            log.info("outbox: %s sent, %s to retry, %s failed, %s possible duplicate(s)",
                     report.sent, report.retried, report.failed, report.duplicates)
        return sms_ok

    def retain(self) -> bool:
        """One retention run (every due notice, a batch per transaction); False when it
        failed or left a notice whose chain does not verify."""
        try:
            done = run_retention(self.factory, clock.now())
        except Exception:
            log.exception("retention failed; it runs again at its next turn")
            return False
        if done.total() or done.skipped:
            log.info("retention: %s", done.as_dict())
        return not done.skipped

    def jobs(self) -> list[Periodic]:
        """The periodic jobs: sweep, reminders and digest every sweep period; retention; the
        outbox."""
        every = float(self.settings["sweep_seconds"])
        hour = int(self.settings["digest_hour"])
        jobs = [
            Periodic("sweep", self.transaction("sweep", sweep), every),
            Periodic("reminders", self.transaction("reminders", remind_deadlines), every),
            Periodic("digest", self.transaction(
                "digest", lambda s, now: send_digest(s, now, from_hour=hour)), every),
            Periodic("retention", self.recorded("retention", self.retain),
                     float(self.settings["retention_seconds"])),
        ]
        if self.transport is not None or self.sms is not None:
            jobs.append(Periodic("outbox", self.recorded("outbox", self.send_mail),
                                 float(self.settings["outbox_seconds"])))
        return jobs

    def run(self) -> None:
        """Until stopped: wait for the lock, then run the jobs while it is held."""
        poll = float(self.settings["lock_poll_seconds"])
        if self.transport is None:
            log.warning("no SMTP server (ASSEMBLY_MAIL_SERVER): messages are kept, not sent")
        waiting_logged = False
        try:
            while not self.stop.is_set():
                if self.lock.acquire():
                    waiting_logged = False
                    self._run_jobs(poll)
                    continue
                if not waiting_logged:
                    log.info("another scheduler holds the %s: waiting", self.lock.description)
                    waiting_logged = True
                self.stop.wait(poll)
        finally:
            self.lock.release()
            log.info("scheduler stopped")

    def _run_jobs(self, poll: float) -> None:
        log.info("scheduler active: holds the %s", self.lock.description)
        scheduler = BackgroundScheduler(
            timezone=UTC,
            job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": None},
        )
        start = clock.system_now()  # APScheduler's timers run on the system clock
        for job in self.jobs():
            scheduler.add_job(job.run, "interval", seconds=job.seconds, id=job.name,
                              name=job.name, next_run_time=start)
        scheduler.start()
        self.active.set()
        try:
            while not self.stop.wait(poll):
                if not self.lock.held():
                    log.error("lost the %s: jobs stop until it is taken again",
                              self.lock.description)
                    break
        finally:
            self.active.clear()
            scheduler.shutdown(wait=True)


def run_until_signalled(app: Flask) -> None:
    """Run the scheduler in this process; SIGTERM or SIGINT stop it after the running jobs."""
    from assembly.services.law import default_law

    default_law()  # refuse to start on invalid rules or workflow
    stop = threading.Event()

    def on_signal(signum: int, _frame: object) -> None:
        log.info("received %s: stopping after the running jobs", signal.Signals(signum).name)
        stop.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    Scheduler(app, stop=stop).run()
