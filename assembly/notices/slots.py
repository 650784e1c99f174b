"""Free slots at the special places and routes: what an officer may propose (Art. 11(1), 13(1)).

Pure functions of the rules in force on a day and the bookings held there (go-ahead and
pending notices, as `Booking`s): within the permitted hours, at the places that allow the
form and can hold the expected participants, every gap long enough for the assembly gives
one slot, placed as close as it can be to the time of day the organizer asked for.
Intervals are half-open, as in the place_occupied check: 11-13 and 13-15 do not overlap.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from assembly.law.ruleset import Place, RuleSet
from assembly.law.workdays import zone
from assembly.notices.draft import Booking

Interval = tuple[datetime, datetime]
STEP = timedelta(minutes=15)  # a slot proposed for later today starts on a quarter hour


@dataclass(frozen=True, order=True)
class Slot:
    """A free period at a place; instants aware UTC, `day` the local date."""

    day: date
    starts_at: datetime
    ends_at: datetime
    place_id: str
    place_kind: str  # site, route


def places_for(rules: RuleSet, form: str, participants: int | None = None) -> list[Place]:
    """The sites and routes in force that allow the form and can hold the participants."""
    return sorted(
        (
            place for place in rules.places.values()
            if form in place.forms
            and (participants is None or place.max_occupancy is None
                 or place.max_occupancy >= participants)
        ),
        key=lambda p: (p.kind != "site", p.id),
    )


def permitted_window(rules: RuleSet, day: date) -> Interval:
    """The permitted hours of a local day, as aware UTC instants."""
    local = zone(rules.timezone)
    start = datetime.combine(day, rules.hours.earliest_start, local)
    end = datetime.combine(day, rules.hours.latest_end, local)
    return start.astimezone(UTC), end.astimezone(UTC)


def free_intervals(window: Interval, taken: Iterable[Interval]) -> list[Interval]:
    """The parts of the window that no taken interval covers, in order."""
    start, end = window
    gaps: list[Interval] = []
    cursor = start
    for busy_start, busy_end in sorted(taken):
        if busy_end <= cursor or busy_start >= end:
            continue
        if busy_start > cursor:
            gaps.append((cursor, busy_start))
        cursor = max(cursor, busy_end)
    if cursor < end:
        gaps.append((cursor, end))
    return gaps


def _round_up(instant: datetime) -> datetime:
    """The instant rounded up to the next STEP (on the hour's quarters)."""
    epoch = datetime(2000, 1, 1, tzinfo=UTC)
    steps = -((epoch - instant) // STEP)  # ceiling division
    return epoch + steps * STEP


def _placed(gap: Interval, duration: timedelta, prefer: datetime | None) -> datetime:
    """The start within the gap closest to the preferred one (else the gap's start)."""
    earliest, latest = gap[0], gap[1] - duration
    if prefer is None:
        return earliest
    return min(max(prefer, earliest), latest)


def free_slots(
    rules: RuleSet,
    form: str,
    day: date,
    bookings: Sequence[Booking],
    *,
    duration: timedelta,
    prefer: time | None = None,
    participants: int | None = None,
    not_before: datetime | None = None,
) -> list[Slot]:
    """One slot per free gap long enough, at each place allowing the form, on a local day."""
    window = permitted_window(rules, day)
    duration = min(duration, window[1] - window[0])  # a proposal keeps to the hours
    if not_before is not None and not_before > window[0]:
        window = (_round_up(not_before), window[1])  # nothing can be proposed in the past
    if duration <= timedelta(0) or window[1] - window[0] < duration:
        return []
    local = zone(rules.timezone)
    preferred = (
        datetime.combine(day, prefer, local).astimezone(UTC) if prefer is not None else None
    )
    slots = []
    for place in places_for(rules, form, participants):
        taken = [(b.starts_at, b.ends_at) for b in bookings if b.place_id == place.id]
        for gap in free_intervals(window, taken):
            if gap[1] - gap[0] < duration:
                continue
            start = _placed(gap, duration, preferred)
            slots.append(Slot(day, start, start + duration, place.id, place.kind))
    return slots


def suggest_slots(
    days: Iterable[tuple[date, RuleSet]],
    form: str,
    bookings: Sequence[Booking],
    *,
    duration: timedelta,
    prefer: time | None = None,
    participants: int | None = None,
    not_before: datetime | None = None,
    notified: tuple[str, datetime, datetime] | None = None,
    limit: int = 6,
) -> list[Slot]:
    """Free slots over several days, nearest day first, then nearest the preferred time."""
    taken = list(bookings)
    if notified is not None:  # the place and time notified are never proposed back
        place_id, start, end = notified
        taken.append(Booking("", place_id, start, end, go_ahead=False, filed_at=start))
    found: list[tuple[tuple[date, float, int], Slot]] = []
    for day, rules in days:
        local = zone(rules.timezone)
        wanted = datetime.combine(day, prefer, local) if prefer is not None else None
        order = {p.id: n for n, p in enumerate(places_for(rules, form, participants))}
        for slot in free_slots(rules, form, day, taken, duration=duration, prefer=prefer,
                               participants=participants, not_before=not_before):
            distance = abs((slot.starts_at - wanted).total_seconds()) if wanted else 0.0
            found.append(((day, distance, order[slot.place_id]), slot))
    found.sort(key=lambda item: (item[0], item[1].starts_at))
    return [slot for _, slot in found[:limit]]
