"""Strict reading of the GeoJSON layers of rules/: places and prohibited objects.

Coordinates are (lon, lat) as GeoJSON says; every geometry must be valid (shapely) and
lie inside the city's bounding box, which catches swapped coordinates.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry
from shapely.validation import explain_validity

from assembly.law.reading import Where, ident, load_json, mapping

_COLLECTION_KEYS = ("type", "features")
_FEATURE_KEYS = ("type", "properties", "geometry")


@dataclass(frozen=True)
class Feature:
    """One GeoJSON feature: its id, its checked properties, its geometry."""

    id: str
    where: Where
    properties: Mapping[str, Any]
    geometry: BaseGeometry


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


def _geometry(raw: Any, where: Where, bbox: tuple[float, float, float, float]) -> BaseGeometry:
    if raw is None:
        raise where.error("missing: every feature needs a geometry")
    body = mapping(raw, where, required=("type", "coordinates"))
    if body["type"] in ("Polygon", "MultiPolygon"):
        rings = body["coordinates"] if body["type"] == "Polygon" else _flatten(body["coordinates"])
        for ring in rings if isinstance(rings, list) else ():
            if isinstance(ring, list) and ring and ring[0] != ring[-1]:
                raise where.error("a polygon ring must end where it starts")
    try:
        geometry = shape(body)
    except Exception as exc:  # shapely raises several types for malformed coordinates
        raise where.error(f"malformed {body['type']} coordinates: {exc}") from None
    if geometry.is_empty:
        raise where.error("the geometry is empty")
    if not geometry.is_valid:
        raise where.error(f"invalid {geometry.geom_type}: {explain_validity(geometry)}")
    west, south, east, north = geometry.bounds
    if west < bbox[0] or south < bbox[1] or east > bbox[2] or north > bbox[3]:
        raise where.error(
            f"lies outside the city's bbox {list(bbox)} (coordinates are lon, lat; swapped?)"
        )
    return geometry


def _flatten(polygons: Any) -> list[Any]:
    if not isinstance(polygons, list):
        return []
    return [ring for polygon in polygons if isinstance(polygon, list) for ring in polygon]


def require_type(feature: Feature, allowed: Iterable[str]) -> None:
    """Raise unless the feature's geometry is of one of the allowed types."""
    allowed = tuple(allowed)
    if feature.geometry.geom_type not in allowed:
        raise (feature.where / "geometry").error(
            f"expected {' or '.join(allowed)}, got {feature.geometry.geom_type}"
        )
