"""Logging assemblies held without the required notice or approval (LAW.md §8)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from assembly.actors import Actor
from assembly.clock import parse_instant
from assembly.errors import FieldError, InvalidInput
from assembly.models import Notice, UnsanctionedEvent
from assembly.notices.geography import nearest_place, representative_lat_lon
from assembly.services.law import Law, default_law

FIELDS = {
    "occurred_at", "place", "form", "category", "estimated_participants",
    "description", "source", "related_notice",
}
MAX_TEXT = {"description": 5000, "source": 300}


def _text(data: dict[str, Any], key: str, errors: list[FieldError]) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value.strip():
        errors.append(FieldError(key, "required"))
        return ""
    if len(value) > MAX_TEXT[key]:
        errors.append(FieldError(key, "too_long", {"max": MAX_TEXT[key]}))
    elif "\x00" in value:  # never meaningful, and PostgreSQL cannot store it
        errors.append(FieldError(key, "invalid_characters"))
    return value.strip()


def _point(data: dict[str, Any], law: Law, on: Any, errors: list[FieldError]):  # type: ignore[no-untyped-def]
    place = data.get("place")
    if not isinstance(place, dict):
        errors.append(FieldError("place", "required"))
        return None
    designated = place.get("site") or place.get("route")
    if designated is not None:
        rules = law.at(on) if on else None
        found = rules.places.get(str(designated)) if rules else None
        if found is None:
            key = "place.site" if "site" in place else "place.route"
            errors.append(FieldError(key, "unknown", {"value": str(designated)[:64]}))
            return None
        lat, lon = representative_lat_lon(found.shape.geojson)
        return lat, lon, place.get("address")
    point = place.get("point")
    try:
        lat, lon = float(point["lat"]), float(point["lon"])  # type: ignore[index]
        if isinstance(point["lat"], bool) or isinstance(point["lon"], bool):  # type: ignore[index]
            raise TypeError
    except (TypeError, KeyError, ValueError):
        errors.append(FieldError("place.point", "invalid"))
        return None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        errors.append(FieldError("place.point", "out_of_range"))
        return None
    address = place.get("address")
    if address is not None and (not isinstance(address, str) or len(address) > 500
                                or "\x00" in address):
        errors.append(FieldError("place.address", "invalid"))
    return lat, lon, address


def log_event(
    session: Session, data: Any, *, actor: Actor, now: datetime, law: Law | None = None
) -> UnsanctionedEvent:
    """Record one unsanctioned event with the nearest special place computed."""
    law = law or default_law()
    if not isinstance(data, dict):
        raise InvalidInput([FieldError("", "invalid_type")])
    errors = [FieldError(k, "unknown_field") for k in sorted(set(data) - FIELDS)]
    occurred_at = None
    try:
        occurred_at = parse_instant(data["occurred_at"])
        if occurred_at > now:
            errors.append(FieldError("occurred_at", "in_future"))
    except KeyError:
        errors.append(FieldError("occurred_at", "required"))
    except (TypeError, ValueError, AttributeError):
        errors.append(FieldError("occurred_at", "invalid_datetime"))
    on = law.calendar.local_date(occurred_at) if occurred_at else None
    rules = law.at_instant(occurred_at or now, "occurred_at")
    if data.get("form") in (None, ""):
        errors.append(FieldError("form", "required"))
    elif data.get("form") not in rules.forms:
        errors.append(FieldError("form", "unknown", {"value": str(data.get("form"))[:50]}))
    category = data.get("category", rules.unsanctioned_categories[0])
    if category not in rules.unsanctioned_categories:
        errors.append(FieldError("category", "unknown", {"value": str(category)[:50]}))
    size = data.get("estimated_participants")
    if not isinstance(size, int) or isinstance(size, bool) or size < 1 or size > 10_000_000:
        errors.append(FieldError("estimated_participants", "positive_integer"))
    description = _text(data, "description", errors)
    source = _text(data, "source", errors)
    located = _point(data, law, on, errors)
    related_id = None
    if data.get("related_notice") is not None:
        related_id = session.scalar(
            select(Notice.id).where(Notice.reference == str(data["related_notice"])[:20])
        )
        if related_id is None:
            errors.append(FieldError("related_notice", "unknown"))
    if errors or located is None or occurred_at is None or on is None:
        raise InvalidInput(errors)
    lat, lon, address = located
    nearest = nearest_place(lat, lon, [p for p in rules.places.values() if p.kind == "site"])
    event = UnsanctionedEvent(
        occurred_at=occurred_at, occurred_on=on, lat=lat, lon=lon, address=address,
        nearest_place_id=nearest[0].id if nearest else None,
        nearest_place_m=round(nearest[1], 1) if nearest else None,
        form=data["form"], category=category, estimated_participants=size,
        description=description, source=source, related_notice_id=related_id,
        logged_by=actor.user_id, created_at=now,
    )
    session.add(event)
    session.flush()
    return event
