"""The signed-in citizen's home: their latest notices with trackers, what awaits them
(a proposal to answer, a draft to finish), and the start of a new notice."""

from __future__ import annotations

from flask.typing import ResponseReturnValue
from flask_login import current_user

from assembly.services.citizen import awaiting_answer, drafts_of, own_notices_page
from assembly.services.law import default_law
from assembly.services.messages import notice_facts
from assembly.web import database
from assembly.web.citizen.drafts import draft_row
from assembly.web.citizen.notices import page, steps_of
from assembly.web.locale import current_language

LATEST = 3  # notices on the home page; "My notices" has them all, a page at a time
DRAFTS_SHOWN = 3


def citizen_home() -> ResponseReturnValue:
    """The home page of a signed-in citizen (`/`)."""
    law = default_law()
    db = database.session()
    user = current_user.user
    latest = own_notices_page(db, user, page=1, per_page=LATEST)
    rows = [(n, notice_facts(n, law), steps_of(n, law)) for n in latest.items]
    return page("citizen/home.html", rows=rows, total=latest.total,
                proposals=awaiting_answer(db, user),
                drafts=[draft_row(d, law, current_language())
                        for d in drafts_of(db, user)[:DRAFTS_SHOWN]])
