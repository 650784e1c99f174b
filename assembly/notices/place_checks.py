"""The checks of where an assembly is held (LAW.md §5): special places and routes in force,
their occupancy norm, the published occupancy, closures, and the picketing buffer."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import tzinfo
from typing import TYPE_CHECKING, Any

from assembly.law.ruleset import RuleSet
from assembly.law.workdays import zone
from assembly.notices import geography, planar
from assembly.notices.context import Context, draft_place_id, finding, overlaps, place_names
from assembly.notices.draft import Booking
from assembly.notices.findings import Finding

if TYPE_CHECKING:
    from assembly.law.geojson import Shape


def _allowed(ctx: Context, kinds: tuple[str, ...]) -> bool:
    place = ctx.place
    return place is not None and place.kind in kinds and ctx.draft.form in place.forms


def check_not_a_special_place(ctx: Context) -> Finding | None:
    """Art. 9 and the maslikhat decision (Art. 8(2)): meetings, rallies at a special place."""
    if ctx.rules.forms[ctx.draft.form].location != "special_place" or _allowed(ctx, ("site",)):
        return None
    return finding(
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
    return finding(
        ctx.rules, "not_the_route",
        form=ctx.draft.form, date=ctx.event_date.isoformat(), place=ctx.draft.place.place_id,
    )


def check_over_capacity(ctx: Context) -> Finding | None:
    """Maslikhat decision (norms of occupancy), Art. 18(1): more people than the place holds.

    Where the norm is a working value (unverified: Gandhi Park), an advisory."""
    place = ctx.place
    if place is None or place.max_occupancy is None:
        return None
    if ctx.draft.expected_participants <= place.max_occupancy:
        return None
    return finding(
        ctx.rules, "over_capacity", place.occupancy_confidence,
        expected=ctx.draft.expected_participants, capacity=place.max_occupancy,
        place=place_names(place), place_id=place.id,
    )


def occupying(ctx: Context) -> list[Booking]:
    """The bookings that hold the draft's place at its time: go-ahead, or pending filed earlier."""
    place_id = draft_place_id(ctx)
    if place_id is None:
        return []
    draft = ctx.draft
    return [
        b for b in ctx.bookings
        if b.place_id == place_id
        and overlaps(draft.starts_at, draft.ends_at, b.starts_at, b.ends_at)
        and (b.go_ahead or b.filed_at < ctx.filed_at)
    ]


def _where(ctx: Context) -> dict[str, Any]:
    if ctx.place is not None:
        return {"place": place_names(ctx.place), "place_id": ctx.place.id}
    return {"place": ctx.draft.place.place_id, "place_id": ctx.draft.place.place_id}


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
    return finding(ctx.rules, "place_occupied", references=sorted({b.reference for b in taken}),
                   **taken_when(taken, zone(ctx.rules.timezone)), **_where(ctx))


def check_place_closed(ctx: Context) -> Finding | None:
    """Art. 14(1)(10), works limb: the place is closed then (works, an official event)."""
    place_id = draft_place_id(ctx)
    draft = ctx.draft
    closed = sorted(
        (c for c in ctx.closures if c.place_id == place_id
         and overlaps(draft.starts_at, draft.ends_at, c.starts_at, c.ends_at)),
        key=lambda c: c.starts_at,
    )
    if place_id is None or not closed:
        return None
    return finding(
        ctx.rules, "place_closed",
        closed_from=min(c.starts_at for c in closed).isoformat(),
        closed_until=max(c.ends_at for c in closed).isoformat(),
        kinds=sorted({c.kind for c in closed}), **_where(ctx),
    )


def _may_be_within(lat: float, lon: float, shape: Shape, metres: float) -> bool:
    """A cheap necessary condition for being within `metres`: inside the grown bounding box
    (of the GeoJSON as read: a point far from every object loads no shapely)."""
    # A degree of latitude is at least 110.57 km, one of longitude 111.3 km x cos(lat):
    # dividing by 110 km (and 1 % more) grows the box enough; geodesics decide after.
    min_lon, min_lat, max_lon, max_lat = planar.bounds(shape.geojson)
    d_lat = metres * 1.01 / 110_000
    d_lon = d_lat / max(math.cos(math.radians(lat)), 0.01)
    return min_lat - d_lat <= lat <= max_lat + d_lat and min_lon - d_lon <= lon <= max_lon + d_lon


def check_prohibited_zone(ctx: Context) -> Finding | None:
    """Art. 9(5), city decision: no picket within the buffer of a prohibited object."""
    location = ctx.draft.place
    if ctx.rules.forms[ctx.draft.form].location != "anywhere" or not location.is_point:
        return None
    return prohibited_zone_finding(ctx.rules, location.lat, location.lon)  # type: ignore[arg-type]


def prohibited_zone_finding(rules: RuleSet, lat: float, lon: float) -> Finding | None:
    """Art. 9(5), city decision: the finding of a picket's point within the buffer of a
    prohibited object under `rules` (the map checks a tapped point with it too)."""
    if "prohibited_zone" not in rules.findings:
        return None
    buffer = rules.picket_buffer_m
    nearby = [o for o in rules.prohibited if _may_be_within(lat, lon, o.shape, buffer)]
    near = geography.prohibited_within(lat, lon, nearby, buffer) if nearby else []
    if not near:
        return None
    return finding(
        rules, "prohibited_zone",
        objects=[dict(obj.names) or {"en": obj.id} for obj, _ in near],
        object_ids=[obj.id for obj, _ in near],
        distance=round(near[0][1]),
        buffer=int(buffer) if float(buffer).is_integer() else buffer,
    )
