"""The managers' pages and exports on the 2021 demo: the published totals, every breakdown."""

from __future__ import annotations

import csv
import io
import re
import uuid
import xml.etree.ElementTree as ET
import zipfile

import pytest
from sqlalchemy.orm import Session

from tests.web.conftest import html

PUBLISHED = {"received": 196, "approved": 57, "refused": 130, "withdrawn": 9, "lapsed": 0,
             "pending": 0, "unsanctioned_events": 211}
MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def session(demo_session: Session) -> Session:
    """The tests of this module read the loaded demo (shadows the emptying session)."""
    return demo_session


@pytest.fixture
def manager(client, login):  # type: ignore[no-untyped-def]
    """A client signed in as a manager (a fresh e-mail: the demo's tables stay)."""
    login(client, "manager", email=f"manager-{uuid.uuid4().hex[:8]}@example.kz")
    return client


def shown_totals(page: str) -> dict[str, int]:
    """The big figures of the dashboard, by total."""
    found = re.findall(r'data-total="(\w+)"[^>]*>([\d\s]+)<', page)
    return {key: int(re.sub(r"\s", "", value)) for key, value in found}


def csv_sections(data: bytes) -> dict[str, list[list[str]]]:
    """The CSV's tables by title: each follows a blank line, its title, then its header."""
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    sections: dict[str, list[list[str]]] = {}
    for i, row in enumerate(rows):
        if not row and i + 1 < len(rows):
            title = rows[i + 1][0]
            sections[title] = []
        elif sections and row and rows[i - 1]:
            sections[title].append(row)
    return sections


def read_xlsx(data: bytes) -> dict[str, list[list[str]]]:
    """Each worksheet's rows as text, read from the XML parts (no spreadsheet library)."""
    book = zipfile.ZipFile(io.BytesIO(data))
    strings = [
        "".join(t.text or "" for t in si.iter(f"{MAIN}t"))
        for si in ET.fromstring(book.read("xl/sharedStrings.xml")).iter(f"{MAIN}si")
    ]
    names = [s.get("name") for s in ET.fromstring(book.read("xl/workbook.xml")).iter(
        f"{MAIN}sheet")]
    sheets = {}
    for number, name in enumerate(names, start=1):
        root = ET.fromstring(book.read(f"xl/worksheets/sheet{number}.xml"))
        rows = []
        for row in root.iter(f"{MAIN}row"):
            cells = []
            for cell in row.iter(f"{MAIN}c"):
                value = cell.findtext(f"{MAIN}v") or ""
                cells.append(strings[int(value)] if cell.get("t") == "s" else value)
            rows.append(cells)
        sheets[str(name)] = rows
    return sheets


def test_the_dashboard_shows_the_published_2021_totals_as_big_figures(manager):
    response = manager.get("/manager/?year=2021")
    assert response.status_code == 200
    assert shown_totals(html(response)) == PUBLISHED


def test_without_a_year_the_dashboard_shows_the_latest_year_with_data(manager, now):
    now("2025-03-01T10:00:00+05:00")
    page = html(manager.get("/manager/?lang=en"))
    assert "Notices of peaceful assemblies in 2021" in page
    assert shown_totals(page)["received"] == 196


def test_every_chart_is_valid_svg_with_a_title_and_a_table_of_the_same_figures(manager):
    page = html(manager.get("/manager/?year=2021&lang=en"))
    svgs = re.findall(r"<svg.*?</svg>", page, flags=re.S)
    titles = [ET.fromstring(svg).findtext(f"{SVG}title") for svg in svgs]
    assert titles == [
        "Notices by month of registration, 2021",
        "How the approved notices went ahead, 2021",
        "Notices by form of assembly, 2021",
        "Notices by place, 2021",
        "Refusals by ground of Art. 14(1), 2021",
        "Decisions taken on time, 2021",
    ]
    assert page.count('<table class="data-table report-table reflow"') == len(svgs)


def test_the_breakdowns_name_forms_places_and_grounds_as_the_rules_do(manager):
    page = html(manager.get("/manager/?year=2021&lang=ru"))
    assert "Январь" in page and "Митинг" in page
    assert "Сквер за кинотеатром «Сары-Арка»" in page
    # Art. 14(1)(4), late filing, cited in 34 refusals; cited as Russian lawyers do.
    assert re.search(r"подп\. 4\) п\. 1 ст\. 14</td>\s*<th scope=\"row\">"
                     r"если организатором мирного собрания нарушены сроки подачи"
                     r"[^<]*</th>\s*<td class=\"numeric\" data-label=\"[^\"]*\">34<", page)
    assert "согласовано с ограничениями" in page
    assert "98,9 %" in page or "98,9%" in page  # 174 of 176 decisions on time


