"""GET /metrics: Prometheus's text format, behind ASSEMBLY_METRICS_TOKEN (a bearer token;
without one set, /metrics does not exist: 404).

Two parts: this process's (or, with PROMETHEUS_MULTIPROC_DIR, this node's workers')
request counts and latencies; and the deployment's gauges read from the database at each
scrape (notices by state, decisions due today and overdue, the outbox's backlog, each
scheduler job's runs and failures), the same from every node.
"""

from __future__ import annotations

import hmac
import os

from flask import Blueprint, Response, abort, current_app, request
from prometheus_client import REGISTRY, CollectorRegistry, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.exposition import CONTENT_TYPE_LATEST

from assembly import clock
from assembly.services.monitoring import Figures, figures
from assembly.web import database

bp = Blueprint("metrics", __name__)


def _authorised() -> bool:
    token = current_app.config.get("METRICS_TOKEN")
    if not token:
        abort(404)
    given = request.headers.get("Authorization", "")
    return hmac.compare_digest(given.encode(), f"Bearer {token}".encode())


def _process_metrics() -> bytes:
    """This process's counters, or the node's workers' when they share a multiprocess dir."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return generate_latest(registry)
    return generate_latest(REGISTRY)


class _Deployment:
    """The database's figures as metric families (collected once, for one scrape)."""

    def __init__(self, found: Figures) -> None:
        self.found = found

    def collect(self):  # type: ignore[no-untyped-def]
        found = self.found
        states = GaugeMetricFamily("assembly_notices", "Notices by state", labels=["state"])
        for state, count in sorted(found.notices_by_state.items()):
            states.add_metric([state], count)
        yield states
        yield GaugeMetricFamily("assembly_decisions_due_today",
                                "Notices waiting for a decision due by the end of today",
                                value=found.due_today)
        yield GaugeMetricFamily("assembly_decisions_overdue",
                                "Notices waiting for a decision due before today",
                                value=found.overdue)
        outbox = GaugeMetricFamily("assembly_outbox_messages",
                                   "Outbox messages not sent, by status", labels=["status"])
        for status, count in found.outbox.items():
            outbox.add_metric([status], count)
        yield outbox
        runs = CounterMetricFamily("assembly_scheduler_job_runs",
                                   "Scheduler job runs", labels=["job"])
        failures = CounterMetricFamily("assembly_scheduler_job_failures",
                                       "Scheduler job runs that failed", labels=["job"])
        last = GaugeMetricFamily("assembly_scheduler_job_last_run_timestamp_seconds",
                                 "When a scheduler job last ran (Unix time)", labels=["job"])
        for job in found.jobs:
            runs.add_metric([job.name], job.runs)
            failures.add_metric([job.name], job.failures)
            if job.last_run_at is not None:
                last.add_metric([job.name], job.last_run_at.timestamp())
        yield from (runs, failures, last)


@bp.get("/metrics")
def metrics() -> Response:
    """Prometheus text format; 401 without the bearer token, 404 when no token is set."""
    if not _authorised():
        return Response("a bearer token is required\n", 401,
                        {"WWW-Authenticate": 'Bearer realm="metrics"'}, mimetype="text/plain")
    registry = CollectorRegistry(auto_describe=False)
    registry.register(_Deployment(figures(database.session(), clock.now())))  # type: ignore[arg-type]
    body = _process_metrics() + generate_latest(registry)
    return Response(body, 200, {"Cache-Control": "no-store"}, content_type=CONTENT_TYPE_LATEST)
