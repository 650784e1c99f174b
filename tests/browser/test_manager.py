"""A manager reads the 2021 demo's dashboard: the published totals, charts and the CSV."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from assembly.demo import ACCOUNTS
from tests.browser.portal import exactly, heading, sign_in, tr

pytestmark = pytest.mark.browser

# LAW.md §9: Almaty in 2021.
PUBLISHED_2021 = {"Received": "196", "Approved": "57", "Refused": "130", "Withdrawn": "9",
                  "Pending": "0", "Unsanctioned events": "211"}


def total(page: Page, lang: str, msgid: str):  # type: ignore[no-untyped-def]
    """The figure shown under a total's name in the dashboard's list of totals."""
    term = page.locator("dt").filter(has_text=exactly(tr(lang, msgid)))
    return page.locator("main dl > div").filter(has=term).locator("dd")


def test_a_manager_opens_the_2021_dashboard_of_the_demo_and_sees_the_published_totals(
    demo_server, new_page, journey, clock_at
):
    clock_at("2022-01-10T10:00:00+06:00")  # a year later: 2022 has no data yet
    email, password, _, lang = ACCOUNTS["manager"]
    steps = journey("manager-dashboard-2021")
    page = new_page(locale="ru-RU")
    sign_in(page, demo_server.url, email, password, lang="ru")
    expect(page.locator("html")).to_have_attribute("lang", lang)

    page.get_by_label(tr(lang, "Year")).select_option("2021")
    page.get_by_role("button", name=exactly(tr(lang, "Show"))).click()
    expect(heading(page)).to_have_text(
        tr(lang, "Notices of peaceful assemblies in %(year)s", year=2021))
    for msgid, figure in PUBLISHED_2021.items():
        expect(total(page, lang, msgid)).to_have_text(figure)
    expect(page.locator("main svg[role=img]").first).to_be_visible()
    steps.step(page, "totals")

    with page.expect_download() as download:
        page.get_by_role("link", name=tr(lang, "Download the report as CSV")).click()
    csv = download.value.path().read_text(encoding="utf-8-sig")
    assert "196" in csv and "211" in csv

    page.get_by_role("link", name=tr(lang, "Compare the years")).click()
    expect(page.locator("main")).to_contain_text("196")
    steps.step(page, "years")
    steps.assert_accessible()
