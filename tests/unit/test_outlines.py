"""The map's buffers drawn in a child process are those drawn in-process (issue 16.2)."""

from __future__ import annotations

from datetime import date

import pytest
from shapely.geometry import mapping, shape

from assembly.apart import ApartFailed
from assembly.notices import outlines
from assembly.notices.geography import buffer_outline
from assembly.services.law import default_law


@pytest.mark.parametrize("on", [date(2021, 5, 20), date(2026, 5, 20)])
def test_the_outlines_drawn_apart_are_the_buffers_drawn_in_process(on):
    rules = default_law().at(on)
    shapes = [obj.shape.geojson for obj in rules.prohibited]

    drawn = outlines.buffer_outlines(shapes, rules.picket_buffer_m)

    assert len(drawn) == len(shapes) > 0
    for geojson, outline in zip(shapes, drawn, strict=True):
        expected = buffer_outline(shape(geojson), rules.picket_buffer_m)
        assert shape(outline).equals_exact(expected, 1e-12), mapping(expected)
        assert shape(outline).contains(shape(geojson))


def test_the_same_shapes_and_distance_are_drawn_once(monkeypatch):
    rules = default_law().at(date(2026, 5, 20))
    shapes = [obj.shape.geojson for obj in rules.prohibited]
    outlines._outlines.cache_clear()
    calls = []
    real = outlines.run_module
    monkeypatch.setattr(outlines, "run_module", lambda *a: calls.append(a) or real(*a))

    first = outlines.buffer_outlines(shapes, 400.0)
    again = outlines.buffer_outlines(shapes, 400.0)
    wider = outlines.buffer_outlines(shapes, 800.0)

    assert first == again != wider
    assert len(calls) == 2


def test_a_shape_the_child_cannot_read_raises_apart_failed():
    with pytest.raises(ApartFailed):
        outlines.buffer_outlines([{"type": "Polygon", "coordinates": "not a ring"}], 100.0)
