"""The legal checks of LAW.md §5: pure functions of a draft and the rules in force.

`evaluate` computes the deadlines of a draft filed at an instant and runs every check of
`CHECKS` whose code the rules configure. Each check returns at most one Finding, built
from `rules.findings[code]` (article, refusal ground, severity: all data) and JSON-safe
params. No rule is loaded and nothing is parsed here: the caller passes the RuleSet in
force on the event date, the calendar, and the candidate bookings at the draft's place.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from typing import Any

from shapely.geometry.base import BaseGeometry

from assembly.law.ruleset import Place, Procedure, RuleSet
from assembly.law.workdays import WorkCalendar, zone
from assembly.notices import geography
from assembly.notices.draft import Booking, Draft
from assembly.notices.findings import Finding, Precheck
from assembly.notices.identity import age_on, iin_birth_date


@dataclass(frozen=True, slots=True)
class Context:
    """What every check reads: the draft, the rules, and what evaluate derived once."""

    draft: Draft
    rules: RuleSet
    filed_at: datetime
    bookings: Sequence[Booking]
    procedure: Procedure
    event_date: date
    registration_date: date
    latest_filing_date: date
    place: Place | None  # the site or route in force the draft uses (a point inside a site)


Check = Callable[[Context], Finding | None]


def _finding(rules: RuleSet, code: str, **params: Any) -> Finding:
    rule = rules.findings[code]
    return Finding(code, rule.article, rule.ground, rule.severity, params)


def resolve_place(draft: Draft, rules: RuleSet) -> Place | None:
    """The site or route in force that the draft uses; a point counts at the site holding it."""
    location = draft.place
    if location.place_id is not None:
        place = rules.places.get(location.place_id)
        wanted = "site" if location.site is not None else "route"
        return place if place is not None and place.kind == wanted else None
    if location.is_point:
        return geography.place_containing(location.lat, location.lon, rules.places.values())  # type: ignore[arg-type]
    return None


def resolve_place_id(draft: Draft, rules: RuleSet) -> str | None:
    """The designated place id a draft uses (its site or route, or the site holding its point)."""
    if draft.place.place_id is not None:
        return draft.place.place_id
    return place_id_of(draft, resolve_place(draft, rules))


def place_id_of(draft: Draft, place: Place | None) -> str | None:
    """The id a draft names, else the id of the site its point lies in."""
    if draft.place.place_id is not None:
        return draft.place.place_id
    return place.id if place is not None else None


def _names(place: Place) -> Mapping[str, str]:
    return dict(place.names) or {"en": place.id}


def check_late_filing(ctx: Context) -> Finding | None:
    """Art. 10 / Art. 12: registered later than N working days before the event day."""
    if ctx.registration_date <= ctx.latest_filing_date:
        return None
    return _finding(
        ctx.rules, "late_filing",
        latest=ctx.latest_filing_date.isoformat(),
        registration=ctx.registration_date.isoformat(),
        lead_working_days=ctx.procedure.lead_working_days,
        procedure=ctx.procedure.id,
    )


def check_outside_hours(ctx: Context) -> Finding | None:
    """The hours in force: start no earlier, end no later, on one local day if required."""
    hours = ctx.rules.hours
    tz = zone(ctx.rules.timezone)
    start = ctx.draft.starts_at.astimezone(tz)
    end = ctx.draft.ends_at.astimezone(tz)
    spans_days = end.date() != start.date()
    too_early = start.time() < hours.earliest_start
    too_late = end.time() > hours.latest_end or (spans_days and hours.same_day)
    if not (too_early or too_late):
        return None
    return _finding(
        ctx.rules, "outside_hours",
        earliest=hours.earliest_start.strftime("%H:%M"),
        latest=hours.latest_end.strftime("%H:%M"),
        start=start.isoformat(timespec="minutes"),
        end=end.isoformat(timespec="minutes"),
    )


def _allowed(ctx: Context, kinds: tuple[str, ...]) -> bool:
    place = ctx.place
    return place is not None and place.kind in kinds and ctx.draft.form in place.forms


def check_not_a_special_place(ctx: Context) -> Finding | None:
    """Art. 9 and the maslikhat decision (Art. 8(2)): meetings, rallies at a special place."""
    if ctx.rules.forms[ctx.draft.form].location != "special_place" or _allowed(ctx, ("site",)):
        return None
    return _finding(
        ctx.rules, "not_a_special_place",
        form=ctx.draft.form, date=ctx.event_date.isoformat(), place=ctx.draft.place.place_id,
    )


def check_not_the_route(ctx: Context) -> Finding | None:
    """Art. 9 and the maslikhat decision: marches on a route, demonstrations on a route or place."""
    location = ctx.rules.forms[ctx.draft.form].location
    if location == "route":
        kinds: tuple[str, ...] = ("route",)
    elif location == "route_or_place":
        kinds = ("route", "site")
    else:
        return None
    if _allowed(ctx, kinds):
        return None
    return _finding(
        ctx.rules, "not_the_route",
        form=ctx.draft.form, date=ctx.event_date.isoformat(), place=ctx.draft.place.place_id,
    )


def check_over_capacity(ctx: Context) -> Finding | None:
    """Maslikhat decision (norms of occupancy), Art. 18(1): more people than the place holds."""
    place = ctx.place
    if place is None or place.max_occupancy is None:
        return None
    if ctx.draft.expected_participants <= place.max_occupancy:
        return None
    return _finding(
        ctx.rules, "over_capacity",
        expected=ctx.draft.expected_participants, capacity=place.max_occupancy,
        place=_names(place), place_id=place.id,
    )


def overlaps(a_start: datetime, a_end: datetime, b_start: datetime, b_end: datetime) -> bool:
    """Half-open intervals [a_start, a_end) and [b_start, b_end) share an instant."""
    return a_start < b_end and b_start < a_end


def occupying(ctx: Context) -> list[Booking]:
    """The bookings that hold the draft's place at its time: go-ahead, or pending filed earlier."""
    place_id = ctx.place.id if ctx.place is not None else ctx.draft.place.place_id
    if place_id is None:
        return []
    draft = ctx.draft
    return [
        b for b in ctx.bookings
        if b.place_id == place_id
        and overlaps(draft.starts_at, draft.ends_at, b.starts_at, b.ends_at)
        and (b.go_ahead or b.filed_at < ctx.filed_at)
    ]


