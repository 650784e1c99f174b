"""Working-day arithmetic of LAW.md §2: the `holidays` package plus decree overrides.

Deadlines of Art. 10-13 are counted in working days on Almaty local dates. The package
knows the public holidays and the days off moved by Government decree; the rules add
what it may lack (weekend days made working, extra days off), and they prevail.
"""

from __future__ import annotations

import importlib.util
import sys
import threading
import weakref
import zoneinfo
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from importlib import resources
from typing import Any

import holidays

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


def country_holidays(country: str) -> holidays.HolidayBase:
    """The package's holidays of `country`, loading that country's module alone.

    `holidays.country_holidays("KZ")` imports the package's `countries` package, whose
    `__init__` imports every country it knows (some 280 modules, about 8 MB in each web
    worker) to return one. The same class is read here from its own module, executed under
    a private name (`_assembly_holidays_<module>`: the package's `countries` is never
    imported, nor shadowed), so the dates are the package's own: a unit test compares them
    with `holidays.country_holidays`. A code the registry does not know goes to the package.
    """
    from holidays.registry import COUNTRIES

    found = next(((module_name, names[0]) for module_name, names in COUNTRIES.items()
                  if country in names[1:]), None)
    if found is None:
        return holidays.country_holidays(country)
    module_name, class_name = found
    name = f"_assembly_holidays_{module_name}"
    module = sys.modules.get(name)
    if module is None:
        origin = resources.files("holidays").joinpath("countries", f"{module_name}.py")
        spec = importlib.util.spec_from_file_location(name, str(origin))
        if spec is None or spec.loader is None:  # not a file: the package's own way
            return holidays.country_holidays(country)
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        try:
            spec.loader.exec_module(module)
        except BaseException:
            del sys.modules[name]
            raise
    entity: type[holidays.HolidayBase] = getattr(module, class_name)
    return entity()


class WorkCalendar:
    """Working days and local dates of one jurisdiction (country holidays + decrees)."""

    def __init__(
        self, overrides: CalendarOverrides, country: str = "KZ", timezone: str = "Asia/Almaty"
    ) -> None:
        both = set(overrides.working_days) & set(overrides.days_off)
        if both:
            raise ValueError(f"dates both working and off by decree: {sorted(both)}")
        self.overrides = overrides
        self.country = country
        self.timezone = timezone
        self.zone = zone(timezone)
        self._holidays = country_holidays(country)
        self._loaded: set[int] = set()  # years the package has populated
        self._ready: set[int] = set()  # years whose neighbours are populated too
        self._lock = threading.Lock()
        self._memo: dict[date, bool] = {}

    def _ensure_years(self, year: int) -> None:
        """Load the package's data for `year` and its neighbours, once."""
        # A day off moved in year Y+1's data may come from a weekend day of year Y
        # (e.g. 2013-12-28 worked for 2014-01-03): load both sides.
        with self._lock:
            for y in (year - 1, year, year + 1):
                if y not in self._loaded:
                    _ = date(y, 1, 1) in self._holidays  # populates year y (expand=True)
                    self._loaded.add(y)
            self._ready.add(year)

    def _compute(self, d: date) -> bool:
        # Decrees in the rules prevail over the package (LAW.md §2, "Working day").
        if d in self.overrides.working_days:
            return True
        if d in self.overrides.days_off:
            return False
        if d.year not in self._ready:
            self._ensure_years(d.year)
        # Mon-Fri not a holiday or moved day off, or a weekend day worked by decree.
        return self._holidays.is_working_day(d)

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
