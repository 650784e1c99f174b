"""Working-day arithmetic of LAW.md §2: the `holidays` package plus decree overrides.

Deadlines of Art. 10-13 are counted in working days on Almaty local dates. The package
knows the public holidays and the days off moved by Government decree; the rules add
what it may lack (weekend days made working, extra days off), and they prevail. The
package's days are computed in a child process and kept (`package_days`, `days_apart`).
"""

from __future__ import annotations

import json
import threading
import weakref
import zoneinfo
from collections.abc import Callable, Mapping, Sequence
from datetime import MAXYEAR, MINYEAR, UTC, date, datetime, time, timedelta
from functools import lru_cache
from importlib import resources
from typing import Any

from assembly.law.ruleset import CalendarOverrides

_ONE_DAY = timedelta(days=1)
_END_OF_DAY = time(23, 59, 59)


@lru_cache(maxsize=16)
def zone(name: str) -> zoneinfo.ZoneInfo:
    """The IANA zone `name`, from the pinned `tzdata` package first, else the system."""
    # Almaty moved from UTC+6 to UTC+5 on 2024-03-01: the pinned tzdata (kept current,
    # LAW.md §2) is preferred to a possibly stale system database.
    try:
        with resources.files("tzdata.zoneinfo").joinpath(name).open("rb") as source:
            return zoneinfo.ZoneInfo.from_file(source, key=name)
    except (ModuleNotFoundError, FileNotFoundError, ValueError):
        return zoneinfo.ZoneInfo(name)


# The days of a year on which the package's answer differs from Monday-Friday: its holidays
# and days off on weekdays, and the weekend days worked instead (`package_days`).
DaysSource = Callable[[str, Sequence[int]], Mapping[int, frozenset[date]]]
YEARS_AROUND = 2  # a year asked for brings the two before it and the two after it


def days_apart(country: str, years: Sequence[int]) -> dict[int, frozenset[date]]:
    """The package's exceptional days of `years`, computed in a child process
    (`package_days`): the package, every calendar it knows (Chinese, Hebrew, Hindu...) and
    dateutil (~4 MB) never load in the process that asks (issue 16.2)."""
    from assembly.apart import run_module

    answer = json.loads(run_module("assembly.law.package_days",
                                   json.dumps({"country": country, "years": list(years)})
                                   .encode()))
    return {int(year): frozenset(date.fromisoformat(d) for d in days)
            for year, days in answer.items()}


_DAYS: dict[tuple[DaysSource, str, int], frozenset[date]] = {}
_DAYS_LOCK = threading.Lock()


def exceptional_days(source: DaysSource, country: str, year: int) -> frozenset[date]:
    """The exceptional days of `year` from `source`, asked once a process for the years
    around it."""
    key = (source, country, year)
    with _DAYS_LOCK:
        if key not in _DAYS:
            wanted = [y for y in range(max(MINYEAR, year - YEARS_AROUND),
                                       min(MAXYEAR, year + YEARS_AROUND) + 1)
                      if (source, country, y) not in _DAYS]
            for got, days in source(country, wanted).items():
                _DAYS[(source, country, got)] = days
        return _DAYS[key]


