"""The yearly report (API.md YearlyReport), read from the notice counts (services.counts)
and aggregate SQL, never notice by notice."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

from sqlalchemy import func, select
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


def yearly_counts(session: Session, year: int) -> list[Any]:
    """The counts of the notices registered in `year` (services.counts keeps them exact):
    a few hundred rows of a small table, however many notices there are."""
    counts.apply(session)  # what this transaction changed counts too
    return session.execute(
        select(NoticeCount.status, NoticeCount.go_ahead_kind, NoticeCount.form,
               NoticeCount.place_id, NoticeCount.month, NoticeCount.on_time, NoticeCount.n)
        .where(NoticeCount.year == year, NoticeCount.n != 0)
    ).all()


def yearly_report(session: Session, year: int) -> dict[str, Any]:
    """Totals and breakdowns of the notices registered in `year` (API.md YearlyReport)."""
    totals: Counter[str] = Counter()
    kinds: Counter[str] = Counter()
    by_form: Counter[str] = Counter()
    by_place: Counter[str] = Counter()
    by_month = [Counter() for _ in range(12)]
    on_time = late = 0
    for status, kind, form, place, month, timely, n in yearly_counts(session, year):
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
    start, end = _year_range(year)
    # Grounds exist only on refusals, which are final: no join to the notices is needed.
    grounds = session.execute(
        select(DecisionGround.ground, func.count())
        .where(DecisionGround.registration_date >= start, DecisionGround.registration_date < end)
        .group_by(DecisionGround.ground)
    ).all()
    unsanctioned = session.scalar(
        select(func.count()).where(
            UnsanctionedEvent.occurred_on >= start, UnsanctionedEvent.occurred_on < end
        )
    )
    return {
        "year": year,
        "received": totals["received"],
        "approved": totals["approved"],
        "refused": totals["refused"],
        "withdrawn": totals["withdrawn"],
        "lapsed": totals["lapsed"],
        "pending": totals["pending"],
        "unsanctioned_events": unsanctioned or 0,
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
