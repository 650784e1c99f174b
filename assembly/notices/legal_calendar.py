"""The legal calendar of the wizard's "When" step (issue 15.2): which days of a month an
assembly of a form can still be notified for, and, at a chosen place, which are taken.

A pure function of the rules in force on each day, the working-day calendar, the instant
of filing and the bookings at the place: nothing here restates the law. Each day is

- `past`: before today (local);
- `not_allowed`: no rules in force, the form unknown to them, or the chosen place not
  designated for the form on that day (e.g. a square ended by the 2024 amendment);
- `late`: a filing now is registered fewer working days before it than the form's
  procedure asks (Art. 10 / Art. 12, `WorkCalendar.is_timely`);
- `closed`: the place is closed all its permitted hours (works, an official event:
  Art. 14(1)(10), works limb);
- `taken`: the place's permitted hours are all held by bookings or closures
  (Art. 14(1)(10));
- `partly_taken`: timely, with free periods left at the place (listed);
- `available`: timely, and (at a chosen place) free all the permitted hours.
"""

from __future__ import annotations

import calendar as gregorian
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from assembly.law.ruleset import RuleSet
from assembly.law.workdays import WorkCalendar
from assembly.notices.draft import Booking, Closure
from assembly.notices.slots import Interval, free_intervals, permitted_window

FILEABLE = ("available", "partly_taken")


@dataclass(frozen=True)
class CalendarDay:
    """One day of the calendar: its state and, at a chosen place, its free periods (UTC)."""

    day: date
    state: str  # past, not_allowed, late, closed, taken, partly_taken, available
    free: tuple[Interval, ...] = ()

    @property
    def fileable(self) -> bool:
        """Whether an assembly may still be notified for this day (a free period left)."""
        return self.state in FILEABLE


@dataclass(frozen=True)
class CalendarMonth:
    """A month as weeks from Monday (None: a day of the month before or after)."""

    first: date
    weeks: tuple[tuple[CalendarDay | None, ...], ...]
    earliest: date | None  # the first day a filing now is timely for (None: not found)

    @property
    def previous(self) -> date:
        """The first day of the month before."""
        return (self.first - timedelta(days=1)).replace(day=1)

    @property
    def next(self) -> date:
        """The first day of the month after."""
        return (self.first + timedelta(days=31)).replace(day=1)

    def days(self) -> list[CalendarDay]:
        """The month's days in order."""
        return [d for week in self.weeks for d in week if d is not None]


@dataclass(frozen=True)
class PlaceHeld:
    """The chosen place and what holds it: bookings (go-ahead and pending notices, as the
    place_occupied check reads them) and closures (works, official events)."""

    place_id: str
    bookings: Sequence[Booking] = ()
    closures: Sequence[Closure] = ()


def month_start(day: date) -> date:
    """The first day of the month holding `day`."""
    return day.replace(day=1)


def day_state(
    day: date,
    rules: RuleSet | None,
    calendar: WorkCalendar,
    filed_at: datetime,
    form: str,
    at: PlaceHeld | None = None,
) -> CalendarDay:
    """What the law, the bookings and the closures make of an assembly of `form` on `day`,
    filed at `filed_at`, at the chosen place (`at`; None: no place chosen yet)."""
    if day < calendar.local_date(filed_at):
        return CalendarDay(day, "past")
    if rules is None or form not in rules.forms:
        return CalendarDay(day, "not_allowed")
    procedure = rules.procedure_of(form)
    # Art. 10 / Art. 12: at least N working days between registration and the event day.
    registration = _registration(rules, calendar, filed_at, form)
    if not calendar.is_timely(registration, day, procedure.lead_working_days):
        return CalendarDay(day, "late")
    if at is None:
        return CalendarDay(day, "available")
    place = rules.places.get(at.place_id)
    if place is None or form not in place.forms:
        return CalendarDay(day, "not_allowed")
    window = permitted_window(rules, day)
    closed = [(c.starts_at, c.ends_at) for c in at.closures if c.place_id == place.id]
    if not free_intervals(window, closed):
        return CalendarDay(day, "closed")
    taken = [(b.starts_at, b.ends_at) for b in at.bookings if b.place_id == place.id]
    free = tuple(free_intervals(window, taken + closed))
    if not free:
        return CalendarDay(day, "taken")
    return CalendarDay(day, "available" if free == (window,) else "partly_taken", free)


def _registration(rules: RuleSet, calendar: WorkCalendar, filed_at: datetime, form: str
                  ) -> date:
    """Art. 12(1) part 2: the registration date of a filing at `filed_at`, as the rules
    read it for the form's procedure."""
    return calendar.registration_date(filed_at, rules.procedure_of(form).registration)


def earliest_timely(
    rules_on: Callable[[date], RuleSet | None], calendar: WorkCalendar, filed_at: datetime,
    form: str,
) -> date | None:
    """The first event day a filing at `filed_at` is timely for, under the rules of today."""
    today = calendar.local_date(filed_at)
    rules = rules_on(today)
    if rules is None or form not in rules.forms:
        return None
    lead = rules.procedure_of(form).lead_working_days
    return calendar.earliest_timely_event_date(
        _registration(rules, calendar, filed_at, form), lead)


def build_month(
    first: date,
    rules_on: Callable[[date], RuleSet | None],
    calendar: WorkCalendar,
    filed_at: datetime,
    form: str,
    at: PlaceHeld | None = None,
) -> CalendarMonth:
    """The month starting `first`, each day's state for an assembly of `form` filed at
    `filed_at` at the chosen place (`rules_on(day)`: the rule set in force, None when
    none is)."""
    first = month_start(first)
    weeks = tuple(
        tuple(
            day_state(day, rules_on(day), calendar, filed_at, form, at)
            if day.month == first.month else None
            for day in week
        )
        for week in gregorian.Calendar(firstweekday=0).monthdatescalendar(first.year,
                                                                          first.month)
    )
    return CalendarMonth(first, weeks, earliest_timely(rules_on, calendar, filed_at, form))
