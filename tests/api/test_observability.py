"""Observability (issue 16): /metrics behind its token, /readyz, request ids that follow a
request into the messages it queues, the e-mail headers and the JSON logs."""

from __future__ import annotations

import json
import logging
import re
from datetime import datetime, timedelta
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from assembly import clock, logs
from assembly.models import JobRun, OutboxMessage
from assembly.services.monitoring import record_job_run
from tests.api.conftest import Api

TOKEN = "metrics-token-for-tests-0123456789"


@pytest.fixture
def metrics_on(app: Flask) -> Any:
    """The shared app with /metrics opened by TOKEN, for this test only."""
    app.config["METRICS_TOKEN"] = TOKEN
    yield app
    app.config["METRICS_TOKEN"] = None


def scrape(api: Api) -> str:
    response = api.client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.headers["Content-Type"].startswith("text/plain")
    return response.get_data(as_text=True)


def value(text: str, name: str, **labels: str) -> float:
    """The sample `name{labels}` of a scrape (0 when absent)."""
    wanted = ",".join(f'{k}="{v}"' for k, v in sorted(labels.items()))
    pattern = re.escape(name + (f"{{{wanted}}}" if wanted else "")) + r" ([0-9.e+-]+)$"
    found = re.search(pattern, text, re.MULTILINE)
    return float(found.group(1)) if found else 0.0


def test_metrics_do_not_exist_without_a_token_set(api: Api) -> None:
    assert api.client.get("/metrics").status_code == 404


@pytest.mark.parametrize("header", [None, "Bearer wrong-token-wrong-token", f"Basic {TOKEN}",
                                    f"Bearer {TOKEN}x", TOKEN])
def test_metrics_refuse_a_missing_or_wrong_token_and_show_nothing(
        api: Api, metrics_on: Flask, header: str | None) -> None:
    response = api.client.get("/metrics", headers={"Authorization": header} if header else {})
    assert response.status_code == 401
    assert "assembly_" not in response.get_data(as_text=True)


def test_requests_are_counted_per_endpoint_never_per_path(api: Api, metrics_on: Flask) -> None:
    before = scrape(api)
    api.client.get("/healthz")
    api.client.get("/no/such/page/1234")
    after = scrape(api)
    labels = {"endpoint": "health.healthz", "method": "GET", "status": "200"}
    assert value(after, "assembly_http_requests_total", **labels) == \
        value(before, "assembly_http_requests_total", **labels) + 1
    unmatched = {"endpoint": "unmatched", "method": "GET", "status": "404"}
    assert value(after, "assembly_http_requests_total", **unmatched) == \
        value(before, "assembly_http_requests_total", **unmatched) + 1
    assert "/no/such/page" not in after
    assert value(after, "assembly_http_request_duration_seconds_count",
                 endpoint="health.healthz", method="GET") >= 1


def test_notices_by_state_deadlines_due_today_and_the_outbox_backlog_are_gauges(
        api: Api, metrics_on: Flask, now: Any) -> None:
    citizen = api.sign_in("citizen")
    api.sign_in("officer")  # officers are told of a new notice: messages in the outbox
    notice = api.file(citizen)
    due = datetime.fromisoformat(notice["decision_due"])
    text = scrape(api)
    assert value(text, "assembly_notices", state="received") == 1
    assert value(text, "assembly_outbox_messages", status="pending") >= 1
    assert value(text, "assembly_outbox_messages", status="failed") == 0

    now((due - timedelta(hours=2)).isoformat())  # the morning of the last day
    text = scrape(api)
    assert value(text, "assembly_decisions_due_today") == 1
    assert value(text, "assembly_decisions_overdue") == 0
    now((due + timedelta(days=1)).isoformat())  # the next day, still undecided
    text = scrape(api)
    assert value(text, "assembly_decisions_due_today") == 0
    assert value(text, "assembly_decisions_overdue") == 1


def test_scheduler_job_runs_and_failures_are_counted_from_the_database(
        api: Api, metrics_on: Flask) -> None:
    moment = clock.system_now()
    record_job_run(api.session, "sweep", ok=True, now=moment, runner="node-a:1")
    record_job_run(api.session, "sweep", ok=False, now=moment, runner="node-a:1")
    record_job_run(api.session, "outbox", ok=True, now=moment, runner="node-b:2")
    api.session.commit()
    text = scrape(api)
    assert value(text, "assembly_scheduler_job_runs_total", job="sweep") == 2
    assert value(text, "assembly_scheduler_job_failures_total", job="sweep") == 1
    assert value(text, "assembly_scheduler_job_failures_total", job="outbox") == 0
    assert value(text, "assembly_scheduler_job_last_run_timestamp_seconds", job="outbox") == \
        pytest.approx(moment.timestamp())


