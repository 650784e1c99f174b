"""The charts: valid, accessible inline SVG whose shapes are proportional to the figures."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from markupsafe import Markup

from assembly.web import charts

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: Markup) -> ET.Element:
    """The chart as XML (fails on anything a browser's SVG parser would reject)."""
    return ET.fromstring(str(svg))


def rects(root: ET.Element, key: str) -> list[ET.Element]:
    """The bars of a series (legend swatches have no title of their own)."""
    return [r for r in root.iter(f"{SVG}rect")
            if r.get("class") == f"chart-{key}" and r.find(f"{SVG}title") is not None]


def months_chart() -> Markup:
    series = [
        charts.Series("approved", "Approved", (2, 3, 0)),
        charts.Series("refused", "Refused", (12, 10, 0)),
        charts.Series("withdrawn", "Withdrawn", (1, 1, 0)),
        charts.Series("pending", "Pending", (0, 0, 0)),
    ]
    return charts.stacked_columns("months", "Notices by month", "Columns per month.",
                                  ["Jan", "Feb", "Mar"], series)


def every_chart() -> list[Markup]:
    return [
        months_chart(),
        charts.columns("years", "Unsanctioned events", "A column a year.",
                       [("2021", 211), ("2022", 150)]),
        charts.horizontal_bars("forms", "By form", "A bar a form.",
                               [("Rally", 79), ("Picket", 45)]),
        charts.donut("timely", "On time", "A ring.",
                     [("approved", "On time", 174), ("late", "Late", 2)], "98.9%"),
    ]


@pytest.mark.parametrize("svg", every_chart(), ids=["stacked", "columns", "bars", "donut"])
def test_every_chart_is_an_svg_image_named_by_its_title_and_description(svg):
    root = parse(svg)
    assert root.tag == f"{SVG}svg" and root.get("role") == "img"
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title is not None and title.text and desc is not None and desc.text
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert "style" not in str(svg)  # the CSP forbids inline styles


def test_stacked_columns_are_as_tall_as_their_share_of_the_axis():
    root = parse(months_chart())
    refused = [float(r.get("height")) for r in rects(root, "refused")]
    approved = [float(r.get("height")) for r in rects(root, "approved")]
    assert refused[0] / approved[0] == pytest.approx(12 / 2, rel=1e-2)
    assert refused[1] / approved[1] == pytest.approx(10 / 3, rel=1e-2)
    # Empty layers are not drawn: March has nothing, and nothing is pending.
    assert len(refused) == 2 and not rects(root, "pending")


def test_each_column_shows_its_total_and_each_layer_its_value_on_hover():
    root = parse(months_chart())
    totals = [t.text for t in root.iter(f"{SVG}text") if t.get("class") == "chart-total"]
    assert totals == ["15", "14", "0"]
    tips = [r.find(f"{SVG}title").text for r in rects(root, "refused")]
    assert tips == ["Jan: Refused 12", "Feb: Refused 10"]


def test_the_longest_horizontal_bar_spans_the_plot_and_the_others_in_proportion():
    root = parse(charts.horizontal_bars("b", "t", "d", [("A", 80), ("B", 20), ("C", 0)]))
    widths = [float(r.get("width")) for r in rects(root, "value")]
    assert widths[0] == pytest.approx(4 * widths[1]) and widths[2] == 0


def test_numbers_are_written_by_the_callers_formatter():
    svg = charts.horizontal_bars("b", "t", "d", [("A", 1234)], fmt=lambda n: f"{n:,.0f}")
    assert "1,234" in str(svg)


def test_labels_are_escaped_so_that_text_cannot_break_the_drawing():
    svg = charts.horizontal_bars("b", "<b>&", "d", [("<script>alert(1)</script> & co", 3)])
    root = parse(svg)
    assert root.find(f"{SVG}title").text == "<b>&"
    assert "<script>" not in str(svg)


def test_a_long_label_is_wrapped_onto_lines_and_cut_with_an_ellipsis_after_three():
    lines = charts.wrap("word " * 100, 300)
    assert len(lines) == 3 and lines[-1].endswith("…")
    assert all(len(line) * charts.CHAR_WIDTH <= 300 for line in lines)


def test_the_ring_splits_in_proportion_and_reads_the_share_in_its_middle():
    root = parse(charts.donut("d", "t", "d", [("approved", "On time", 3), ("late", "Late", 1)],
                              "75%"))
    arcs = [c for c in root.iter(f"{SVG}circle") if c.get("stroke-dasharray")]
    lengths = [float(c.get("stroke-dasharray").split()[0]) for c in arcs]
    assert lengths[0] == pytest.approx(3 * lengths[1], rel=1e-3)
    assert any(t.text == "75%" for t in root.iter(f"{SVG}text"))


def test_charts_of_nothing_still_draw_an_empty_axis_or_ring():
    for svg in (charts.columns("c", "t", "d", []),
                charts.horizontal_bars("h", "t", "d", []),
                charts.donut("r", "t", "d", [("approved", "On time", 0)], "—")):
        assert parse(svg).get("role") == "img"


@pytest.mark.parametrize(
    ("largest", "step", "steps"),
    [(0, 1, 1), (4, 1, 4), (15, 5, 3), (57, 20, 3), (196, 50, 4), (211, 50, 5), (1234, 500, 3)],
)
def test_the_axis_counts_in_round_steps_up_to_the_largest_figure(largest, step, steps):
    assert charts.axis_steps(largest) == (step, steps)
    assert step * steps >= largest