def taken_when(holders: Sequence[Booking], tz: tzinfo) -> dict[str, str]:
    """When the holders keep a place, from the earliest start to the latest end, as local
    ISO times: what anyone may be told of a clash (never by which notice)."""
    return {
        "taken_from": min(b.starts_at for b in holders).astimezone(tz).isoformat("T", "minutes"),
        "taken_until": max(b.ends_at for b in holders).astimezone(tz).isoformat("T", "minutes"),
    }


def check_place_occupied(ctx: Context) -> Finding | None:
    """Art. 14(1)(10): the place is taken at that time by an earlier or go-ahead notice.
    The references name the notices in the way (officers only: services.privacy)."""
    taken = occupying(ctx)
    if not taken:
        return None
    params: dict[str, Any] = {"references": sorted({b.reference for b in taken}),
                              **taken_when(taken, zone(ctx.rules.timezone))}
    if ctx.place is not None:
        params.update(place=_names(ctx.place), place_id=ctx.place.id)
    else:
        params.update(place=ctx.draft.place.place_id, place_id=ctx.draft.place.place_id)
    return _finding(ctx.rules, "place_occupied", **params)


def _may_be_within(lat: float, lon: float, geometry: BaseGeometry, metres: float) -> bool:
    """A cheap necessary condition for being within `metres`: inside the grown bounding box."""
    # A degree of latitude is at least 110.57 km, one of longitude 111.3 km x cos(lat):
    # dividing by 110 km (and 1 % more) grows the box enough; geodesics decide after.
    min_lon, min_lat, max_lon, max_lat = geometry.bounds
    d_lat = metres * 1.01 / 110_000
    d_lon = d_lat / max(math.cos(math.radians(lat)), 0.01)
    return min_lat - d_lat <= lat <= max_lat + d_lat and min_lon - d_lon <= lon <= max_lon + d_lon


