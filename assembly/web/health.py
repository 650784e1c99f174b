"""GET /healthz: is the app up and does the database answer (JSON, for load balancers)."""

from __future__ import annotations

import logging

from flask import Blueprint, jsonify
from flask.typing import ResponseReturnValue
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from assembly.web import database

log = logging.getLogger(__name__)

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz() -> ResponseReturnValue:
    """200 {"status": "ok"} when the database answers a ping, else 503."""
    try:
        database.session().execute(select(1))
    except SQLAlchemyError:
        log.exception("health check: the database does not answer")
        return jsonify(status="error", database="unavailable"), 503
    return jsonify(status="ok", database="ok")
