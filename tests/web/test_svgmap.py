"""The SVG map: the places and routes in force, projected north-up inside the view."""

from __future__ import annotations

import dataclasses
import re
from datetime import date

import pytest
from shapely.geometry import MultiPolygon, Polygon

from assembly.law.geojson import Shape
from assembly.web.svgmap import map_view


@pytest.fixture
def rules_2021(law):
    return law.at(date(2021, 5, 20))


def coordinates(path: str) -> list[tuple[float, float]]:
    numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", path)]
    return list(zip(numbers[::2], numbers[1::2], strict=True))


def test_the_map_draws_each_place_in_force_numbered_sites_first(rules_2021):
    view = map_view(rules_2021, "ru")
    assert [s.kind for s in view.shapes] == ["site", "site", "site", "route"]
    assert [s.number for s in view.shapes] == [1, 2, 3, 4]
    assert {s.place_id for s in view.shapes} == set(rules_2021.places)
    sary_arka = next(s for s in view.shapes if s.place_id == "sary-arka-square")
    assert sary_arka.name == "сквер за кинотеатром «Сары-Арка»"
    assert sary_arka.forms == ("собрание", "митинг") and sary_arka.capacity == 500


def test_sites_are_closed_outlines_and_routes_open_lines(rules_2021):
    view = map_view(rules_2021, "en")
    for shape in view.shapes:
        assert shape.path.startswith("M")
        assert shape.path.endswith("Z") == (shape.kind == "site")


def test_everything_drawn_lies_inside_the_view_box(rules_2021):
    view = map_view(rules_2021, "en", point=(43.2389, 76.8897))
    assert view.view_box == f"0 0 {view.width:g} {view.height:g}"
    points = [xy for s in view.shapes for xy in coordinates(s.path)]
    points += [(s.label_x, s.label_y) for s in view.shapes] + [(view.point.x, view.point.y)]
    assert all(0 <= x <= view.width and 0 <= y <= view.height for x, y in points)


def test_north_is_up_and_east_is_right(rules_2021):
    view = map_view(rules_2021, "en")
    by_id = {s.place_id: s for s in view.shapes}
    gandhi, sary_arka = by_id["gandhi-park"], by_id["sary-arka-square"]
    # Gandhi park lies north-east of the Sary-Arka square.
    assert gandhi.label_y < sary_arka.label_y and gandhi.label_x > sary_arka.label_x


def test_a_chosen_place_is_highlighted_and_a_point_marked(rules_2021):
    view = map_view(rules_2021, "en", highlight="gandhi-park", point=(43.25, 76.9))
    assert [s.place_id for s in view.shapes if s.highlighted] == ["gandhi-park"]
    assert (view.point.lat, view.point.lon) == (43.25, 76.9)


def test_prohibited_objects_carry_the_buffer_of_the_rules(law):
    view_2021 = map_view(law.at(date(2021, 5, 20)), "en", prohibited=True)
    view_2025 = map_view(law.at(date(2025, 5, 20)), "en", prohibited=True)
    assert view_2021.buffer_m == 150 and view_2025.buffer_m == 400
    assert view_2021.prohibited and all(z.r > 0 for z in view_2021.prohibited)
    assert "Almaty-1 railway station" in {z.name for z in view_2021.prohibited}


def test_holes_and_several_parts_are_drawn(rules_2021):
    square = Polygon([(76.90, 43.24), (76.91, 43.24), (76.91, 43.25), (76.90, 43.25)],
                     [[(76.903, 43.243), (76.906, 43.243), (76.906, 43.246)]])
    far = Polygon([(76.95, 43.20), (76.96, 43.20), (76.96, 43.21)])
    place = dataclasses.replace(rules_2021.places["gandhi-park"],
                                shape=Shape.of(MultiPolygon([square, far])))
    rules = dataclasses.replace(rules_2021, places={"gandhi-park": place})
    [shape] = map_view(rules, "en").shapes
    assert shape.path.count("M") == 3 and shape.path.count("Z") == 3


def test_a_map_with_nothing_in_force_is_empty_not_an_error(rules_2021):
    view = map_view(dataclasses.replace(rules_2021, places={}), "en")
    assert view.shapes == () and view.point is None and view.width > 0