def check_prohibited_zone(ctx: Context) -> Finding | None:
    """Art. 9(5), city decision: no picket within the buffer of a prohibited object."""
    location = ctx.draft.place
    if ctx.rules.forms[ctx.draft.form].location != "anywhere" or not location.is_point:
        return None
    lat, lon, buffer = location.lat, location.lon, ctx.rules.picket_buffer_m
    nearby = [o for o in ctx.rules.prohibited if _may_be_within(lat, lon, o.geometry, buffer)]  # type: ignore[arg-type]
    near = geography.prohibited_within(lat, lon, nearby, buffer) if nearby else []  # type: ignore[arg-type]
    if not near:
        return None
    return _finding(
        ctx.rules, "prohibited_zone",
        objects=[dict(obj.names) or {"en": obj.id} for obj, _ in near],
        object_ids=[obj.id for obj, _ in near],
        distance=round(near[0][1]),
        buffer=int(buffer) if float(buffer).is_integer() else buffer,
    )


def check_organizer_not_adult(ctx: Context) -> Finding | None:
    """Art. 1(4): a person organizer under 18 on the event day (birth date from the IIN)."""
    organizer = ctx.draft.organizer
    if organizer.kind != "person":
        return None
    birth = iin_birth_date(organizer.id_number)
    if birth is None:  # digit 7 is 0: the IIN does not tell, so no finding
        return None
    age = age_on(birth, ctx.event_date) if birth <= ctx.event_date else 0
    if age >= ctx.rules.organizer_min_age:
        return None
    return _finding(
        ctx.rules, "organizer_not_adult",
        age=age, min_age=ctx.rules.organizer_min_age, date=ctx.event_date.isoformat(),
    )


# The check registry: finding code -> check, in the order findings are reported.
CHECKS: Mapping[str, Check] = {
    "late_filing": check_late_filing,
    "outside_hours": check_outside_hours,
    "not_a_special_place": check_not_a_special_place,
    "not_the_route": check_not_the_route,
    "over_capacity": check_over_capacity,
    "place_occupied": check_place_occupied,
    "prohibited_zone": check_prohibited_zone,
    "organizer_not_adult": check_organizer_not_adult,
}


_RESOLVE: Any = object()


def evaluate(
    draft: Draft,
    rules: RuleSet,
    calendar: WorkCalendar,
    filed_at: datetime,
    bookings: Sequence[Booking] = (),
    *,
    place: Place | None = _RESOLVE,
) -> Precheck:
    """Deadlines and findings of a draft filed at `filed_at`, under the rules in force.

    `place`: the draft's place as the caller resolved it already (`resolve_place`)."""
    if place is _RESOLVE:
        place = resolve_place(draft, rules)
    procedure = rules.procedure_of(draft.form)
    event_date = calendar.local_date(draft.starts_at)
    registration = calendar.registration_date(filed_at)
    ctx = Context(
        draft=draft,
        rules=rules,
        filed_at=filed_at,
        bookings=bookings,
        procedure=procedure,
        event_date=event_date,
        registration_date=registration,
        # Art. 10 / Art. 12: the N-th working day counting back from the eve of the event.
        latest_filing_date=calendar.latest_filing_date(event_date, procedure.lead_working_days),
        place=place,
    )
    # A check applies only where the rules configure its finding (code, article, ground).
    findings = tuple(
        finding
        for code, check in CHECKS.items()
        if code in rules.findings and (finding := check(ctx)) is not None
    )
    return Precheck(
        procedure=procedure.id,
        rules_version=rules.version,
        registration_date=registration,
        latest_filing_date=ctx.latest_filing_date,
        # Art. 11(1) / 13(1): the review period runs from registration, in working days.
        decision_due=calendar.decision_due(registration, procedure.review_working_days),
        event_date=event_date,
        findings=findings,
        place_id=place_id_of(draft, place),
    )
