"""The published occupancy of the special places and routes (CC 61-НП, LAW.md §8).

For each planned assembly at a designated place: the place, date, start and end, form,
expected number and status; never the organizer, the purpose or the reference. Each entry
is named by the notice's random public id (DESIGN.md "Privacy"): nothing leads from it to
the reference. The web calendar, its ICS feed and the API's GET /occupancy read it here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from assembly.models import GO_AHEAD_STATES, PENDING_STATES, Notice

# The notices that hold (or may come to hold) a place: as for the place_occupied check.
OCCUPYING_STATES = GO_AHEAD_STATES + PENDING_STATES
MAX_DAYS = 366
MAX_ROWS = 5000


@dataclass(frozen=True)
class PlannedAssembly:
    """One planned assembly at a special place or route, with no personal data."""

    key: str  # the notice's random public id (a calendar UID), not the reference
    place_id: str
    place_kind: str  # site, route
    event_date: date  # local
    starts_at: datetime  # aware UTC
    ends_at: datetime
    form: str
    expected_participants: int
    status: str
    go_ahead: bool
    procedure: str = ""  # notification or application: the status's words depend on it

    def as_dict(self) -> dict[str, Any]:
        """The API's occupancy entry."""
        return {
            "id": self.key,
            "place": self.place_id,
            "date": self.event_date.isoformat(),
            "starts_at": self.starts_at.isoformat(),
            "ends_at": self.ends_at.isoformat(),
            "form": self.form,
            "expected_participants": self.expected_participants,
            "status": self.status,
        }


def planned_assemblies(
    session: Session, start: date, end: date, place_id: str | None = None, *,
    limit: int = MAX_ROWS, offset: int = 0,
) -> list[PlannedAssembly]:
    """Assemblies planned or held at designated places, `start` to `end` inclusive (local):
    at most `limit` of them (never more than MAX_ROWS), after the first `offset`."""
    if end < start:
        raise ValueError("the end of the period is before its start")
    query = (
        select(
            Notice.public_id, Notice.place_id, Notice.place_kind, Notice.event_date,
            Notice.starts_at, Notice.ends_at, Notice.form, Notice.expected_participants,
            Notice.status, Notice.go_ahead, Notice.procedure,
        )
        .where(
            Notice.place_id.is_not(None),
            Notice.event_date >= start,
            Notice.event_date <= end,
            Notice.status.in_(OCCUPYING_STATES),
        )
        .order_by(Notice.starts_at, Notice.place_id, Notice.id)
        .limit(max(0, min(limit, MAX_ROWS)))
        .offset(max(0, offset))
    )
    if place_id is not None:
        query = query.where(Notice.place_id == place_id)
    return [
        PlannedAssembly(
            key=row.public_id, place_id=row.place_id,
            place_kind="route" if row.place_kind == "route" else "site",
            event_date=row.event_date, starts_at=row.starts_at, ends_at=row.ends_at,
            form=row.form,
            expected_participants=row.expected_participants, status=row.status,
            go_ahead=bool(row.go_ahead), procedure=row.procedure,
        )
        for row in session.execute(query)
    ]
