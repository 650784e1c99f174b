"""The rules of one city, rules/<city>/: city.yaml, places.yaml + places.geojson,
picketing.yaml + prohibited.geojson, strictly parsed and checked against each other."""

from __future__ import annotations

import re
import zoneinfo
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from assembly.law.dated import Act, Field, Record, acts, day, record, records
from assembly.law.geojson import Feature, load_features, require_type
from assembly.law.reading import (
    Where,
    boolean,
    choice,
    choices,
    ident,
    integer,
    load_yaml,
    mapping,
    names,
    number,
    sourced,
    text,
)

PLACE_KINDS = ("site", "route")
_PREFIX = re.compile(r"^[A-Z]{2,5}$")


@dataclass(frozen=True)
class Prohibited:
    """A feature of prohibited.geojson, checked, with its validity period."""

    feature: Feature
    names: Any
    category: str
    sample: bool
    source: str
    confidence: str
    since: date
    until: date | None


@dataclass(frozen=True)
class City:
    """rules/<city>/, parsed."""

    id: str
    country: str
    timezone: str
    reference_prefix: str
    acts: dict[str, Act]
    places: dict[str, Record]
    features: dict[str, Feature]
    picketing: Record
    prohibited: tuple[Prohibited, ...]


def load_city(folder: Path, label: str, city_id: str) -> City:
    """Read a city folder: city.yaml, places, picketing and the prohibited objects."""
    where = Where(f"{label}/city.yaml")
    raw = mapping(
        load_yaml(folder / "city.yaml", where),
        where,
        required=("id", "country", "timezone", "reference_prefix", "bbox", "acts"),
    )
    if raw["id"] != city_id:
        raise (where / "id").error(f"expected {city_id!r} (the folder's name), got {raw['id']!r}")
    timezone = text(raw["timezone"], where / "timezone")
    try:
        zoneinfo.ZoneInfo(timezone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise (where / "timezone").error(f"unknown time zone {timezone!r}") from None
    prefix = raw["reference_prefix"]
    if not isinstance(prefix, str) or not _PREFIX.match(prefix):
        raise (where / "reference_prefix").error(f"expected 2-5 capital letters, got {prefix!r}")
    bbox = _bbox(raw["bbox"], where / "bbox")
    known = acts(raw["acts"], where / "acts")
    places, features = _places(folder, label, known, bbox)
    picketing_where = Where(f"{label}/picketing.yaml")
    picketing = record(
        load_yaml(folder / "picketing.yaml", picketing_where),
        picketing_where,
        known,
        {"buffer_m": Field(number(0))},  # Art. 9(5): the buffer around prohibited objects
    )
    return City(
        id=city_id,
        country=ident(raw["country"], where / "country"),
        timezone=timezone,
        reference_prefix=prefix,
        acts=known,
        places=places,
        features=features,
        picketing=picketing,
        prohibited=_prohibited(folder, label, known, bbox),
    )


def _bbox(value: Any, where: Where) -> tuple[float, float, float, float]:
    if (
        not isinstance(value, list)
        or len(value) != 4
        or not all(isinstance(v, int | float) and not isinstance(v, bool) for v in value)
        or not (value[0] < value[2] and value[1] < value[3])
    ):
        raise where.error(f"expected [west, south, east, north] in degrees, got {value!r}")
    return (float(value[0]), float(value[1]), float(value[2]), float(value[3]))


def _places(
    folder: Path, label: str, known: dict[str, Act], bbox: tuple[float, float, float, float]
) -> tuple[dict[str, Record], dict[str, Feature]]:
    where = Where(f"{label}/places.yaml")
    raw = mapping(load_yaml(folder / "places.yaml", where), where, required=("places",))
    places = records(
        raw["places"],
        where / "places",
        known,
        {
            "names": Field(names),
            "forms": Field(choices()),  # a null ends the designation of the place
            "max_occupancy": Field(integer(1), required=False, nullable=True),
            "corridor_m": Field(number(0), required=False),
        },
        static={"kind": choice(PLACE_KINDS)},
    )
    for place in places.values():
        unfit = "corridor_m" if place.static["kind"] == "site" else "max_occupancy"
        if unfit in place.fields:
            raise (place.where / unfit).error(f"does not apply to a {place.static['kind']}")
    geo_where = Where(f"{label}/places.geojson")
    features = load_features(
        folder / "places.geojson", geo_where, ("kind", "approximate"), ("note",), bbox
    )
    for place_id, place in places.items():
        if place_id not in features:
            raise (geo_where / place_id).error(f"no feature for the place {place.where.key}")
    for feature in features.values():
        place = places.get(feature.id)
        if place is None:
            raise feature.where.error(f"a feature without a place in {where.file}")
        kind = place.static["kind"]
        if feature.properties["kind"] != kind:
            raise (feature.where / "kind").error(f"expected {kind!r} as in {place.where.key}")
        boolean(feature.properties["approximate"], feature.where / "approximate")
        require_type(feature, ("Polygon",) if kind == "site" else ("LineString",))
    return places, features


def _prohibited(
    folder: Path, label: str, known: dict[str, Act], bbox: tuple[float, float, float, float]
) -> tuple[Prohibited, ...]:
    where = Where(f"{label}/prohibited.geojson")
    required = ("names", "category", "sample", "since", "source", "confidence")
    features = load_features(
        folder / "prohibited.geojson", where, required, ("until", "note"), bbox
    )
    result = []
    for feature in features.values():
        props, at = feature.properties, feature.where
        require_type(feature, ("Point", "Polygon", "MultiPolygon"))
        since = day(props["since"], at / "since", known)
        until = day(props["until"], at / "until", known) if "until" in props else None
        if until is not None and until <= since:
            raise (at / "until").error(f"the period is empty: {until} is not after {since}")
        result.append(
            Prohibited(
                feature,
                names(props["names"], at / "names"),
                ident(props["category"], at / "category"),
                boolean(props["sample"], at / "sample"),
                *sourced(props, at),
                since,
                until,
            )
        )
    return tuple(result)
