"""The yearly report (API.md YearlyReport), read with aggregate SQL, never notice by notice."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

from sqlalchemy import case, extract, func, select, text
from sqlalchemy.orm import Session

from assembly.models import DecisionGround, Notice, UnsanctionedEvent

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
GROUP_BY_WORK_MEM = "32MB"


def _year_range(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year + 1, 1, 1)


def grouped_counts_query(year: int):  # type: ignore[no-untyped-def]
    """One GROUP BY over the year's notices: status, kind, form, place, month, timeliness."""
    start, end = _year_range(year)
    on_time = case(
        (Notice.decided_at.is_(None), None),
        (Notice.decided_at <= Notice.decision_due, 1),
        else_=0,
    ).label("on_time")
    month = extract("month", Notice.registration_date).label("month")
    columns = (Notice.status, Notice.go_ahead_kind, Notice.form, Notice.place_id, month, on_time)
    return (
        select(*columns, func.count().label("n"))
        .where(Notice.registration_date >= start, Notice.registration_date < end)
        .group_by(*columns)
    )


def yearly_report(session: Session, year: int) -> dict[str, Any]:
    """Totals and breakdowns of the notices registered in `year` (API.md YearlyReport)."""
    totals: Counter[str] = Counter()
    kinds: Counter[str] = Counter()
    by_form: Counter[str] = Counter()
    by_place: Counter[str] = Counter()
    by_month = [Counter() for _ in range(12)]
    on_time = late = 0
    if session.get_bind().dialect.name == "postgresql":
        # A full year's GROUP BY (~100,000 rows at a million notices) sorts in memory
        # instead of spilling to disk at the default 4 MB; for this transaction only.
        session.execute(text(f"SET LOCAL work_mem = '{GROUP_BY_WORK_MEM}'"))
    for status, kind, form, place, month, timely, n in session.execute(
        grouped_counts_query(year)
    ):
        bucket = BUCKETS[status]
        totals[bucket] += n
        totals["received"] += n
        if bucket == "approved" and kind:
            kinds[KIND_NAMES.get(kind, kind)] += n
        by_form[form] += n
        by_place[place or "point"] += n
        row = by_month[int(month) - 1]
        row["received"] += n
        row[bucket] += n
        if timely == 1:
            on_time += n
        elif timely == 0:
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
    years = _years_of(session, Notice.registration_date)
    years |= _years_of(session, UnsanctionedEvent.occurred_on)
    return sorted(years, reverse=True)