def test_the_dashboard_reads_in_kazakh(manager):
    page = html(manager.get("/manager/?year=2021&lang=kk"))
    assert "2021 жылғы бейбіт жиналыстар туралы хабарламалар" in page
    assert "Қаңтар" in page and shown_totals(page) == PUBLISHED


def test_the_csv_export_holds_the_totals_and_every_breakdown_for_excel(manager):
    response = manager.get("/manager/report.csv?year=2021&lang=en")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="assembly-report-2021.csv"')
    assert response.mimetype == "text/csv"
    assert response.data.startswith(b"\xef\xbb\xbf")  # the BOM: Excel reads UTF-8
    sections = csv_sections(response.data)
    assert list(sections) == ["Totals", "By month", "Approved by kind", "By form", "By place",
                              "Refusals by ground", "Timeliness"]
    assert sections["Totals"][0] == ["Code", "Indicator", "Count"]
    assert {row[0]: int(row[2]) for row in sections["Totals"][1:]} == PUBLISHED
    assert ["14.1.4", "Art. 14(1)(4)", "if the organizer has violated the deadlines for "
            "notification or applications for approval established by Articles 10 and 12",
            "34"] in sections["Refusals by ground"]
    assert ["1", "January", "16", "3", "12", "1", "0", "0"] in sections["By month"]
    assert ["decided_on_time", "Decided on time", "174"] in sections["Timeliness"]


def test_the_xlsx_export_has_a_sheet_per_breakdown_with_the_published_totals(manager):
    response = manager.get("/manager/report.xlsx?year=2021&lang=en")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="assembly-report-2021.xlsx"')
    sheets = read_xlsx(response.data)
    assert list(sheets) == ["Totals", "By month", "Approved by kind", "By form", "By place",
                            "Refusals by ground", "Timeliness"]
    assert {row[0]: int(row[2]) for row in sheets["Totals"][1:]} == PUBLISHED
    assert sheets["Approved by kind"][1:] == [
        ["approved", "approved as filed", "22"],
        ["approve_restricted", "approved with restrictions", "10"],
        ["deemed_accepted", "deemed accepted without an answer in time", "15"],
        ["change_accepted", "another place or time proposed and accepted", "10"],
    ]
    assert len(sheets["By month"]) == 13
    assert sum(int(row[2]) for row in sheets["By form"][1:]) == 196


def test_the_years_compared_list_2021_with_its_totals_and_a_chart(manager):
    page = html(manager.get("/manager/years?lang=en"))
    row = re.search(r'<a href="/manager/\?year=2021">2021</a></th>(.*?)</tr>', page, re.S)
    assert row is not None
    assert shown_totals(row.group(1)) == PUBLISHED
    svg = re.search(r"<svg.*?</svg>", page, flags=re.S)
    assert svg and ET.fromstring(svg.group(0)).findtext(f"{SVG}title") == (
        "Notices received each year, by outcome")


def test_the_what_if_page_shows_what_the_2025_rules_would_change_in_2021(manager, session):
    from sqlalchemy import func, select

    from assembly.models import NoticeEvent

    events = session.scalar(select(func.count()).select_from(NoticeEvent))
    session.rollback()
    response = manager.get("/manager/whatif?year=2021&rules_on=2025-06-01&lang=en")
    assert response.status_code == 200
    page = html(response)
    totals = shown_totals(page)
    assert totals["notices"] == 196 and 0 < totals["refusals"] <= 130
    assert "Shokan Ualikhanov Square" in page and "not_a_special_place" in page
    assert "it would need a prior proposal of another place or time" in page
    kk = html(manager.get("/manager/whatif?year=2021&rules_on=2025-06-01&lang=kk"))
    assert "алдымен басқа орын немесе уақыт ұсынылуы қажет болар еді" in kk
    assert session.scalar(select(func.count()).select_from(NoticeEvent)) == events


@pytest.mark.parametrize(
    ("query", "message"),
    [("rules_on=2019-01-01", "No rules for assemblies are in force on this date."),
     ("rules_on=soon", "rules_on"), ("year=1999", "Choose a year from 2000 to 2100.")],
)
def test_the_what_if_page_explains_a_date_or_year_it_cannot_replay(manager, query, message):
    response = manager.get(f"/manager/whatif?{query}&lang=en")
    assert response.status_code == 422
    summary = html(response).split('class="error-summary"', 1)[1].split("</div>", 1)[0]
    assert message in summary
