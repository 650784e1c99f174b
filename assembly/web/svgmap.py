"""An inline SVG map of the special places and routes in force on a date, from the rules.

`map_view(rules, lang)` projects the places' GeoJSON coordinates (lon, lat) onto a viewBox
with a simple equirectangular projection (longitudes squeezed by cos(latitude), north
up) and returns plain values; the `svg_map` macro of `templates/_map.html` draws them
with a numbered legend listing the same information as text (name, kind, forms,
capacity). A point (a picket, an unsanctioned event) and the prohibited objects with
their picketing buffer can be added; the view frames the places and the point, so
objects farther away are clipped from the drawing and only listed in text.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from assembly.i18n import localize
from assembly.law.ruleset import RuleSet
from assembly.notices import planar
from assembly.notices.geography import LatLon

METRES_PER_DEGREE = 111_320.0  # of latitude: enough for drawing a buffer
MIN_SPAN = 0.01  # degrees: a map of one point still shows its surroundings
PADDING = 0.08


@dataclass(frozen=True)
class MapShape:
    """A special place (polygon) or a route (line), numbered as in the legend."""

    number: int
    place_id: str
    kind: Literal["site", "route"]
    name: str
    forms: tuple[str, ...]  # names of the forms allowed there, in the language
    capacity: int | None
    approximate: bool
    path: str  # SVG path data
    label_x: float
    label_y: float
    highlighted: bool
    # The maximum occupancy is an unconfirmed working value (LAW.md §7: Gandhi Park).
    capacity_unconfirmed: bool = False
    closed: bool = False  # closed on the map's date (works, an official event)


@dataclass(frozen=True)
class MapMarker:
    """A point on the map, or a prohibited object with its buffer (radius r)."""

    x: float
    y: float
    lat: float
    lon: float
    name: str = ""
    r: float = 0.0


@dataclass(frozen=True)
class MapView:
    """Everything the svg_map macro draws, in viewBox units."""

    width: float
    height: float
    shapes: tuple[MapShape, ...]
    point: MapMarker | None
    prohibited: tuple[MapMarker, ...]
    buffer_m: float

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width:g} {self.height:g}"


class _Projection:
    """Equirectangular: x east, y south, one unit the same length both ways."""

    def __init__(self, bounds: tuple[float, float, float, float], width: float) -> None:
        west, south, east, north = bounds
        self.squeeze = math.cos(math.radians((south + north) / 2))
        span_x = max(east - west, MIN_SPAN) * self.squeeze
        span_y = max(north - south, MIN_SPAN)
        self.scale = width / (span_x * (1 + 2 * PADDING))
        self.width = width
        self.height = round(span_y * (1 + 2 * PADDING) * self.scale, 1)
        centre_x, centre_y = (west + east) / 2, (south + north) / 2
        self.origin_x = centre_x - (width / 2) / (self.scale * self.squeeze)
        self.origin_y = centre_y + (self.height / 2) / self.scale

    def xy(self, lon: float, lat: float) -> tuple[float, float]:
        x = (lon - self.origin_x) * self.squeeze * self.scale
        y = (self.origin_y - lat) * self.scale
        return round(x, 1), round(y, 1)


def _line(coords: Iterable[Sequence[float]], project: _Projection, close: bool) -> str:
    points = [project.xy(c[0], c[1]) for c in coords]
    text = "M" + " L".join(f"{x:g} {y:g}" for x, y in points)
    return text + " Z" if close else text


def svg_path(geojson: Mapping[str, Any], project: _Projection) -> str:
    """SVG path data of a (multi)polygon (rings closed, holes too) or (multi)line."""
    return " ".join(_line(line, project, close=closed)
                    for line, closed in planar.drawn_lines(geojson))


def _bounds(shapes: Iterable[Mapping[str, Any]],
            extra: Iterable[LatLon]) -> tuple[float, float, float, float] | None:
    """West, south, east, north of the shapes (GeoJSON) and the (lat, lon) points (None:
    none)."""
    boxes = [planar.bounds(g) for g in shapes]
    boxes += [(lon, lat, lon, lat) for lat, lon in extra]
    if not boxes:
        return None
    return (min(b[0] for b in boxes), min(b[1] for b in boxes),
            max(b[2] for b in boxes), max(b[3] for b in boxes))


def map_view(rules: RuleSet, lang: str, *, point: LatLon | None = None,
             highlight: str | None = None, prohibited: bool = False,
             width: float = 640.0, closed: Collection[str] = ()) -> MapView:
    """The places and routes in force under `rules`, sites first, as a drawable view."""
    places = sorted(rules.places.values(), key=lambda p: (p.kind != "site", p.id))
    objects = rules.prohibited if prohibited else ()
    extra = [point] if point is not None else []
    bounds = _bounds([p.shape.geojson for p in places], extra)
    if bounds is None:  # no place in force and no point: an empty map
        return MapView(width, round(width / 2, 1), (), None, (), rules.picket_buffer_m)
    project = _Projection(bounds, width)
    shapes = []
    for number, place in enumerate(places, start=1):
        lat, lon = planar.representative_lat_lon(place.shape.geojson)
        x, y = project.xy(lon, lat)
        shapes.append(MapShape(
            number=number, place_id=place.id, kind=place.kind,
            name=localize(place.names, lang) if place.names else place.id,
            forms=tuple(localize(f.names, lang) for f in rules.forms.values()
                        if f.id in place.forms),
            capacity=place.max_occupancy, approximate=place.approximate,
            path=svg_path(place.shape.geojson, project), label_x=x, label_y=y,
            highlighted=place.id == highlight,
            capacity_unconfirmed=place.occupancy_confidence == "unverified",
            closed=place.id in closed,
        ))
    marker = None
    if point is not None:
        x, y = project.xy(point[1], point[0])
        marker = MapMarker(x, y, point[0], point[1])
    buffer_r = round(rules.picket_buffer_m / METRES_PER_DEGREE * project.scale, 1)
    zones = []
    for obj in objects:
        lat, lon = planar.representative_lat_lon(obj.shape.geojson)
        x, y = project.xy(lon, lat)
        zones.append(MapMarker(x, y, lat, lon, localize(obj.names, lang), buffer_r))
    return MapView(project.width, project.height, tuple(shapes), marker, tuple(zones),
                   rules.picket_buffer_m)