class WorkCalendar:
    """Working days and local dates of one jurisdiction (country holidays + decrees)."""

    def __init__(
        self, overrides: CalendarOverrides, country: str = "KZ", timezone: str = "Asia/Almaty",
        days: DaysSource | None = None,
    ) -> None:
        both = set(overrides.working_days) & set(overrides.days_off)
        if both:
            raise ValueError(f"dates both working and off by decree: {sorted(both)}")
        self.overrides = overrides
        self.country = country
        self.timezone = timezone
        self.zone = zone(timezone)
        self._days = days or days_apart
        self._memo: dict[date, bool] = {}

    def _compute(self, d: date) -> bool:
        # Decrees in the rules prevail over the package (LAW.md §2, "Working day").
        if d in self.overrides.working_days:
            return True
        if d in self.overrides.days_off:
            return False
        # Mon-Fri not a holiday or moved day off, or a weekend day worked by decree: the
        # package's answer, kept as the days on which it differs from Monday-Friday.
        return (d.weekday() < 5) != (d in exceptional_days(self._days, self.country, d.year))

    def is_working_day(self, d: date) -> bool:
        """True on Mon-Fri that is no holiday or day off, and on weekend days worked by decree."""
        known = self._memo.get(d)
        if known is None:
            known = self._memo[d] = self._compute(d)
        return known

    def next_working_day(self, d: date, include_self: bool = True) -> date:
        """The first working day on or after `d` (strictly after with include_self=False)."""
        current = d if include_self else d + _ONE_DAY
        while not self.is_working_day(current):
            current += _ONE_DAY
        return current

    def add_working_days(self, d: date, n: int) -> date:
        """The n-th working day after `d` (`d` itself not counted); `d` when n is 0."""
        if n < 0:
            raise ValueError(f"n must be zero or more, not {n}")
        current = d
        for _ in range(n):
            current = self.next_working_day(current, include_self=False)
        return current

    def working_days_back(self, d: date, n: int) -> date:
        """The n-th working day counting back from `d`, `d` included (n >= 1)."""
        if n < 1:
            raise ValueError(f"n must be one or more, not {n}")
        current = d
        seen = 0
        while True:
            if self.is_working_day(current):
                seen += 1
                if seen == n:
                    return current
            current -= _ONE_DAY

    def count_working_days(self, start: date, end: date) -> int:
        """How many working days d satisfy start <= d < end."""
        count = 0
        current = start
        while current < end:
            count += self.is_working_day(current)
            current += _ONE_DAY
        return count

    def local_date(self, instant: datetime) -> date:
        """The local calendar date of an aware instant."""
        if instant.tzinfo is None:
            raise ValueError("an instant must be timezone-aware")
        return instant.astimezone(self.zone).date()

    def end_of_local_day(self, d: date) -> datetime:
        """23:59:59 local on `d`, as an aware UTC instant (the later one if it repeats)."""
        # fold=1: on 2024-02-29 Almaty lived 23:00-24:00 twice (UTC+6, then UTC+5).
        local = datetime.combine(d, _END_OF_DAY, tzinfo=self.zone).replace(fold=1)
        return local.astimezone(UTC)

    def registration_date(self, filed_at: datetime, reading: str) -> date:
        """The registration date of a filing under a reading of the rules (`registration`)."""
        # Art. 12(1) part 2: the day of submission is the day of registration, even a day
        # off (LAW.md §2); the earlier reading registers it on the next working day.
        submitted = self.local_date(filed_at)
        if reading == "submission_day":
            return submitted
        if reading == "next_working_day":
            return self.next_working_day(submitted)
        raise ValueError(f"unknown registration reading {reading!r}")

    def latest_filing_date(self, event_date: date, lead_working_days: int) -> date:
        """The last registration date still timely for an event on `event_date`."""
        # Art. 10 / Art. 12: at least N working days d with R <= d < E, so the latest R
        # is the N-th working day counting back from E - 1.
        return self.working_days_back(event_date - _ONE_DAY, lead_working_days)

    def is_timely(self, registration: date, event_date: date, lead_working_days: int) -> bool:
        """True if at least N working days lie between registration and the event day."""
        if lead_working_days <= 0:
            return True
        return registration <= self.latest_filing_date(event_date, lead_working_days)

    def earliest_timely_event_date(self, registration: date, lead_working_days: int) -> date:
        """The first event day still timely for a filing registered on `registration`."""
        # Art. 10 / Art. 12: the first day E with N working days d, R <= d < E.
        day = registration + _ONE_DAY
        while not self.is_timely(registration, day, lead_working_days):
            day += _ONE_DAY
        return day

    def decision_due(self, registration: date, review_working_days: int) -> datetime:
        """End (23:59:59 local, aware UTC) of the N-th working day after registration."""
        # Art. 11(1) / Art. 13(1): the review period runs from registration, R not counted.
        return self.end_of_local_day(self.add_working_days(registration, review_working_days))


_CALENDARS: dict[int, tuple[Callable[[], Any], WorkCalendar]] = {}


def calendar_for(rulebook: Any) -> WorkCalendar:
    """The KZ WorkCalendar of a rulebook (its overrides and time zone), one per rulebook."""
    key = id(rulebook)
    cached = _CALENDARS.get(key)
    if cached is not None and cached[0]() is rulebook:
        return cached[1]
    calendar = WorkCalendar(
        rulebook.calendar_overrides(),
        timezone=rulebook.timezone,
    )
    ref: Callable[[], Any]
    try:
        ref = weakref.ref(rulebook, lambda _gone: _CALENDARS.pop(key, None))
    except TypeError:  # not weakly referenceable: keep it alive with its calendar

        def ref() -> Any:
            return rulebook

    _CALENDARS[key] = (ref, calendar)
    return calendar
