"""The yearly report (API.md YearlyReport), read from the notice counts (services.counts)
and aggregate SQL, never notice by notice."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import extract, func, select
from sqlalchemy.orm import Session

from assembly.models import DecisionGround, NoticeCount, UnsanctionedEvent
from assembly.services import counts

# How a status counts in the totals: every notice that could go ahead is "approved",
# including those later held or terminated (API.md).
BUCKETS = {
    "approved": "approved",
    "deemed_accepted": "approved",
    "held": "approved",
    "terminated": "approved",
    "refused": "refused",
    "withdrawn": "withdrawn",
    # Undecided when the event started (Art. 11(1), 13(1)): counted apart, never approved.
    "lapsed": "lapsed",
    "received": "pending",
    "in_review": "pending",
    "change_proposed": "pending",
}
GO_AHEAD_KINDS = ("approved", "approve_restricted", "deemed_accepted", "change_accepted")
KIND_NAMES = {"approve": "approved"}


def _year_range(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year + 1, 1, 1)


def yearly_report(session: Session, year: int) -> dict[str, Any]:
    """Totals and breakdowns of the notices registered in `year` (API.md YearlyReport)."""
    return yearly_reports(session, [year])[0]


def yearly_reports(session: Session, years: Sequence[int]) -> list[dict[str, Any]]:
    """The yearly report of each of `years`, in that order: three queries whatever their
    number (the notice counts, the refusals' grounds, the unsanctioned events)."""
    if not years:
        return []
    counts.apply(session)  # what this transaction changed counts too
    first, last = min(years), max(years)
    start, end = _year_range(first)[0], _year_range(last)[1]
    rows: dict[int, list[Any]] = defaultdict(list)
    for row in session.execute(
        select(NoticeCount.year, NoticeCount.status, NoticeCount.go_ahead_kind,
               NoticeCount.form, NoticeCount.place_id, NoticeCount.month,
               NoticeCount.on_time, NoticeCount.n)
        .where(NoticeCount.year >= first, NoticeCount.year <= last, NoticeCount.n != 0)
    ):
        rows[row[0]].append(row[1:])
    # Grounds exist only on refusals, which are final: no join to the notices is needed.
    ground_year = extract("year", DecisionGround.registration_date)
    grounds: dict[int, list[tuple[str, int]]] = defaultdict(list)
    for year, ground, n in session.execute(
        select(ground_year, DecisionGround.ground, func.count())
        .where(DecisionGround.registration_date >= start, DecisionGround.registration_date < end)
        .group_by(ground_year, DecisionGround.ground)
    ):
        grounds[int(year)].append((ground, n))
    event_year = extract("year", UnsanctionedEvent.occurred_on)
    unsanctioned = {int(year): n for year, n in session.execute(
        select(event_year, func.count())
        .where(UnsanctionedEvent.occurred_on >= start, UnsanctionedEvent.occurred_on < end)
        .group_by(event_year))}
    return [_report(y, rows[y], grounds[y], unsanctioned.get(y, 0)) for y in years]


def _report(year: int, rows: list[Any], grounds: list[tuple[str, int]],
            unsanctioned: int) -> dict[str, Any]:
    """A year's report (API.md YearlyReport) from its counts, grounds and events."""
    totals: Counter[str] = Counter()
    kinds: Counter[str] = Counter()
    by_form: Counter[str] = Counter()
    by_place: Counter[str] = Counter()
    by_month = [Counter() for _ in range(12)]
    on_time = late = 0
    for status, kind, form, place, month, timely, n in rows:
        bucket = BUCKETS[status]
        totals[bucket] += n
        totals["received"] += n
        if bucket == "approved" and kind:
            kinds[KIND_NAMES.get(kind, kind)] += n
        by_form[form] += n
        by_place[place or "point"] += n
        row = by_month[month - 1]
        row["received"] += n
        row[bucket] += n
        if timely == counts.ON_TIME:
            on_time += n
        elif timely == counts.LATE:
            late += n
    return {
        "year": year,
        "received": totals["received"],
        "approved": totals["approved"],
        "refused": totals["refused"],
        "withdrawn": totals["withdrawn"],
        "lapsed": totals["lapsed"],
        "pending": totals["pending"],
        "unsanctioned_events": unsanctioned,
        "breakdown": {
            "approved": {k: kinds[k] for k in GO_AHEAD_KINDS},
            "refused_by_ground": dict(sorted(grounds)),
            "by_form": dict(sorted(by_form.items())),
            "by_place": dict(sorted(by_place.items())),
            "by_month": [
                {"month": i + 1, **{k: row[k] for k in
                 ("received", "approved", "refused", "withdrawn", "lapsed", "pending")}}
                for i, row in enumerate(by_month)
            ],
            "decided_on_time": on_time,
            "decided_late": late,
        },
    }


def _years_of(session: Session, column: Any) -> set[int]:
    """The distinct years of an indexed date column, as a loose index scan: one indexed
    lookup of the first date from each year on, never a scan of the table."""
    years: set[int] = set()
    first = session.scalar(select(func.min(column)))
    while first is not None:
        years.add(first.year)
        if first.year >= date.max.year:
            break
        first = session.scalar(select(func.min(column)).where(column >= date(first.year + 1, 1, 1)))
    return years


def years_with_data(session: Session) -> list[int]:
    """Every year with a registered notice or an unsanctioned event, latest first."""
    counts.apply(session)
    years = set(session.scalars(
        select(NoticeCount.year).where(NoticeCount.n != 0).distinct()))
    years |= _years_of(session, UnsanctionedEvent.occurred_on)
    return sorted(years, reverse=True)
