"""Strict reading of the GeoJSON layers of rules/: places and prohibited objects.

Coordinates are (lon, lat) as GeoJSON says; every geometry must be well formed and lie
inside the city's bounding box, which catches swapped coordinates. Loading keeps the
coordinates as read and never imports shapely (with numpy, about 30 MB a web worker
would carry for pages that draw no map and check no point): `Shape.geometry` builds the
shapely geometry on first use and checks that it is valid (no self-intersection...),
and `check_shapes` builds them all, for the commands that must refuse invalid rules.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assembly.law.reading import Where, ident, load_json, mapping

if TYPE_CHECKING:
    from shapely.geometry.base import BaseGeometry

_COLLECTION_KEYS = ("type", "features")
_FEATURE_KEYS = ("type", "properties", "geometry")
# How deep each geometry type nests its positions, and the fewest positions of its parts.
_DEPTH = {"Point": 0, "MultiPoint": 1, "LineString": 1, "MultiLineString": 2, "Polygon": 2,
          "MultiPolygon": 3}
_FEWEST = {"LineString": 2, "MultiLineString": 2, "Polygon": 4, "MultiPolygon": 4}


@dataclass(frozen=True, eq=False)
class Shape:
    """A GeoJSON geometry as read ((lon, lat) coordinates); shapely's on first use."""

    geojson: Mapping[str, Any]  # {"type": ..., "coordinates": ...}
    where: Where

    @classmethod
    def of(cls, geometry: BaseGeometry, where: Where | None = None) -> Shape:
        """The shape of a shapely geometry made elsewhere (tests, tools)."""
        from shapely.geometry import mapping as to_geojson

        made = cls(to_geojson(geometry), where or Where("(made)"))
        made.__dict__["geometry"] = geometry  # what cached_property would have stored
        return made

    @property
    def geom_type(self) -> str:
        return str(self.geojson["type"])

    @cached_property
    def geometry(self) -> BaseGeometry:
        """The shapely geometry, built and checked once; RulesError (located) if invalid."""
        from shapely.geometry import shape
        from shapely.validation import explain_validity

        try:
            geometry = shape(self.geojson)
        except Exception as exc:  # shapely raises several types for malformed coordinates
            raise self.where.error(f"malformed {self.geom_type} coordinates: {exc}") from None
        if geometry.is_empty:
            raise self.where.error("the geometry is empty")
        if not geometry.is_valid:
            raise self.where.error(
                f"invalid {geometry.geom_type}: {explain_validity(geometry)}")
        return geometry


@dataclass(frozen=True)
class Feature:
    """One GeoJSON feature: its id, its checked properties, its shape."""

    id: str
    where: Where
    properties: Mapping[str, Any]
    shape: Shape


def check_shapes(shapes: Iterable[Shape]) -> None:
    """Build every shape: RulesError at the first invalid one (imports shapely)."""
    for each in shapes:
        _ = each.geometry


def load_features(
    path: Path,
    where: Where,
    required: Iterable[str],
    optional: Iterable[str],
    bbox: tuple[float, float, float, float],
) -> dict[str, Feature]:
    """Read a FeatureCollection; each feature has `properties.id`, unique in the file."""
    data = mapping(load_json(path, where), where, required=_COLLECTION_KEYS, optional=("name",))
    if data["type"] != "FeatureCollection":
        raise (where / "type").error(f"expected FeatureCollection, got {data['type']!r}")
    if not isinstance(data["features"], list):
        raise (where / "features").error("expected a list of features")
    features: dict[str, Feature] = {}
    for index, raw in enumerate(data["features"]):
        at = where / f"features[{index}]"
        body = mapping(raw, at, required=_FEATURE_KEYS, optional=("id",))
        if body["type"] != "Feature":
            raise (at / "type").error(f"expected Feature, got {body['type']!r}")
        props = mapping(body["properties"], at / "properties", ("id", *required), optional)
        feature_id = ident(props["id"], at / "properties" / "id")
        if "id" in body and body["id"] != feature_id:
            raise (at / "id").error(f"differs from properties.id {feature_id!r}")
        named = Where(where.file, (feature_id,))
        if feature_id in features:
            raise named.error("two features have this id")
        geometry = _geometry(body["geometry"], named / "geometry", bbox)
        features[feature_id] = Feature(feature_id, named, props, geometry)
    return features


def _geometry(raw: Any, where: Where, bbox: tuple[float, float, float, float]) -> Shape:
    if raw is None:
        raise where.error("missing: every feature needs a geometry")
    body = mapping(raw, where, required=("type", "coordinates"))
    kind = body["type"]
    if kind not in _DEPTH:
        raise where.error(f"unknown geometry type {kind!r}")
    if kind in ("Polygon", "MultiPolygon"):
        rings = body["coordinates"] if kind == "Polygon" else _flatten(body["coordinates"])
        for ring in rings if isinstance(rings, list) else ():
            if isinstance(ring, list) and ring and ring[0] != ring[-1]:
                raise where.error("a polygon ring must end where it starts")
    positions = list(_positions(body["coordinates"], _DEPTH[kind], kind, where))
    if not positions:
        raise where.error("the geometry is empty")
    west, east = min(p[0] for p in positions), max(p[0] for p in positions)
    south, north = min(p[1] for p in positions), max(p[1] for p in positions)
    if west < bbox[0] or south < bbox[1] or east > bbox[2] or north > bbox[3]:
        raise where.error(
            f"lies outside the city's bbox {list(bbox)} (coordinates are lon, lat; swapped?)"
        )
    return Shape({"type": kind, "coordinates": body["coordinates"]}, where)


def _positions(value: Any, depth: int, kind: str, where: Where) -> Iterator[tuple[float, float]]:
    """The (lon, lat) positions of coordinates nested `depth` lists deep; a located error
    for anything else (shapely would refuse it too)."""
    if depth == 0:
        if (not isinstance(value, list) or len(value) not in (2, 3)
                or not all(isinstance(v, int | float) and not isinstance(v, bool)
                           for v in value)):
            raise where.error(f"malformed {kind} coordinates: {value!r} is not a position")
        yield float(value[0]), float(value[1])
        return
    if not isinstance(value, list):
        raise where.error(f"malformed {kind} coordinates: expected a list, got {value!r}")
    if depth == 1 and kind in _FEWEST and len(value) < _FEWEST[kind]:
        raise where.error(f"malformed {kind} coordinates: fewer than {_FEWEST[kind]} "
                          "positions in a part")
    for item in value:
        yield from _positions(item, depth - 1, kind, where)


def _flatten(polygons: Any) -> list[Any]:
    if not isinstance(polygons, list):
        return []
    return [ring for polygon in polygons if isinstance(polygon, list) for ring in polygon]


def require_type(feature: Feature, allowed: Iterable[str]) -> None:
    """Raise unless the feature's geometry is of one of the allowed types."""
    allowed = tuple(allowed)
    if feature.shape.geom_type not in allowed:
        raise (feature.where / "geometry").error(
            f"expected {' or '.join(allowed)}, got {feature.shape.geom_type}"
        )
