"""Administrators' pages: the outbox (messages kept, waiting, sent or failed)."""

from __future__ import annotations

from flask import Blueprint

from assembly.i18n import N_
from assembly.web.navigation import add_nav_item

bp = Blueprint("admin", __name__, url_prefix="/admin")

add_nav_item(bp, "admin.outbox", N_("Outbox"), roles={"admin"}, order=400)

from assembly.web.admin import views  # noqa: E402, F401  (routes on bp)
