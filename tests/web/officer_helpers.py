"""Helpers of the officer pages' tests: notices filed through the service, the pages' paths.

Most tests follow rallies on Thu 2021-05-20 (UTC+6): filed on Thu 2021-05-13 (the last
timely day), reviewed on Fri 2021-05-14, decision due at the end of Tue 2021-05-18.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from assembly.models import Notice, User
from assembly.services.filing import file_notice
from tests.conftest import at, dummy_draft

FILED = "2021-05-13T10:00:00+06:00"
LATE_FILED = "2021-05-14T10:00:00+06:00"  # one working day too late for 2021-05-20
DURING_REVIEW = "2021-05-14T10:00:00+06:00"
AFTER_REVIEW = "2021-05-19T10:00:00+06:00"


def file(session: Session, owner: User | None, filed_at: str = FILED,
         **overrides: Any) -> Notice:
    """A notice filed through the service (flushed), default the dummy rally."""
    return file_notice(session, dummy_draft(**overrides), owner=owner, now=at(filed_at)).notice


def slot(day: str, start: str, end: str, site: str = "sary-arka-square") -> dict[str, Any]:
    """Draft overrides for a rally on a day of May 2021 (DD) from `start` to `end` (HH:MM)."""
    return {
        "starts_at": f"2021-05-{day}T{start}:00+06:00",
        "ends_at": f"2021-05-{day}T{end}:00+06:00",
        "place": {"site": site},
    }


def notice_page(notice: Notice) -> str:
    """The officer's page of a notice."""
    return f"/officer/notices/{notice.reference}"


def decision_page(notice: Notice) -> str:
    """The decision form of a notice."""
    return f"/officer/notices/{notice.reference}/decision"
