"""The managers' routes: the dashboard of a year, the years compared, the exports."""

from __future__ import annotations

from flask import Response, render_template, request
from flask.typing import ResponseReturnValue
from flask_babel import lazy_gettext
from wtforms import Form, SelectField

from assembly import clock
from assembly.errors import FieldError
from assembly.i18n import FIELD_ERROR_MESSAGES, N_, field_error_message
from assembly.services.law import default_law
from assembly.services.reports import yearly_report, yearly_reports, years_with_data
from assembly.web import database
from assembly.web.access import roles_required
from assembly.web.forms import apply_errors
from assembly.web.locale import current_language
from assembly.web.manager import bp, exports
from assembly.web.manager.figures import (
    TOTALS,
    YEAR_MAX,
    YEAR_MIN,
    ReportView,
    report_view,
)
from assembly.web.manager.panels import dashboard_charts, number, percent, years_charts
from assembly.web.parsing import whole_number

FIELD_ERROR_MESSAGES["year.out_of_range"] = N_("Choose a year from %(min)s to %(max)s.")


class YearForm(Form):
    """The year to show (`?year=`): a GET form, no CSRF token needed."""

    year = SelectField(lazy_gettext("Year"), choices=[], validate_choice=False)


def _this_year() -> int:
    return default_law().calendar.local_date(clock.now()).year


def default_year(years: list[int], this_year: int) -> int:
    """The last complete year with data (this year's totals are still growing); else the
    latest year with data; else this year."""
    complete = [y for y in years if y < this_year]
    return complete[0] if complete else years[0] if years else this_year


def chosen_year() -> tuple[int, list[int], list[FieldError]]:
    """The year asked for (default: the last complete year with data), the years with data."""
    years = years_with_data(database.report_session())
    default = default_year(years, _this_year())
    text = (request.args.get("year") or "").strip()
    if not text:
        return default, years, []
    try:
        year = whole_number(text, YEAR_MIN, YEAR_MAX)
    except ValueError:
        year = 0
    if not YEAR_MIN <= year <= YEAR_MAX:
        return default, years, [FieldError("year", "out_of_range",
                                           {"min": YEAR_MIN, "max": YEAR_MAX})]
    return year, years, []


def year_choices(years: list[int], year: int) -> list[tuple[str, str]]:
    """The years to choose from: those with data, this one and the one shown."""
    return [(str(y), str(y)) for y in sorted({*years, _this_year(), year}, reverse=True)]


def _view(year: int) -> ReportView:
    report = yearly_report(database.report_session(), year)
    return report_view(report, default_law(), current_language())


@bp.get("/")
@roles_required("manager", "admin")
def dashboard() -> ResponseReturnValue:
    """The totals and breakdowns of a year (`?year=`), with charts and tables."""
    year, years, errors = chosen_year()
    form = YearForm(request.args)
    form.year.choices = year_choices(years, year)
    form.year.data = str(year)
    apply_errors(form, errors)
    view = _view(year)
    return render_template(
        "manager/dashboard.html", form=form, view=view, charts=dashboard_charts(view),
        number=number, percent=percent,
    ), 422 if errors else 200


@bp.get("/years")
@roles_required("manager", "admin")
def years() -> ResponseReturnValue:
    """Every year from the first with data to the latest side by side (a year without
    data shows zeros): the six totals, and charts of them."""
    session = database.report_session()
    found = years_with_data(session)
    span = range(max(found), min(found) - 1, -1) if found else range(0)
    reports = yearly_reports(session, span)
    return render_template(
        "manager/years.html", reports=reports, charts=years_charts(reports) if reports else {},
        totals=TOTALS, number=number,
    )


def _export(extension: str) -> ResponseReturnValue:
    year, _, errors = chosen_year()
    if errors:
        lang = current_language()
        text = "\n".join(f"{e.field}: {field_error_message(e, lang)}" for e in errors)
        return Response(text + "\n", status=422, mimetype="text/plain")
    view = _view(year)
    if extension == "csv":
        body, content_type = exports.to_csv(view), "text/csv; charset=utf-8"
    else:
        body, content_type = exports.to_xlsx(view), exports.XLSX_MIME
    disposition = f'attachment; filename="{exports.filename(year, extension)}"'
    return Response(body, content_type=content_type,
                    headers={"Content-Disposition": disposition})


@bp.get("/report.csv")
@roles_required("manager", "admin")
def export_csv() -> ResponseReturnValue:
    """The year's report as CSV (UTF-8 with a BOM, for Excel)."""
    return _export("csv")


@bp.get("/report.xlsx")
@roles_required("manager", "admin")
def export_xlsx() -> ResponseReturnValue:
    """The year's report as an XLSX workbook, a worksheet per breakdown."""
    return _export("xlsx")
