"""What a drawn map needs of a shape, read from its GeoJSON coordinates without shapely.

The public map, the precheck and the filing pages draw the places in force (web/svgmap.py):
their outlines, the box that frames them and a point to number each. None of that needs a
geometry engine, and shapely with numpy weighs about 16 MB in every web worker that draws a
map once (issue 16.2). The results are shapely's own, computed the same way:

- `bounds`: west, south, east, north of the coordinates (shapely's `bounds`);
- `rings`: the (lon, lat) lines to draw, a polygon's outer ring then its holes;
- `covers` and `nearest_position`: whether a point lies in or on a shape, and the shape's
  position nearest to it in a plane where longitudes are scaled (`geography.
  distance_to_geometry_m` measures the law's distances with them: issue 16.2);
- `representative_lat_lon`: a route's midpoint along its length; a site's centroid when
  the site covers it. A centroid that falls outside its polygon or on its edge (a concave
  site) is left to shapely's `representative_point`, as are the geometry types the rules
  do not use (multi-part ones). Whether the site covers it is `covers`, exact as shapely's.

tests/unit/test_planar.py compares each with shapely on every shape of rules/ and on
shapes with holes, either orientation and concave outlines; tests/unit/test_planar_distance.py
compares the distances with shapely's on points all around each shape.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping, Sequence
from fractions import Fraction
from typing import Any

Position = Sequence[float]
LatLon = tuple[float, float]  # (latitude, longitude), degrees


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


def _parts(geojson: Mapping[str, Any]) -> list[list[tuple[float, float]]]:
    """The lines of a shape (a polygon's rings, a line) or its points, each one part."""
    if geojson["type"] == "MultiPoint":
        return [[(float(p[0]), float(p[1]))] for p in geojson["coordinates"]]
    return [[(float(p[0]), float(p[1])) for p in ring] for ring in _rings(geojson)]


def _orientation(a: tuple[float, float], b: tuple[float, float], x: float, y: float) -> int:
    """1 when (x, y) lies left of the line a -> b, -1 right, 0 on it: exact, as GEOS's
    robust predicate (a result too near zero for floats is computed in fractions)."""
    (x1, y1), (x2, y2) = a, b
    left, right = (x2 - x1) * (y - y1), (y2 - y1) * (x - x1)
    if abs(left - right) > 1e-12 * (abs(left) + abs(right)):
        return 1 if left > right else -1
    exact = ((Fraction(x2) - Fraction(x1)) * (Fraction(y) - Fraction(y1))
             - (Fraction(y2) - Fraction(y1)) * (Fraction(x) - Fraction(x1)))
    return (exact > 0) - (exact < 0)


def _on_segment(x: float, y: float, a: tuple[float, float], b: tuple[float, float]) -> bool:
    (x1, y1), (x2, y2) = a, b
    return (min(x1, x2) <= x <= max(x1, x2) and min(y1, y2) <= y <= max(y1, y2)
            and _orientation(a, b, x, y) == 0)


def covers(geojson: Mapping[str, Any], lon: float, lat: float) -> bool:
    """Whether the point lies in the shape or on its outline (shapely's `covers`): inside a
    polygon and outside its holes, or on any of its rings, on a line, or on a point."""
    kind = geojson["type"]
    parts = _parts(geojson)
    for part in parts:
        if len(part) == 1 and part[0] == (lon, lat):
            return True
        if any(_on_segment(lon, lat, a, b) for a, b in zip(part, part[1:], strict=False)):
            return True
    if kind not in ("Polygon", "MultiPolygon"):
        return False
    polygons = [geojson["coordinates"]] if kind == "Polygon" else geojson["coordinates"]
    return any(_crossings(lon, lat, [[(float(p[0]), float(p[1])) for p in ring]
                                     for ring in polygon]) % 2 == 1 for polygon in polygons)


def _crossings(x: float, y: float, rings: Sequence[Sequence[tuple[float, float]]]) -> int:
    """How many edges of the rings a ray from the point eastwards crosses (even-odd rule;
    the point is on none of them)."""
    count = 0
    for ring in rings:
        for a, b in zip(ring, ring[1:], strict=False):
            if (a[1] > y) != (b[1] > y):
                upwards = b[1] > a[1]
                if _orientation(a, b, x, y) == (1 if upwards else -1):
                    count += 1
    return count


def nearest_position(geojson: Mapping[str, Any], lon: float, lat: float,
                     factor: float) -> tuple[float, float]:
    """The (lon, lat) of the shape's outline, line or point nearest to the point, in the
    plane where longitudes are multiplied by `factor` (shapely's `nearest_points` on shapes
    scaled so)."""
    px, py = lon * factor, lat
    best: tuple[float, float, float] | None = None  # squared distance, x, y (scaled)
    for part in _parts(geojson):
        points = [(x * factor, y) for x, y in part]
        if not points:
            continue
        segments = zip(points, points[1:], strict=False) if len(points) > 1 else [
            (points[0], points[0])]
        for (x1, y1), (x2, y2) in segments:
            dx, dy = x2 - x1, y2 - y1
            length2 = dx * dx + dy * dy
            t = 0.0 if length2 == 0 else max(0.0, min(1.0, ((px - x1) * dx + (py - y1) * dy)
                                                    / length2))
            x, y = x1 + t * dx, y1 + t * dy
            d2 = (px - x) ** 2 + (py - y) ** 2
            if best is None or d2 < best[0]:
                best = (d2, x, y)
    if best is None:
        raise ValueError("distance to an empty geometry")
    return best[1] / factor, best[2]


def representative_lat_lon(geojson: Mapping[str, Any]) -> LatLon:
    """A point to show for a shape: a route's midpoint along its length, a site's centroid
    when the site covers it, else shapely's `representative_point` (from the coordinates
    where it can: shapely only for a concave site or a multi-part shape)."""
    kind = geojson["type"]
    if kind == "Point":
        return float(geojson["coordinates"][1]), float(geojson["coordinates"][0])
    if kind == "LineString":
        lon, lat = _line_midpoint(geojson["coordinates"])
        return lat, lon
    if kind == "Polygon":
        centroid = _polygon_centroid(geojson["coordinates"])
        if centroid is not None and covers(geojson, centroid[0], centroid[1]):
            return centroid[1], centroid[0]
    from shapely.geometry import LineString, shape

    geometry = shape(geojson)
    if isinstance(geometry, LineString):
        point = geometry.interpolate(0.5, normalized=True)
    else:
        point = geometry.centroid
        if not geometry.covers(point):
            point = geometry.representative_point()
    return (point.y, point.x)
