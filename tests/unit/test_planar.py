"""A drawn map's bounds, outlines and label points, read from GeoJSON without shapely: the
same as shapely's (assembly/notices/planar.py)."""

from __future__ import annotations

import subprocess
import sys
from datetime import date

import pytest
from shapely.geometry import LineString, Point, Polygon, mapping, shape

from assembly.notices import planar
from assembly.services.law import default_law

DATES = [date(2021, 5, 20), date(2023, 1, 10), date(2024, 6, 1), date(2026, 5, 20)]

MADE = {
    "a square drawn clockwise": Polygon([(76.94, 43.24), (76.94, 43.25), (76.95, 43.25),
                                         (76.95, 43.24)]),
    "a square drawn counter-clockwise": Polygon([(76.94, 43.24), (76.95, 43.24),
                                                 (76.95, 43.25), (76.94, 43.25)]),
    "a site with a hole off its centre": Polygon(
        [(76.90, 43.20), (77.00, 43.20), (77.00, 43.30), (76.90, 43.30)],
        [[(76.91, 43.21), (76.93, 43.21), (76.93, 43.23), (76.91, 43.23)]]),
    "a concave site whose centroid is outside it": Polygon(
        [(0, 0), (3, 0), (3, 3), (2, 3), (2, 1), (1, 1), (1, 3), (0, 3)]),
    "a route of uneven segments": LineString([(76.90, 43.20), (76.91, 43.20),
                                              (76.95, 43.23), (76.96, 43.23)]),
    "a point": Point(76.94, 43.24),
}


def rules_shapes() -> list[tuple[str, dict[str, object]]]:
    law, found = default_law(), {}
    for on in DATES:
        rules = law.at(on)
        for item in [*rules.places.values(), *rules.prohibited]:
            found[f"{on} {item.id}"] = dict(item.shape.geojson)
    return sorted(found.items())


def shapelys_label_point(geometry: object) -> tuple[float, float]:
    """(lat, lon): a route's midpoint, a site's centroid if inside it, else shapely's
    representative point (what geography did with shapely)."""
    if isinstance(geometry, LineString):
        point = geometry.interpolate(0.5, normalized=True)
    else:
        point = geometry.centroid  # type: ignore[attr-defined]
        if not geometry.covers(point):  # type: ignore[attr-defined]
            point = geometry.representative_point()  # type: ignore[attr-defined]
    return (point.y, point.x)


def same_point(ours: tuple[float, float], theirs: tuple[float, float]) -> bool:
    return all(abs(a - b) <= 1e-9 for a, b in zip(ours, theirs, strict=True))


@pytest.mark.parametrize(("name", "geojson"), rules_shapes())
def test_every_shape_of_the_rules_has_shapelys_bounds_and_label_point(
        name: str, geojson: dict[str, object]) -> None:
    geometry = shape(geojson)
    assert planar.bounds(geojson) == geometry.bounds
    assert same_point(planar.representative_lat_lon(geojson),
                      shapelys_label_point(geometry))


@pytest.mark.parametrize("name", sorted(MADE))
def test_made_shapes_have_shapelys_bounds_and_label_point(name: str) -> None:
    geometry = MADE[name]
    geojson = mapping(geometry)
    assert planar.bounds(geojson) == geometry.bounds
    lat, lon = planar.representative_lat_lon(geojson)
    assert same_point((lat, lon), shapelys_label_point(geometry))
    assert geometry.distance(Point(lon, lat)) <= 1e-9  # on the route, in the site


def test_a_polygon_is_drawn_as_its_outer_ring_then_its_holes_closed() -> None:
    geometry = MADE["a site with a hole off its centre"]
    lines = planar.drawn_lines(mapping(geometry))
    assert [(list(map(tuple, line)), closed) for line, closed in lines] == [
        (list(geometry.exterior.coords), True), (list(geometry.interiors[0].coords), True)]


def test_a_route_is_drawn_as_an_open_line() -> None:
    geometry = MADE["a route of uneven segments"]
    assert [(list(map(tuple, line)), closed) for line, closed in
            planar.drawn_lines(mapping(geometry))] == [(list(geometry.coords), False)]


def test_drawing_the_map_of_the_rules_in_force_imports_no_shapely() -> None:
    script = ("import sys\nfrom datetime import date\n"
              "from assembly.services.law import default_law\n"
              "from assembly.web.svgmap import map_view\n"
              "rules = default_law().at(date(2026, 5, 20))\n"
              "view = map_view(rules, 'ru', prohibited=True, point=(43.24, 76.94))\n"
              "assert view.shapes and view.prohibited\n"
              "print(sorted({m.split('.')[0] for m in sys.modules} & {'shapely', 'numpy'}))")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "[]"
