"""Listing notices for the API: filters, a stable order, pages and the total."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from assembly.models import Notice

# Matching notices are counted up to this many beyond the page asked for: an exact count of
# a million rows costs more than the page itself (issue 16). Beyond it the total is a floor.
COUNT_AHEAD = 10_000


@dataclass(frozen=True)
class NoticeFilter:
    """Whose notices and which: all filters optional; `owner_id` limits to one citizen's."""

    owner_id: int | None = None
    status: str | None = None
    year: int | None = None  # of the registration date
    place: str | None = None  # a site or route id, or "point"


@dataclass(frozen=True)
class NoticePage:
    """One page of notices, how many match (`exact`) or at least how many (not `exact`)."""

    notices: list[Notice]
    total: int
    exact: bool


def list_notices(session: Session, filters: NoticeFilter, *, page: int,
                 per_page: int) -> NoticePage:
    """One page of matching notices (the latest filed first) and how many match: exactly up
    to COUNT_AHEAD notices past the page's end, else that many (a floor)."""
    where = []
    if filters.owner_id is not None:
        where.append(Notice.owner_id == filters.owner_id)
    if filters.status is not None:
        where.append(Notice.status == filters.status)
    if filters.year is not None:
        where += [Notice.registration_date >= date(filters.year, 1, 1),
                  Notice.registration_date <= date(filters.year, 12, 31)]
    if filters.place == "point":
        where.append(Notice.place_kind == "point")
    elif filters.place is not None:
        where.append(Notice.place_id == filters.place)
    cap = page * per_page + COUNT_AHEAD
    matching = select(Notice.id).where(*where).limit(cap).subquery()
    total = session.scalar(select(func.count()).select_from(matching)) or 0
    rows = session.scalars(
        select(Notice).where(*where).order_by(Notice.filed_at.desc(), Notice.id.desc())
        .limit(per_page).offset((page - 1) * per_page)
    )
    return NoticePage(list(rows), total, total < cap)
