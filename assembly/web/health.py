"""GET /healthz: is the app up and does the database answer (JSON, for load balancers)."""

from __future__ import annotations

from flask import Blueprint, jsonify
from flask.typing import ResponseReturnValue

from assembly.services.health import database_answers
from assembly.web import database

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz() -> ResponseReturnValue:
    """200 {"status": "ok"} when the database answers a ping, else 503."""
    if not database_answers(database.session()):
        return jsonify(status="error", database="unavailable"), 503
    return jsonify(status="ok", database="ok")
