"""The officers' log of unsanctioned events and the managers' yearly report."""

from __future__ import annotations

from typing import Any

from assembly import clock
from assembly.actors import Actor
from assembly.services.law import default_law
from assembly.services.registers import LoggedEvent, unsanctioned_event, unsanctioned_events
from assembly.services.reports import yearly_report
from assembly.services.unsanctioned import log_event
from assembly.web import database
from assembly.web.api import bp
from assembly.web.api.endpoint import Call, Payload, operation
from assembly.web.api.schemas import (
    OptionalYearQuery,
    UnsanctionedIn,
    UnsanctionedList,
    UnsanctionedOut,
    YearlyReport,
    YearQuery,
)


def event_json(event: LoggedEvent) -> dict[str, Any]:
    return {
        "id": event.id,
        "occurred_at": event.occurred_at.isoformat(),
        "occurred_on": event.occurred_on.isoformat(),
        "place": {"lat": event.lat, "lon": event.lon, "address": event.address,
                  "nearest_place": event.nearest_place_id,
                  "nearest_place_m": event.nearest_place_m},
        "form": event.form,
        "category": event.category,
        "estimated_participants": event.estimated_participants,
        "description": event.description,
        "source": event.source,
        "related_notice": event.related_reference,
    }


@operation(bp, "POST", "/unsanctioned-events", summary="Log an unsanctioned event",
           tag="registers", roles=("officer",), body=UnsanctionedIn,
           responses={201: UnsanctionedOut})
def log_unsanctioned(call: Call) -> tuple[Payload, int]:
    """Record an assembly held without the required notice or approval (LAW.md §8); the
    nearest special place is computed."""
    assert call.user is not None
    session = database.session()
    data = {k: v for k, v in call.body.items() if v is not None}  # null: left out
    event = log_event(session, data, actor=Actor.of(call.user), now=clock.now())
    logged = unsanctioned_event(session, event.id)
    database.commit()
    assert logged is not None
    return event_json(logged), 201


@operation(bp, "GET", "/unsanctioned-events", summary="Unsanctioned events of a year",
           tag="registers", roles=("officer", "manager"), query=OptionalYearQuery,
           responses={200: UnsanctionedList})
def list_unsanctioned(call: Call) -> tuple[Payload, int]:
    """The events that occurred in a year (local dates), in the order they occurred."""
    law = default_law()
    year = call.query.year or law.calendar.local_date(clock.now()).year
    events = unsanctioned_events(database.session(), year)
    return {"year": year, "items": [event_json(e) for e in events]}, 200


@operation(bp, "GET", "/reports/yearly", summary="The yearly report", tag="registers",
           roles=("manager",), query=YearQuery, responses={200: YearlyReport})
def report(call: Call) -> tuple[Payload, int]:
    """Totals of the notices registered in a year, by outcome, ground, form, place and
    month (`received = approved + refused + withdrawn + lapsed + pending`)."""
    return yearly_report(database.report_session(), call.query.year), 200
