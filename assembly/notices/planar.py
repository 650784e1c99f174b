"""What a drawn map needs of a shape, read from its GeoJSON coordinates without shapely.

The public map, the precheck and the filing pages draw the places in force (web/svgmap.py):
their outlines, the box that frames them and a point to number each. None of that needs a
geometry engine, and shapely with numpy weighs about 16 MB in every web worker that draws a
map once (issue 16.2). The results are shapely's own, computed the same way:

- `bounds`: west, south, east, north of the coordinates (shapely's `bounds`);
- `rings`: the (lon, lat) lines to draw, a polygon's outer ring then its holes;
- `representative_lat_lon`: `geography.representative_lat_lon` (a route's midpoint along
  its length; a site's centroid when the site covers it). A centroid that falls outside
  its polygon or on its edge (a concave site) is left to shapely's `representative_point`,
  as are the geometry types the rules do not use (multi-part ones).

tests/unit/test_planar.py compares each with shapely on every shape of rules/ and on
shapes with holes, either orientation and concave outlines.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from assembly.notices.geography import LatLon

Position = Sequence[float]


def _rings(geojson: Mapping[str, Any]) -> list[list[Position]]:
    kind, coordinates = geojson["type"], geojson["coordinates"]
    if kind == "Point":
        return [[coordinates]]
    if kind in ("LineString", "MultiPoint"):
        return [list(coordinates)]
    if kind in ("Polygon", "MultiLineString"):
        return [list(ring) for ring in coordinates]
    if kind == "MultiPolygon":
        return [list(ring) for polygon in coordinates for ring in polygon]
    raise TypeError(f"cannot read a {kind}")


def positions(geojson: Mapping[str, Any]) -> Iterator[Position]:
    """Every position of the geometry, as (lon, lat, ...)."""
    for ring in _rings(geojson):
        yield from ring


def bounds(geojson: Mapping[str, Any]) -> tuple[float, float, float, float]:
    """West, south, east, north of the geometry's positions."""
    lons, lats = zip(*((float(p[0]), float(p[1])) for p in positions(geojson)), strict=True)
    return min(lons), min(lats), max(lons), max(lats)


def drawn_lines(geojson: Mapping[str, Any]) -> list[tuple[list[Position], bool]]:
    """The lines that draw a polygon or line (each with whether it is a closed ring)."""
    kind = geojson["type"]
    if kind in ("Polygon", "MultiPolygon"):
        return [(ring, True) for ring in _rings(geojson)]
    if kind in ("LineString", "MultiLineString"):
        return [(ring, False) for ring in _rings(geojson)]
    raise TypeError(f"cannot draw a {kind}")


def _line_midpoint(line: Sequence[Position]) -> tuple[float, float]:
    """The point halfway along the line's length (GEOS's interpolate(0.5, normalized))."""
    points = [(float(p[0]), float(p[1])) for p in line]
    lengths = [math.sqrt((b[0] - a[0]) ** 2 + (b[1] - a[1]) ** 2)
               for a, b in zip(points, points[1:], strict=False)]
    target = 0.5 * sum(lengths)
    walked = 0.0
    for (a, b), length in zip(zip(points, points[1:], strict=False), lengths, strict=True):
        if length > 0 and walked + length >= target:
            fraction = (target - walked) / length
            return a[0] + fraction * (b[0] - a[0]), a[1] + fraction * (b[1] - a[1])
        walked += length
    return points[-1]


def _is_ccw(ring: Sequence[tuple[float, float]]) -> bool:
    area = sum(a[0] * b[1] - b[0] * a[1] for a, b in zip(ring, ring[1:], strict=False))
    return area > 0


def _polygon_centroid(rings: Sequence[Sequence[Position]]) -> tuple[float, float] | None:
    """The area centroid of a polygon with holes (GEOS's triangle fan); None: no area."""
    base = (float(rings[0][0][0]), float(rings[0][0][1]))
    sum_x = sum_y = area_sum = 0.0
    for index, raw in enumerate(rings):
        ring = [(float(p[0]), float(p[1])) for p in raw]
        positive = (not _is_ccw(ring)) if index == 0 else _is_ccw(ring)
        sign = 1.0 if positive else -1.0
        for a, b in zip(ring, ring[1:], strict=False):
            area2 = (a[0] - base[0]) * (b[1] - base[1]) - (b[0] - base[0]) * (a[1] - base[1])
            sum_x += sign * area2 * (base[0] + a[0] + b[0])
            sum_y += sign * area2 * (base[1] + a[1] + b[1])
            area_sum += sign * area2
    if area_sum == 0:
        return None
    return sum_x / 3 / area_sum, sum_y / 3 / area_sum


def _clearly_inside(point: tuple[float, float], rings: Sequence[Sequence[Position]]) -> bool:
    """True when the point is inside the polygon and not within a hair of any edge (an
    uncertain case answers False: the caller then asks shapely)."""
    x, y = point
    inside = False
    for raw in rings:
        ring = [(float(p[0]), float(p[1])) for p in raw]
        for (x1, y1), (x2, y2) in zip(ring, ring[1:], strict=False):
            dx, dy = x2 - x1, y2 - y1
            length2 = dx * dx + dy * dy
            t = 0.0 if length2 == 0 else max(0.0, min(1.0, ((x - x1) * dx + (y - y1) * dy)
                                                    / length2))
            if math.hypot(x - (x1 + t * dx), y - (y1 + t * dy)) < 1e-9:
                return False
            if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * dx / dy:
                inside = not inside
    return inside


def representative_lat_lon(geojson: Mapping[str, Any]) -> LatLon:
    """`geography.representative_lat_lon` of the shape, from its coordinates where it can."""
    kind = geojson["type"]
    if kind == "Point":
        return float(geojson["coordinates"][1]), float(geojson["coordinates"][0])
    if kind == "LineString":
        lon, lat = _line_midpoint(geojson["coordinates"])
        return lat, lon
    if kind == "Polygon":
        centroid = _polygon_centroid(geojson["coordinates"])
        if centroid is not None and _clearly_inside(centroid, geojson["coordinates"]):
            return centroid[1], centroid[0]
    from shapely.geometry import shape

    from assembly.notices import geography

    return geography.representative_lat_lon(shape(geojson))
