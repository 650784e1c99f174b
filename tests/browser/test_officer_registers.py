"""An officer pages through the 2021 demo's registers on a phone (issue 15.7, 15.10):
deliveries and unsanctioned events come the latest first, a page at a time, with their
counts; axe-core finds nothing serious or critical on any page."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from assembly.demo import ACCOUNTS
from tests.browser.portal import heading, sign_in, tr

pytestmark = pytest.mark.browser


def pager(page, lang: str, number: int, pages: int):  # type: ignore[no-untyped-def]
    """The pager's "Page N of M", in the page's language."""
    return page.get_by_role("navigation", name=tr(lang, "Pages")).get_by_text(
        tr(lang, "Page %(page)s of %(pages)s", page=number, pages=pages))


def test_an_officer_pages_through_deliveries_and_unsanctioned_events_latest_first(
    demo_server, new_page, journey, clock_at
):
    clock_at("2021-12-31T10:00:00+06:00")
    email, password, _, lang = ACCOUNTS["officer"]
    steps = journey("officer-registers")
    page = new_page(phone=True, locale="ru-RU")
    sign_in(page, demo_server.url, email, password, lang=lang)

    page.goto(demo_server("/officer/unsanctioned?year=2021"))
    expect(heading(page)).to_have_text(tr(lang, "Unsanctioned events in %(year)s",
                                          year=2021))
    expect(page.locator("main")).to_contain_text(tr(lang, "Events logged: %(count)s.",
                                                    count=211))
    rows = page.locator("table.data-table tbody tr")
    pages = -(-211 // rows.count())
    expect(pager(page, lang, 1, pages)).to_be_visible()
    first = rows.first.inner_text()
    steps.step(page, "unsanctioned-page-1")
    page.get_by_role("link", name=tr(lang, "Next page")).click()
    expect(pager(page, lang, 2, pages)).to_be_visible()
    expect(rows.first).not_to_have_text(first)
    steps.step(page, "unsanctioned-page-2")
    page.get_by_role("link", name=tr(lang, "Previous page")).click()
    expect(pager(page, lang, 1, pages)).to_be_visible()
    expect(rows.first).to_have_text(first)

    page.goto(demo_server("/officer/deliveries"))
    expect(heading(page)).to_have_text(tr(lang, "Decisions to deliver"))
    steps.step(page, "deliveries")
    if page.get_by_role("link", name=tr(lang, "Next page")).count():
        page.get_by_role("link", name=tr(lang, "Next page")).click()
        expect(page.get_by_role("navigation", name=tr(lang, "Pages"))).to_contain_text(
            tr(lang, "Previous page"))
        steps.step(page, "deliveries-page-2")
    steps.assert_accessible()
