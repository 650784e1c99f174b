"""The law's distances (Art. 9(5): a picket's distance to a prohibited object; a point in a
special place) read from GeoJSON without shapely are shapely's, on points all around every
shape of rules/ and around made shapes with holes, concave outlines, lines and points."""

from __future__ import annotations

import math

import pytest
from shapely.geometry import MultiPolygon, Point, Polygon, shape
from shapely.ops import nearest_points

from assembly.notices import geography, planar
from tests.unit.test_planar import MADE, rules_shapes

SHAPES = [*rules_shapes(), *((name, dict(geometry.__geo_interface__))
                             for name, geometry in MADE.items())]
SHAPES.append(("two squares, one with a hole", dict(MultiPolygon([
    MADE["a site with a hole off its centre"],
    Polygon([(77.02, 43.20), (77.03, 43.20), (77.03, 43.21), (77.02, 43.21)])]
).__geo_interface__)))


def shapelys_distance_m(lat: float, lon: float, geojson: dict[str, object]) -> float:
    """The distance as measured before it was read from the coordinates: shapely's covers,
    then its nearest point where longitudes are scaled by cos(latitude)."""
    import shapely

    geometry, point = shape(geojson), Point(lon, lat)
    if geometry.covers(point):
        return 0.0
    factor = math.cos(math.radians(lat))
    near, _ = nearest_points(shapely.transform(geometry, lambda xy: xy * (factor, 1.0)),
                             shapely.transform(point, lambda xy: xy * (factor, 1.0)))
    return geography.distance_m((lat, lon), (near.y, near.x / factor))


def points_around(geojson: dict[str, object], steps: int = 9) -> list[tuple[float, float]]:
    """(lat, lon): a grid over the shape's box grown by half its size (and 500 m), its
    vertices, and the middle of each edge."""
    west, south, east, north = planar.bounds(geojson)
    grow_x = max((east - west) / 2, 0.006)
    grow_y = max((north - south) / 2, 0.0045)
    grid = [(south - grow_y + (north - south + 2 * grow_y) * j / (steps - 1),
             west - grow_x + (east - west + 2 * grow_x) * i / (steps - 1))
            for i in range(steps) for j in range(steps)]
    parts = [list(part) for part in planar._parts(geojson)]
    vertices = [(y, x) for part in parts for x, y in part]
    middles = [((a[1] + b[1]) / 2, (a[0] + b[0]) / 2)
               for part in parts for a, b in zip(part, part[1:], strict=False)]
    return grid + vertices + middles


@pytest.mark.parametrize(("name", "geojson"), SHAPES, ids=[name for name, _ in SHAPES])
def test_the_distance_from_every_point_around_a_shape_is_shapelys(name, geojson):
    for lat, lon in points_around(geojson):
        ours = geography.distance_to_geometry_m(lat, lon, geojson)
        theirs = shapelys_distance_m(lat, lon, geojson)
        assert ours == pytest.approx(theirs, abs=1e-6), (name, lat, lon)


@pytest.mark.parametrize(("name", "geojson"), SHAPES, ids=[name for name, _ in SHAPES])
def test_whether_a_shape_covers_a_point_is_shapelys_answer(name, geojson):
    geometry = shape(geojson)
    for lat, lon in points_around(geojson, steps=15):
        assert planar.covers(geojson, lon, lat) == geometry.covers(Point(lon, lat)), (
            name, lat, lon)


def test_a_point_in_a_hole_is_measured_to_the_holes_edge():
    site = dict(MADE["a site with a hole off its centre"].__geo_interface__)

    inside_the_hole = geography.distance_to_geometry_m(43.22, 76.92, site)

    assert planar.covers(site, 76.91, 43.22)  # on the hole's edge: on the site
    assert not planar.covers(site, 76.92, 43.22)
    assert inside_the_hole == pytest.approx(geography.distance_m((43.22, 76.92),
                                                                 (43.22, 76.91)), abs=1e-6)


def test_a_shapely_geometry_is_measured_by_its_geojson():
    square = MADE["a square drawn clockwise"]

    assert geography.distance_to_geometry_m(43.26, 76.945, square) == pytest.approx(
        shapelys_distance_m(43.26, 76.945, dict(square.__geo_interface__)), abs=1e-6)


def test_the_distance_to_an_empty_shape_is_an_error():
    with pytest.raises(ValueError, match="empty"):
        geography.distance_to_geometry_m(43.2, 76.9, {"type": "LineString",
                                                      "coordinates": []})
