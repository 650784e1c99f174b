"""Listing notices for the API: filters, a stable order, pages and the total."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from assembly.models import Notice


@dataclass(frozen=True)
class NoticeFilter:
    """Whose notices and which: all filters optional; `owner_id` limits to one citizen's."""

    owner_id: int | None = None
    status: str | None = None
    year: int | None = None  # of the registration date
    place: str | None = None  # a site or route id, or "point"


def list_notices(session: Session, filters: NoticeFilter, *, page: int,
                 per_page: int) -> tuple[list[Notice], int]:
    """One page of matching notices (the latest filed first) and how many match in all."""
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
    total = session.scalar(select(func.count()).select_from(Notice).where(*where)) or 0
    rows = session.scalars(
        select(Notice).where(*where).order_by(Notice.filed_at.desc(), Notice.id.desc())
        .limit(per_page).offset((page - 1) * per_page)
    )
    return list(rows), total
