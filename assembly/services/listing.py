"""Listing notices for the API: filters, a stable order, pages and the total."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select, tuple_
from sqlalchemy.orm import Session

from assembly.errors import FieldError, InvalidInput
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


# A keyset cursor: the filing instant (microseconds since 1970, UTC) and id of the last
# notice of a page; the next page starts after it, read from ix_notices_filed_id at any
# depth (an OFFSET reads and throws away every row before the page).
_CURSOR = re.compile(r"(\d{1,18})\.(\d{1,18})")
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class NoticePage:
    """One page of notices, how many match (`exact`) or at least how many (not `exact`),
    and the cursor of the page after it (None: this is the last)."""

    notices: list[Notice]
    total: int
    exact: bool
    next_after: str | None = None


def cursor_of(notice: Notice) -> str:
    """The keyset cursor just after `notice` in the listing's order."""
    micros = (notice.filed_at - _EPOCH) // timedelta(microseconds=1)
    return f"{micros}.{notice.id}"


def parse_cursor(text: str) -> tuple[datetime, int]:
    """(filed_at, id) of a cursor made by `cursor_of`; a field error on `after` if not one."""
    found = _CURSOR.fullmatch(text)
    if found is None:
        raise InvalidInput([FieldError("after", "invalid")])
    micros, notice_id = int(found.group(1)), int(found.group(2))
    try:
        return _EPOCH + timedelta(microseconds=micros), notice_id
    except OverflowError:
        raise InvalidInput([FieldError("after", "invalid")]) from None


def list_notices(session: Session, filters: NoticeFilter, *, page: int,
                 per_page: int, after: str | None = None) -> NoticePage:
    """One page of matching notices (the latest filed first) and how many match: exactly up
    to COUNT_AHEAD notices past the page's end, else that many (a floor). With `after` (a
    cursor), the page is the one after that notice, whatever `page` says."""
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
    position = parse_cursor(after) if after is not None else None
    cap = (1 if position else page) * per_page + COUNT_AHEAD
    matching = select(Notice.id).where(*where).limit(cap).subquery()
    total = session.scalar(select(func.count()).select_from(matching)) or 0
    listed = select(Notice).where(*where).order_by(Notice.filed_at.desc(), Notice.id.desc())
    if position is not None:
        listed = listed.where(tuple_(Notice.filed_at, Notice.id) < tuple_(*position))
    else:
        listed = listed.offset((page - 1) * per_page)
    rows = list(session.scalars(listed.limit(per_page + 1)))  # one more: is there a next?
    notices = rows[:per_page]
    following = cursor_of(notices[-1]) if len(rows) > per_page else None
    return NoticePage(notices, total, total < cap, following)
