"""Helpers of the citizens' page tests: the wizard's steps as a browser fills them, and
notices filed and decided through the services (as the officers' pages would).

The usual case is a rally at Sary-Arka square on Thu 2021-05-20, 11:00-13:00 (UTC+6),
filed on Thu 2021-05-13, the last timely day; its review ends on Tue 2021-05-18.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from assembly.actors import Actor
from assembly.models import Notice, User
from assembly.notices.identity import make_iin
from assembly.services.decisions import DecisionInput
from assembly.services.filing import file_notice
from assembly.services.review import decide
from tests.conftest import at, dummy_draft

FILED = "2021-05-13T10:00:00+06:00"
LATE = "2021-05-14T10:00:00+06:00"  # one working day too late for 2021-05-20
DURING_REVIEW = "2021-05-14T12:00:00+06:00"
AFTER_START = "2021-05-20T11:30:00+06:00"
IIN = make_iin(date(1990, 3, 15), "female", 1)

# What a citizen types at each step of the wizard (a timely rally at Sary-Arka square).
STEPS: dict[str, dict[str, str]] = {
    "form": {"form": "rally", "purpose": "Public discussion of the city's parks",
             "sound_amplification": "y"},
    "when": {"date": "2021-05-20", "start_time": "11:00", "end_time": "13:00"},
    "place": {"place": "site:sary-arka-square", "expected_participants": "300"},
    "organizer": {"organizer_kind": "person", "organizer_name": "Айгерим Сапарова",
                  "organizer_id_number": IIN, "organizer_address": "Алматы, ул. Абая 10",
                  "organizer_email": "aigerim@example.kz",
                  "organizer_phone": "+7 701 123 45 67"},
}
ORDER = ("form", "when", "place", "organizer")


def start_draft(client: Any, **change: str) -> str:
    """Fill the first step of a new notice; the id of the draft it started."""
    response = client.submit("/file", {**STEPS["form"], **change})
    assert response.status_code == 302, response.get_data(as_text=True)
    return response.headers["Location"].split("/")[2]


def fill_steps(client: Any, draft_id: str, upto: str = "review", **changes: dict[str, str]
               ) -> None:
    """Fill the steps after the first, up to (not including) `upto`, each moving on."""
    for step in ORDER[1:]:
        if step == upto:
            return
        typed = {**STEPS[step], **changes.get(step, {})}
        response = client.submit(f"/file/{draft_id}/{step}", typed)
        if response.status_code == 200 and "data-step-findings" in response.get_data(True):
            response = continue_anyway(client, f"/file/{draft_id}/{step}", typed, response)
        assert response.status_code == 302, response.get_data(as_text=True)
        assert response.headers["Location"].startswith(f"/file/{draft_id}/")


def continue_anyway(client: Any, url: str, typed: dict[str, str], shown: Any) -> Any:
    """Press "Save and continue" again on a step that showed the law's findings."""
    checked = re.search(r'name="checked" value="([^"]+)"', shown.get_data(True))
    assert checked is not None
    return client.submit(url, {**typed, "checked": checked.group(1)})


def complete_draft(client: Any) -> str:
    """A draft with every step filled: the review is next."""
    draft_id = start_draft(client)
    fill_steps(client, draft_id)
    return draft_id


def notices_count(session: Session) -> int:
    """How many notices the database holds (and the test's transaction ended)."""
    total = session.scalar(select(func.count()).select_from(Notice)) or 0
    session.rollback()
    return total


def file_for(session: Session, owner: User, filed: str = FILED, **overrides: Any) -> Notice:
    """A notice of `owner`'s, filed through the service and committed."""
    notice = file_notice(session, dummy_draft(**overrides), owner=owner, now=at(filed)).notice
    session.commit()
    return notice


def decide_on(session: Session, notice: Notice, officer: User, outcome: str,
              when: str = DURING_REVIEW, **given: Any) -> None:
    """An officer's decision, through the service, committed."""
    decide(session, notice, DecisionInput(outcome, **given), actor=Actor.of(officer),
           now=at(when))
    session.commit()


def propose_later(session: Session, notice: Notice, officer: User) -> None:
    """The akimat proposes the same place from 14:00 to 16:00 instead."""
    decide_on(session, notice, officer, "propose_change", proposal={
        "starts_at": "2021-05-20T14:00:00+06:00", "ends_at": "2021-05-20T16:00:00+06:00",
    })
