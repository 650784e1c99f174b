"""The charts of the managers' pages, titled and described in the page's language.

Each chart is drawn by `assembly.web.charts` from a `ReportView` (or the yearly totals of
several years); the template shows the same figures in a table under each one.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from flask_babel import format_decimal, format_percent, gettext
from markupsafe import Markup

from assembly.web import charts
from assembly.web.manager.figures import OUTCOMES, TOTALS, ReportView, Row

PERCENT = "#,##0.#%"


def number(value: float) -> str:
    """A count in the page's locale (1 234 in Russian, 1,234 in English)."""
    return str(format_decimal(value))


def percent(share: float | None) -> str:
    """A share as a percentage in the page's locale; a dash without decisions."""
    return "—" if share is None else str(format_percent(share, PERCENT))


def _series(columns: Sequence[dict[str, Any]]) -> list[charts.Series]:
    return [charts.Series(k, gettext(TOTALS[k]), tuple(c[k] for c in columns))
            for k in OUTCOMES]


def _bars(chart_id: str, title: str, desc: str, rows: list[Row], key: str = "value",
          with_note: bool = False) -> Markup:
    pairs = [(f"{row.note}: {row.label}" if with_note and row.note else row.label, row.value)
             for row in rows]
    return charts.horizontal_bars(chart_id, title, desc, pairs, number, key)


def dashboard_charts(view: ReportView) -> dict[str, Markup]:
    """The charts of one year: months, kinds of approval, forms, places, grounds, timeliness."""
    year = view.year
    table_below = gettext("The same figures are in the table below the chart.")
    rate = view.on_time_rate
    return {
        "months": charts.stacked_columns(
            "chart-months", gettext("Notices by month of registration, %(year)s", year=year),
            gettext("Columns for each month, split into approved, refused, withdrawn, "
                    "lapsed and pending notices.") + " " + table_below,
            [m.short for m in view.months], _series([m.counts for m in view.months]), number),
        "approved": _bars(
            "chart-approved", gettext("How the approved notices went ahead, %(year)s",
                                      year=year),
            gettext("Bars for each kind of approval.") + " " + table_below,
            view.approved, "approved"),
        "forms": _bars(
            "chart-forms", gettext("Notices by form of assembly, %(year)s", year=year),
            gettext("Bars for each form of assembly.") + " " + table_below, view.forms),
        "places": _bars(
            "chart-places", gettext("Notices by place, %(year)s", year=year),
            gettext("Bars for each special place, route, or a point elsewhere.") + " "
            + table_below, view.places),
        "grounds": _bars(
            "chart-grounds", gettext("Refusals by ground of Art. 14(1), %(year)s", year=year),
            gettext("Bars for each ground cited, with its article.") + " " + table_below,
            view.grounds, "refused", with_note=True),
        "timeliness": charts.donut(
            "chart-timeliness", gettext("Decisions taken on time, %(year)s", year=year),
            gettext("A ring split into decisions taken within the review period and late "
                    "ones; in the middle, the share taken on time.") + " " + table_below,
            [("approved", view.timeliness[0].label, view.timeliness[0].value),
             ("late", view.timeliness[1].label, view.timeliness[1].value)],
            percent(rate), number),
    }


def years_charts(reports: Sequence[dict[str, Any]]) -> dict[str, Markup]:
    """The charts comparing years: notices by outcome, and unsanctioned events."""
    ordered = sorted(reports, key=lambda r: r["year"])
    labels = [str(r["year"]) for r in ordered]
    table_below = gettext("The same figures are in the table below the chart.")
    return {
        "notices": charts.stacked_columns(
            "chart-years", gettext("Notices received each year, by outcome"),
            gettext("Columns for each year, split into approved, refused, withdrawn, "
                    "lapsed and pending notices.") + " " + table_below,
            labels, _series(ordered), number),
        "unsanctioned": charts.columns(
            "chart-unsanctioned", gettext("Unsanctioned events each year"),
            gettext("A column for each year.") + " " + table_below,
            [(label, r["unsanctioned_events"]) for label, r in zip(labels, ordered,
                                                                   strict=True)],
            number, "unsanctioned"),
    }
