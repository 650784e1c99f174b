"""Pages for everyone: home, the procedure, the map, the occupancy calendar, the precheck."""

from __future__ import annotations

from flask import Blueprint

from assembly.i18n import N_
from assembly.web.navigation import add_nav_item

bp = Blueprint("public", __name__)

add_nav_item(bp, "public.home", N_("Home"), order=10)
add_nav_item(bp, "public.procedure", N_("Procedure and deadlines"), order=100)
add_nav_item(bp, "public.places_map", N_("Map of places"), order=110)
add_nav_item(bp, "public.occupancy", N_("Occupancy calendar"), order=120)
add_nav_item(bp, "public.precheck", N_("Check a notice"), order=130)

from assembly.web.public import geo, occupancy, pages, precheck, verify  # noqa: E402, F401  (routes on bp)