def test_readyz_waits_for_a_scheduler_that_ran_recently(api: Api) -> None:
    silent = api.client.get("/readyz")
    assert silent.status_code == 503
    body = silent.get_json()
    assert body["checks"]["database"]["ok"] is True
    assert body["checks"]["database"]["revision"] == body["checks"]["database"]["latest"]
    assert body["checks"]["rules"]["ok"] is True and body["checks"]["rules"]["version"]
    assert body["checks"]["scheduler"] == {"ok": False, "last_run_at": None,
                                           "silent_after_seconds": 180.0}

    record_job_run(api.session, "sweep", ok=True, now=clock.system_now(), runner="a:1")
    api.session.commit()
    assert api.client.get("/readyz").status_code == 200

    row = api.session.get(JobRun, "sweep")
    assert row is not None
    row.last_run_at = clock.system_now() - timedelta(seconds=181)
    api.session.commit()
    late = api.client.get("/readyz")
    assert late.status_code == 503 and late.get_json()["checks"]["scheduler"]["ok"] is False


def test_a_pinned_clock_does_not_make_a_live_scheduler_look_silent(api: Api, now: Any) -> None:
    record_job_run(api.session, "sweep", ok=True, now=clock.system_now(), runner="a:1")
    api.session.commit()
    now("2021-05-13T10:00:00+06:00")  # a training instance's pinned "now"
    assert api.client.get("/readyz").status_code == 200


def test_a_request_id_from_the_proxy_is_answered_and_kept_with_the_messages_it_queued(
        api: Api) -> None:
    citizen = api.sign_in("citizen")
    api.sign_in("officer")
    response = api.post("/notices", citizen, json=_draft(),
                        headers={"X-Request-ID": "req-12345678"})
    assert response.status_code == 201
    assert response.headers["X-Request-ID"] == "req-12345678"
    queued = api.session.scalars(select(OutboxMessage.request_id)).all()
    assert queued and set(queued) == {"req-12345678"}


@pytest.mark.parametrize("sent", ["short", "has space in it", "x" * 65, "line\u2028break1234",
                                  "semi;colon;1234"])
def test_a_request_id_that_is_not_a_plain_token_is_replaced_by_a_fresh_one(
        api: Api, sent: str) -> None:
    answered = api.client.get("/healthz", headers={"X-Request-ID": sent}).headers["X-Request-ID"]
    assert answered != sent
    assert re.fullmatch(r"[0-9a-f]{32}", answered)


def test_two_requests_without_an_id_get_different_ones(api: Api) -> None:
    first = api.client.get("/healthz").headers["X-Request-ID"]
    assert first != api.client.get("/healthz").headers["X-Request-ID"]
    assert logs.current_request_id() is None  # nothing leaks out of a request


def test_the_e_mail_of_a_message_carries_the_request_id_that_queued_it(app: Flask) -> None:
    from assembly.emails import RenderedEmail
    from assembly.mail import _FlaskMailOutgoing
    from assembly.services.sending import Claimed

    class Connection:
        sent: list[Any] = []

        def send(self, message: Any) -> None:
            self.sent.append(message)

    outgoing = _FlaskMailOutgoing(Connection(), "noreply@assembly.almaty.kz")  # type: ignore[arg-type]
    email = RenderedEmail(subject="s", text="t", html="<p>t</p>")
    with app.app_context():
        for request_id in ("req-12345678", None):
            outgoing.send(Claimed(id=7, recipient="a@example.kz", language="ru", template="x",
                                  context={}, attempts=1, possible_duplicate=False,
                                  request_id=request_id), email)
    with_id, without = (m.extra_headers for m in Connection.sent)
    assert with_id["X-Request-ID"] == "req-12345678"
    assert "X-Request-ID" not in without


def test_json_log_lines_carry_the_request_id_extra_fields_and_the_traceback() -> None:
    record = logging.LogRecord("assembly.test", logging.ERROR, __file__, 1, "moved %s", (3,),
                               None)
    record.job = "sweep"
    with logs.request_id("sweep-abc"):
        line = json.loads(logs.JsonFormatter().format(record))
    assert line["message"] == "moved 3" and line["level"] == "error"
    assert line["request_id"] == "sweep-abc" and line["job"] == "sweep"
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        import sys

        failed = logging.LogRecord("a", logging.ERROR, __file__, 1, "failed", (), sys.exc_info())
    assert "RuntimeError: boom" in json.loads(logs.JsonFormatter().format(failed))["exc"]
    assert json.loads(logs.JsonFormatter().format(failed))["request_id"] is None


def _draft() -> dict[str, Any]:
    from tests.conftest import dummy_draft

    return dummy_draft()
