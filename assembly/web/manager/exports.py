"""The yearly report as files: CSV (UTF-8 with a BOM, for Excel) and XLSX (a sheet a table).

Both are made from the same tables (`report_tables`): the totals, then every breakdown of
API.md's YearlyReport, each with the ids beside their names so that a spreadsheet can be
joined with the API's JSON. Files are built in memory; nothing touches the disk.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from io import BytesIO, StringIO
from typing import Any

from assembly import clock
from assembly.i18n import N_, gettext
from assembly.web.manager.figures import OUTCOMES, TOTALS, ReportView, Row

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHEET_NAME_MAX = 31  # Excel's limit
_NOT_IN_SHEET_NAMES = re.compile(r"[\[\]:*?/\\]")


@dataclass(frozen=True)
class Table:
    """One part of the report: a title (the sheet's name), a header row, the rows."""

    key: str
    title: str
    header: tuple[str, ...]
    rows: list[tuple[Any, ...]]


def _rows(rows: list[Row]) -> list[tuple[Any, ...]]:
    return [(row.key, row.label, row.value) for row in rows]


def report_tables(view: ReportView) -> list[Table]:
    """The totals and every breakdown of the year, headed in the view's language."""

    def _(msgid: str) -> str:
        return gettext(msgid, view.lang)

    code, count = _(N_("Code")), _(N_("Count"))
    return [
        Table("totals", _(N_("Totals")), (code, _(N_("Indicator")), count),
              _rows(view.totals)),
        Table("by_month", _(N_("By month")),
              (_(N_("Month")), _(N_("Name")), *(_(TOTALS[k]) for k in ("received", *OUTCOMES))),
              [(m.month, m.name, *(m.counts[k] for k in ("received", *OUTCOMES)))
               for m in view.months]),
        Table("approved", _(N_("Approved by kind")), (code, _(N_("Kind")), count),
              _rows(view.approved)),
        Table("by_form", _(N_("By form")), (code, _(N_("Form")), count), _rows(view.forms)),
        Table("by_place", _(N_("By place")), (code, _(N_("Place")), count),
              _rows(view.places)),
        Table("refused_by_ground", _(N_("Refusals by ground")),
              (code, _(N_("Article")), _(N_("Ground")), count),
              [(row.key, row.note, row.label, row.value) for row in view.grounds]),
        Table("timeliness", _(N_("Timeliness")), (code, _(N_("Decisions")), count),
              _rows(view.timeliness)),
    ]


def report_title(view: ReportView) -> str:
    """The heading of the files, e.g. "Notices of peaceful assemblies in 2021"."""
    return gettext(N_("Notices of peaceful assemblies in %(year)s"), view.lang, year=view.year)


def filename(year: int, extension: str) -> str:
    """The name the browser saves the file under."""
    return f"assembly-report-{year}.{extension}"


def to_csv(view: ReportView) -> bytes:
    """One CSV file: the title, then each table under its title, a blank line between them."""
    out = StringIO()
    writer = csv.writer(out)
    writer.writerow((report_title(view),))
    for table in report_tables(view):
        writer.writerow(())
        writer.writerow((table.title,))
        writer.writerow(table.header)
        writer.writerows(table.rows)
    # The BOM tells Excel the file is UTF-8 (Kazakh and Russian letters).
    return out.getvalue().encode("utf-8-sig")


def sheet_name(title: str, taken: set[str]) -> str:
    """A title shortened and cleaned to be a valid, unique worksheet name."""
    name = _NOT_IN_SHEET_NAMES.sub(" ", title).strip()[:SHEET_NAME_MAX] or "Sheet"
    base, n = name, 2
    while name.lower() in taken:
        suffix = f" {n}"
        name, n = base[: SHEET_NAME_MAX - len(suffix)] + suffix, n + 1
    taken.add(name.lower())
    return name


def to_xlsx(view: ReportView) -> bytes:
    """One workbook, a worksheet per table: a bold frozen header, numbers as numbers."""
    buffer = BytesIO()
    import xlsxwriter  # only an XLSX export needs it: not loaded by every worker

    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    workbook.set_properties({"title": report_title(view), "created": clock.now()})
    bold = workbook.add_format({"bold": True})
    taken: set[str] = set()
    for table in report_tables(view):
        sheet = workbook.add_worksheet(sheet_name(table.title, taken))
        sheet.write_row(0, 0, table.header, bold)
        for r, row in enumerate(table.rows, start=1):
            sheet.write_row(r, 0, row)
        sheet.freeze_panes(1, 0)
        for c, head in enumerate(table.header):
            longest = max([len(str(head)), *(len(str(row[c])) for row in table.rows)])
            sheet.set_column(c, c, min(max(longest + 2, 8), 80))
    workbook.close()
    return buffer.getvalue()
