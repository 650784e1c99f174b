"""Managers' pages: the yearly dashboard, the comparison across years, the exports, the
what-if replay of a year under other rules."""

from __future__ import annotations

from flask import Blueprint

from assembly.i18n import N_
from assembly.web.access import set_role_home
from assembly.web.navigation import add_nav_item

bp = Blueprint("manager", __name__, url_prefix="/manager")

STAFF = {"manager", "admin"}
add_nav_item(bp, "manager.dashboard", N_("Yearly report"), roles=STAFF, order=300)
add_nav_item(bp, "manager.years", N_("Years compared"), roles=STAFF, order=310)
add_nav_item(bp, "manager.whatif", N_("What if"), roles=STAFF, order=320)
set_role_home(bp, "manager", "manager.dashboard")

from assembly.web.manager import views, whatif  # noqa: E402, F401  (routes on bp)
