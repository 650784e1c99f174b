"""The legal checks of LAW.md §5: pure functions of a draft and the rules in force.

`evaluate` computes the deadlines of a draft filed at an instant and runs every check of
`CHECKS` whose code the rules configure. Each check returns at most one Finding, built
from `rules.findings[code]` (article, refusal ground, severity: all data) and JSON-safe
params; measured against an unverified value, an advisory (`context.finding`). No rule is
loaded and nothing is parsed here: the caller passes the RuleSet in force on the event
date, the calendar, the candidate bookings and the closures at the draft's place. The
checks of where an assembly is held live in `place_checks`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from assembly.law.ruleset import Place, RuleSet
from assembly.law.workdays import WorkCalendar, zone
from assembly.notices import geography
from assembly.notices.context import Check, Context, finding, overlaps
from assembly.notices.draft import Booking, Closure, Draft
from assembly.notices.findings import Finding, Precheck
from assembly.notices.identity import age_on, iin_birth_date
from assembly.notices.place_checks import (
    check_not_a_special_place,
    check_not_the_route,
    check_over_capacity,
    check_place_closed,
    check_place_occupied,
    check_prohibited_zone,
    occupying,
)

__all__ = ["CHECKS", "Context", "evaluate", "occupying", "overlaps", "resolve_place",
           "resolve_place_id", "place_id_of"]


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


def check_late_filing(ctx: Context) -> Finding | None:
    """Art. 10 / Art. 12: registered later than N working days before the event day."""
    if ctx.registration_date <= ctx.latest_filing_date:
        return None
    return finding(
        ctx.rules, "late_filing",
        latest=ctx.latest_filing_date.isoformat(),
        registration=ctx.registration_date.isoformat(),
        lead_working_days=ctx.procedure.lead_working_days,
        procedure=ctx.procedure.id,
    )


def check_outside_hours(ctx: Context) -> Finding | None:
    """The hours in force: start no earlier, end no later, on one local day if required.

    No act setting the hours was found (LAW.md §2): while unverified, an advisory."""
    hours = ctx.rules.hours
    tz = zone(ctx.rules.timezone)
    start = ctx.draft.starts_at.astimezone(tz)
    end = ctx.draft.ends_at.astimezone(tz)
    spans_days = end.date() != start.date()
    too_early = start.time() < hours.earliest_start
    too_late = end.time() > hours.latest_end or (spans_days and hours.same_day)
    if not (too_early or too_late):
        return None
    return finding(
        ctx.rules, "outside_hours", hours.confidence,
        earliest=hours.earliest_start.strftime("%H:%M"),
        latest=hours.latest_end.strftime("%H:%M"),
        start=start.isoformat(timespec="minutes"),
        end=end.isoformat(timespec="minutes"),
    )


def check_organizer_not_adult(ctx: Context) -> Finding | None:
    """Art. 1(4): the organizer is the person who files, an adult when filing and on the day
    of the event (birth date from the IIN)."""
    organizer = ctx.draft.organizer
    if organizer.kind != "person":
        return None
    birth = iin_birth_date(organizer.id_number)
    if birth is None:  # digit 7 is 0: the IIN does not tell, so no finding
        return None
    minimum = ctx.rules.organizer_min_age
    days = ((ctx.filing_date, "filing"), (ctx.event_date, "event"))
    for day, when in ((d, w) for d, w in days if d is not None):
        age = age_on(birth, day) if birth <= day else 0
        if age < minimum:
            return finding(ctx.rules, "organizer_not_adult",
                           age=age, min_age=minimum, date=day.isoformat(), when=when)
    return None


def check_signature_missing(ctx: Context) -> Finding | None:
    """Art. 10(1), 12(1): a filing that needed the organizer's signature came without it
    (supports the signature limb of Art. 14(1)(5))."""
    if not ctx.signature_missing:
        return None
    return finding(ctx.rules, "signature_missing", procedure=ctx.procedure.id)


# The check registry: finding code -> check, in the order findings are reported.
CHECKS: Mapping[str, Check] = {
    "late_filing": check_late_filing,
    "signature_missing": check_signature_missing,
    "outside_hours": check_outside_hours,
    "not_a_special_place": check_not_a_special_place,
    "not_the_route": check_not_the_route,
    "over_capacity": check_over_capacity,
    "place_closed": check_place_closed,
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
    closures: Sequence[Closure] = (),
    signature_missing: bool = False,
) -> Precheck:
    """Deadlines and findings of a draft filed at `filed_at`, under the rules in force.

    `place`: the draft's place as the caller resolved it already (`resolve_place`);
    `closures`: those recorded at its place; `signature_missing`: the filing needed a
    signature and came without one."""
    if place is _RESOLVE:
        place = resolve_place(draft, rules)
    procedure = rules.procedure_of(draft.form)
    event_date = calendar.local_date(draft.starts_at)
    # Art. 12(1) part 2 (LAW.md §2): the registration date, as the rules read it.
    registration = calendar.registration_date(filed_at, procedure.registration)
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
        filing_date=calendar.local_date(filed_at),
        closures=closures,
        signature_missing=signature_missing,
    )
    # A check applies only where the rules configure its finding (code, article, ground).
    findings = tuple(
        result
        for code, check in CHECKS.items()
        if code in rules.findings and (result := check(ctx)) is not None
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
