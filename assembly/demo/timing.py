"""Instants of the demo year: working-day office hours, event slots, daily sweeps."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta

from assembly.law.workdays import WorkCalendar, zone


class Timeline:
    """Local (Almaty) times turned into aware UTC instants on the demo's calendar."""

    def __init__(self, calendar: WorkCalendar, rng: random.Random):
        self.calendar = calendar
        self.rng = rng
        self.tz = zone(calendar.timezone)

    def local(self, day: date, hour: int, minute: int = 0) -> datetime:
        """An aware UTC instant of a local wall time."""
        return datetime.combine(day, time(hour, minute), self.tz).astimezone(UTC)

    def office(self, day: date, earliest: int = 9, latest: int = 17) -> datetime:
        """A random office-hour instant on a day."""
        return self.local(day, self.rng.randint(earliest, latest), self.rng.choice((0, 15, 30, 45)))

    def working_day_in(self, year: int, month: int, last_day: int = 28) -> date:
        """A random working day of a month (up to `last_day`)."""
        days = [date(year, month, d) for d in range(1, last_day + 1)]
        return self.rng.choice([d for d in days if self.calendar.is_working_day(d)])

    def after(self, day: date, working_days: int) -> date:
        """The n-th working day after a day."""
        return self.calendar.add_working_days(day, working_days)

    def earliest_timely_event(self, registration: date, lead: int) -> date:
        """The first event day for which a registration is timely (LAW.md §2)."""
        day = registration + timedelta(days=1)
        while not self.calendar.is_timely(registration, day, lead):
            day += timedelta(days=1)
        return day

    def slot(self, day: date, hours: tuple[int, int] = (10, 16)) -> tuple[datetime, datetime]:
        """A start and end on an event day within the permitted hours."""
        start = self.rng.randint(*hours)
        length = self.rng.choice((1, 2, 2, 3))
        return self.local(day, start), self.local(day, min(start + length, 19))

    def sweeps(self, first: date, last: date) -> list[datetime]:
        """One sweep a day, 30 seconds after local midnight, as the scheduler would run."""
        out, day = [], first
        while day <= last:
            out.append(self.local(day, 0) + timedelta(seconds=30))
            day += timedelta(days=1)
        return out
