"""Citizens' pages: file a notice step by step, drafts, my notices, answers and letters."""

from __future__ import annotations

from flask import Blueprint

from assembly.i18n import N_
from assembly.web.access import set_role_front_page, set_role_home
from assembly.web.navigation import add_nav_item

bp = Blueprint("citizen", __name__)

add_nav_item(bp, "citizen.notices", N_("My notices"), roles={"citizen"}, order=20)
add_nav_item(bp, "citizen.start", N_("File a notice"), roles={"citizen"}, order=30)
add_nav_item(bp, "citizen.drafts", N_("My drafts"), roles={"citizen"}, order=40)
set_role_home(bp, "citizen", "citizen.notices")

from assembly.web.citizen import (  # noqa: E402, F401  (routes)
    actions,
    drafts,
    from_precheck,
    notices,
    wizard,
)
from assembly.web.citizen.home import citizen_home  # noqa: E402

set_role_front_page(bp, "citizen", citizen_home)
