"""The public check page a decision letter's QR code opens (`/verify/<check_id>`): whether
the decision is genuine and current, with no personal data (services.verification)."""

from __future__ import annotations

from flask import render_template
from flask.typing import ResponseReturnValue

from assembly.errors import NotFound
from assembly.services.verification import check_decision
from assembly.web import database
from assembly.web.public import bp


@bp.get("/verify/<check_id>")
def verify(check_id: str) -> ResponseReturnValue:
    """A decision's public check; an unknown id (a forged letter) says so, with a 404."""
    try:
        found = check_decision(database.session(), check_id)
    except NotFound:
        return render_template("public/verify.html", check=None, check_id=None), 404
    return render_template("public/verify.html", check=found, check_id=check_id)
