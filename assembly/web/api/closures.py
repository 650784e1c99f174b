"""Closures of special places and routes: officers record them, anyone reads "closed"
(API.md `POST /closures`, `GET /closures`; Art. 14(1)(10), works limb)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import ConfigDict, Field

from assembly import clock
from assembly.actors import Actor
from assembly.models import Closure
from assembly.notices.closure_input import MAX_REASON, MAX_SOURCE
from assembly.services.closures import published_closures
from assembly.services.closures import record_closure as record
from assembly.services.law import default_law
from assembly.web import database
from assembly.web.api import bp
from assembly.web.api.endpoint import Call, Payload, operation
from assembly.web.api.public import period
from assembly.web.api.schemas import MAX_ID, Instant, Query, QueryDate, Request, Response


class ClosureIn(Request):
    """A special place or route closed for works or another official event."""

    place: str = Field(max_length=MAX_ID, description="The id of a special place or route")
    starts_at: str = Instant
    ends_at: str = Instant
    kind: str | None = Field(default=None, max_length=MAX_ID,
                             description="works (default) or official_event")
    reason: str = Field(max_length=MAX_REASON)
    source: str = Field(max_length=MAX_SOURCE, description="The act or letter behind it")


class ClosureOut(Response):
    """A closure as recorded (officers only): with its reason and source."""

    id: int
    place: str
    starts_at: datetime
    ends_at: datetime
    kind: str
    reason: str
    source: str
    status: str


class ClosureQuery(Query):
    model_config = ConfigDict(extra="ignore", populate_by_name=True)

    from_: QueryDate | None = Field(default=None, alias="from", description="Default: today")
    to: QueryDate | None = Field(default=None, description="Default: 30 days after `from`")


class ClosureEntry(Response):
    """A closure as anyone reads it: where, when, "closed"; no internal detail."""

    place: str
    starts_at: datetime
    ends_at: datetime
    status: str = Field(description='Always "closed"')


class ClosureList(Response):
    model_config = ConfigDict(populate_by_name=True)

    from_: date = Field(alias="from")
    to: date
    items: list[ClosureEntry]


def recorded_json(closure: Closure) -> dict[str, Any]:
    return {"id": closure.id, "place": closure.place_id,
            "starts_at": closure.starts_at.isoformat(), "ends_at": closure.ends_at.isoformat(),
            "kind": closure.kind, "reason": closure.reason, "source": closure.source,
            "status": "closed"}


@operation(bp, "POST", "/closures", summary="Record a closure of a special place or route",
           tag="registers", roles=("officer",), body=ClosureIn, responses={201: ClosureOut})
def record_closure(call: Call) -> tuple[Payload, int]:
    """An officer records that a special place or route is closed (works, an official event)
    from `starts_at` to `ends_at`; the precheck then finds `place_closed` there."""
    assert call.user is not None
    body = {k: v for k, v in call.body.items() if v is not None}
    closure = record(database.session(), body, actor=Actor.of(call.user), now=clock.now())
    payload = recorded_json(closure)
    database.commit()
    return payload, 201


@operation(bp, "GET", "/closures", summary="Closures of special places and routes",
           tag="public", query=ClosureQuery, responses={200: ClosureList})
def list_closures(call: Call) -> tuple[Payload, int]:
    """The places and routes closed in a period: place, start, end, "closed"; never the
    reason, the source or who recorded it."""
    law = default_law()
    start, end = period(call.query, law)
    entries = published_closures(database.session(), start, end, law=law)
    return {"from": start.isoformat(), "to": end.isoformat(),
            "items": [e.as_dict() for e in entries]}, 200
