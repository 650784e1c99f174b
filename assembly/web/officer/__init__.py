"""Officers' pages: the queue by legal deadline, the notice and its decision, delivery tasks,
the log of unsanctioned events, the closures of special places."""

from __future__ import annotations

from flask import Blueprint

from assembly.i18n import N_
from assembly.web.access import set_role_home
from assembly.web.navigation import add_nav_item

bp = Blueprint("officer", __name__, url_prefix="/officer")

# Administrators may read these pages; deciding, recording and logging are the officers'.
READERS = ("officer", "admin")
ACTORS = ("officer",)

add_nav_item(bp, "officer.queue", N_("Notices to decide"), roles=READERS, order=20)
add_nav_item(bp, "officer.deliveries", N_("Deliveries"), roles=READERS, order=30)
add_nav_item(bp, "officer.unsanctioned", N_("Unsanctioned events"), roles=READERS, order=40)
add_nav_item(bp, "officer.closures", N_("Closures of places"), roles=READERS, order=45)
set_role_home(bp, "officer", "officer.queue")

from assembly.web.officer import (  # noqa: E402, F401  (routes on bp)
    closures,
    decision,
    deliveries,
    notices,
    paper,
    unsanctioned,
)
