"""GET /healthz (alive: the process answers and the database answers a ping) and GET /readyz
(ready: the database is at the latest schema, the rules are loaded, a scheduler has run a
job recently), as JSON for load balancers and monitors."""

from __future__ import annotations

from datetime import timedelta

from flask import Blueprint, current_app, jsonify
from flask.typing import ResponseReturnValue

from assembly import clock
from assembly.services.health import database_answers, schema_state
from assembly.services.law import default_law
from assembly.services.monitoring import scheduler_heard_at
from assembly.web import database

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz() -> ResponseReturnValue:
    """200 {"status": "ok"} when the database answers a ping, else 503."""
    if not database_answers(database.session()):
        return jsonify(status="error", database="unavailable"), 503
    return jsonify(status="ok", database="ok")


@bp.get("/readyz")
def readyz() -> ResponseReturnValue:
    """200 when every check holds, else 503; each check says what it found."""
    session = database.session()
    checks: dict[str, dict[str, object]] = {}
    at, head = schema_state(session)
    checks["database"] = {"ok": at is not None and at == head, "revision": at, "latest": head}
    if at is None:
        checks["database"]["problem"] = "unavailable or without schema"
    law = default_law()  # loaded when the app started (it refuses to start otherwise)
    today = law.calendar.local_date(clock.now())
    checks["rules"] = {"ok": True, "version": law.at(today).version}
    silent = float(current_app.config["SCHEDULER_SILENT_SECONDS"])
    heard = scheduler_heard_at(session) if at == head else None
    recent = heard is not None and clock.system_now() - heard <= timedelta(seconds=silent)
    checks["scheduler"] = {"ok": recent, "last_run_at": heard.isoformat() if heard else None,
                           "silent_after_seconds": silent}
    ready = all(check["ok"] for check in checks.values())
    return jsonify(status="ready" if ready else "not ready", checks=checks), 200 if ready else 503
