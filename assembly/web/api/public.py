"""What anyone may read or check: precheck, places, prohibited zones, occupancy."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from assembly import clock
from assembly.actors import HasRole
from assembly.errors import FieldError, InvalidInput
from assembly.law.rulebook import RulesNotInForce
from assembly.law.ruleset import RuleSet
from assembly.notices.findings import Precheck
from assembly.notices.validation import parse_precheck
from assembly.services.filing import check_draft
from assembly.services.law import Law, default_law
from assembly.services.occupancy import MAX_DAYS, planned_assemblies
from assembly.web import database
from assembly.web.api import bp, serialize
from assembly.web.api.endpoint import Call, Payload, operation
from assembly.web.api.schemas import (
    FeatureCollection,
    OccupancyOut,
    OccupancyQuery,
    OnQuery,
    PrecheckIn,
    PrecheckOut,
)

DEFAULT_DAYS = 30


def today(law: Law) -> date:
    return law.calendar.local_date(clock.now())


def rules_on(law: Law, day: date, field: str) -> RuleSet:
    """The rules in force on a local date; none in force is a 422 on `field`."""
    try:
        return law.at(day)
    except RulesNotInForce:
        raise InvalidInput([FieldError(field, "not_in_force")]) from None


def precheck_json(result: Precheck, lang: str, viewer: HasRole | None) -> dict[str, Any]:
    return {
        "procedure": result.procedure,
        "rules_version": result.rules_version,
        "registration_date": result.registration_date.isoformat(),
        "latest_filing_date": result.latest_filing_date.isoformat(),
        "decision_due": result.decision_due.isoformat(),
        "findings": serialize.findings(viewer, result.findings, lang),
        "ok": result.ok,
    }


@operation(bp, "POST", "/precheck", summary="Check a draft without storing it", tag="public",
           body=PrecheckIn, responses={200: PrecheckOut})
def precheck(call: Call) -> tuple[Payload, int]:
    """The procedure, deadlines and legal findings of a draft, as if filed at `filed_at`.
    A place taken says when, and by which notices to officers only."""
    law = default_law()
    draft, filed_at = parse_precheck(call.body, law.rulebook)
    result = check_draft(database.session(), draft, filed_at or clock.now(), law)
    return precheck_json(result, call.lang, call.user), 200


def _collection(features: list[dict[str, Any]], rules: RuleSet, **extra: Any) -> dict[str, Any]:
    return {"type": "FeatureCollection", "features": features,
            "properties": {"on": rules.on.isoformat(), "rules_version": rules.version, **extra}}


@operation(bp, "GET", "/places", summary="Special places and routes in force on a date",
           tag="public", query=OnQuery, responses={200: FeatureCollection})
def places(call: Call) -> tuple[Payload, int]:
    """GeoJSON of the special places (sites) and routes in force, with maximum occupancy."""
    law = default_law()
    rules = rules_on(law, call.query.on or today(law), "on")
    features = [
        {
            "type": "Feature",
            "id": place.id,
            "geometry": place.shape.geojson,
            "properties": {
                "id": place.id, "kind": place.kind, "names": dict(place.names),
                "forms": sorted(place.forms), "max_occupancy": place.max_occupancy,
                # "unverified": a working value no act confirms (an advisory, not the law).
                "max_occupancy_confidence": place.occupancy_confidence,
                "approximate": place.approximate,
            },
        }
        for place in rules.places.values()
    ]
    return _collection(features, rules), 200


@operation(bp, "GET", "/prohibited-zones", summary="Prohibited objects and the buffer",
           tag="public", query=OnQuery, responses={200: FeatureCollection})
def prohibited_zones(call: Call) -> tuple[Payload, int]:
    """GeoJSON of the objects near which pickets are not allowed, with the buffer in metres."""
    law = default_law()
    rules = rules_on(law, call.query.on or today(law), "on")
    features = [
        {
            "type": "Feature",
            "id": item.id,
            "geometry": item.shape.geojson,
            "properties": {
                "id": item.id, "names": dict(item.names), "category": item.category,
                "buffer_m": rules.picket_buffer_m, "sample": item.sample,
            },
        }
        for item in rules.prohibited
    ]
    return _collection(features, rules, buffer_m=rules.picket_buffer_m), 200


def period(query: Any, law: Law) -> tuple[date, date]:
    """The period of a `?from=&to=` query: from today, DEFAULT_DAYS long by default, at most
    MAX_DAYS; an end before the start or a longer period is a 422 on `to`."""
    start = query.from_ or today(law)
    # Near date.max the default period would overflow: it ends on the last date there is.
    default_end = (start + timedelta(days=DEFAULT_DAYS)
                   if start <= date.max - timedelta(days=DEFAULT_DAYS) else date.max)
    end = query.to or default_end
    if end < start:
        raise InvalidInput([FieldError("to", "before_start")])
    if (end - start).days >= MAX_DAYS:
        raise InvalidInput([FieldError("to", "period_too_long", {"max": MAX_DAYS})])
    return start, end


@operation(bp, "GET", "/occupancy", summary="Planned assemblies at special places",
           tag="public", query=OccupancyQuery, responses={200: OccupancyOut})
def occupancy(call: Call) -> tuple[Payload, int]:
    """Assemblies planned at special places and routes: no personal data, no references;
    each entry's `id` is random (stored), nothing leads from it to a notice."""
    start, end = period(call.query, default_law())
    entries = planned_assemblies(database.report_session(), start, end, call.query.place)
    return {"from": start.isoformat(), "to": end.isoformat(),
            "items": [e.as_dict() for e in entries]}, 200
