"""The legal calendar at the wizard's "When" step (issue 15.2): a month of days a filing
now can still be timely for, taken at the chosen place or not, built by
`notices.legal_calendar` from the engine's own deadlines and bookings.

It works without JavaScript: the month, the place and the day tapped are query
parameters (`?month=2026-12&place=site:x&pick=2026-12-10`); a day tapped fills the date
boxes, and nothing is kept until the step is saved.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Any

from flask import request, url_for

from assembly.db import Session
from assembly.law.rulebook import RulesNotInForce
from assembly.law.ruleset import Place, RuleSet
from assembly.law.workdays import zone
from assembly.notices.legal_calendar import (
    CalendarDay,
    CalendarMonth,
    PlaceHeld,
    build_month,
    month_start,
)
from assembly.notices.slots import places_for
from assembly.services.bookings import bookings_at
from assembly.services.closures import closures_at
from assembly.services.law import Law
from assembly.web.citizen.step_checks import is_review_return
from assembly.web.citizen.steps import REVIEW, event_date
from assembly.web.parsing import parse_date, whole_number

# The place choices the calendar shows bookings of (a point is never booked).
PLACE_KINDS = ("site", "route")


@dataclass(frozen=True)
class CalendarView:
    """What the "When" step shows of the calendar."""

    month: CalendarMonth
    form: str
    place: Place | None  # the place whose bookings are shown
    choices: tuple[Place, ...]  # the places allowing the form, to choose from
    chosen: CalendarDay | None  # the day in the date boxes, when in the month shown
    free: tuple[tuple[time, time], ...]  # its free periods at the place, local times
    keep: Mapping[str, str]  # the step's own query parameters (`return`)

    def href(self, **change: Any) -> str:
        """A link to this step showing the calendar with `change` (month=, pick=)."""
        params = {**self.keep, "month": self.month.first.strftime("%Y-%m")}
        if self.place is not None:
            params["place"] = f"{self.place.kind}:{self.place.id}"
        params.update({k: v.strftime("%Y-%m") if k == "month" else str(v)
                       for k, v in change.items()})
        return url_for(request.endpoint or "", **(request.view_args or {}), **params)

    def as_dict(self, tz: tzinfo) -> dict[str, Any]:
        """The calendar as JSON (for the map and scripts): each day's state and, at a
        place, its free periods in local time."""
        month = self.month
        return {
            "month": month.first.strftime("%Y-%m"),
            "previous": month.previous.strftime("%Y-%m"),
            "next": month.next.strftime("%Y-%m"),
            "form": self.form,
            "place": f"{self.place.kind}:{self.place.id}" if self.place else None,
            "earliest": month.earliest.isoformat() if month.earliest else None,
            "days": [
                {"date": d.day.isoformat(), "state": d.state,
                 "free": [{"start": f"{a:%H:%M}", "end": f"{b:%H:%M}"}
                          for a, b in local_periods(d, tz)]}
                for d in month.days()
            ],
        }


def local_periods(day: CalendarDay | None, tz: tzinfo) -> tuple[tuple[time, time], ...]:
    """A day's free periods at the place as local times."""
    if day is None:
        return ()
    return tuple((a.astimezone(tz).time(), b.astimezone(tz).time()) for a, b in day.free)


def shown_month(text: str | None, fallback: date) -> date:
    """The month asked for (`?month=2026-12`), else the fallback's."""
    year, _, month = (text or "").partition("-")
    try:
        return date(whole_number(year, 2000, 2100), whole_number(month, 1, 12), 1)
    except ValueError:
        return month_start(fallback)


def picked_day(args: Mapping[str, str]) -> date | None:
    """The day tapped on the calendar (`?pick=2026-12-10`), if it reads as a date."""
    try:
        return parse_date(str(args.get("pick") or ""))
    except ValueError:
        return None


def _rules_on(law: Law) -> Callable[[date], RuleSet | None]:
    """The rule set in force on a day, None when none is."""

    def rules_on(day: date) -> RuleSet | None:
        try:
            return law.at(day)
        except RulesNotInForce:
            return None
    return rules_on


def _place(choice: str, rules: RuleSet | None, form: str) -> Place | None:
    kind, _, place_id = choice.partition(":")
    place = rules.places.get(place_id) if rules is not None else None
    if place is None or kind not in PLACE_KINDS or place.kind != kind or form not in place.forms:
        return None
    return place


def calendar_view(law: Law, values: Mapping[str, Any], args: Mapping[str, str],
                  now: datetime, session: Session) -> CalendarView | None:
    """The calendar for the draft's form (None until the form is chosen), at the place
    asked for (`?place=`), else the draft's own."""
    form = str(values.get("form") or "")
    rules_on = _rules_on(law)
    today = law.calendar.local_date(now)
    today_rules = rules_on(today)
    chosen_day = event_date(values)
    if today_rules is None or form not in today_rules.forms:
        return None
    first = shown_month(args.get("month"), chosen_day or today)
    # The places of the month shown (the 2024 amendment moved them): those in force on
    # its first day still to come.
    reference = rules_on(max(first, today)) or today_rules
    choice = str(args.get("place") or values.get("place") or "")
    place = _place(choice, reference, form)
    held: PlaceHeld | None = None
    if place is not None:
        local = zone(law.rulebook.timezone)
        start = datetime.combine(first, time(0), local).astimezone(UTC)
        following = month_start(first + timedelta(days=31))
        end = datetime.combine(following, time(0), local).astimezone(UTC)
        held = PlaceHeld(place.id, bookings_at(session, place.id, start, end),
                         closures_at(session, place.id, start, end))
    month = build_month(first, rules_on, law.calendar, now, form, held)
    chosen = next((d for d in month.days() if d.day == chosen_day), None)
    free = local_periods(chosen, law.calendar.zone)
    keep = {"return": REVIEW} if is_review_return(args) else {}
    return CalendarView(month, form, place, tuple(places_for(reference, form)), chosen, free,
                        keep)
