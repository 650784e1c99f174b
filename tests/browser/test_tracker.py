"""Status a citizen understands, on a 390x844 phone (issue 15.4 and 15.6): a rally checked
signed out, "File this notice" through signing in into a draft, filed from its review to
the confirmation panel, then followed on its tracker and on the citizen's home; each step
screenshot and checked with axe-core (no serious or critical violation)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.liveserver import PASSWORD
from tests.browser.portal import exactly, fill_rally_at_sary_arka, heading

pytestmark = pytest.mark.browser

REFERENCE = re.compile(r"ALA-2021-\d{6}")


def test_a_checked_rally_is_filed_confirmed_and_tracked_on_a_phone(
    live_server, new_page, journey, clock_at
):
    clock_at("2021-05-14T10:00:00+06:00")  # Fri: the rally of Mon 24 May is still timely
    citizen = live_server.create_user("citizen", language="en", full_name="Айгерим Сапарова")
    steps = journey("tracker")
    page = new_page(phone=True)

    page.goto(live_server("/precheck?lang=en"))
    fill_rally_at_sary_arka(page, day="2021-05-24")
    page.get_by_role("button", name=exactly("Check")).click()
    result = page.get_by_role("region", name="Result of the check")
    expect(result).to_contain_text("No problem found.")
    steps.step(page, "precheck")
    result.get_by_role("button", name="File this notice").click()

    expect(heading(page)).to_have_text("Sign in")  # signed out: sign in, then back
    page.get_by_label("E-mail").fill(citizen.email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.locator("main").get_by_role("button", name=exactly("Sign in")).click()
    expect(heading(page)).to_have_text("File the notice you checked")
    steps.step(page, "answers-kept")
    page.get_by_role("button", name="Continue with these answers").click()

    expect(heading(page)).to_have_text("Check and file")  # every answer came along
    steps.step(page, "review")
    page.get_by_role("button", name="File the notice").click()

    expect(heading(page)).to_have_text("Your notice is filed")
    reference_text = page.locator("[data-reference]")
    expect(reference_text).to_have_text(REFERENCE)
    assert float(reference_text.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")) >= 24
    due = page.locator("[data-answer-due]")
    expect(due).to_contain_text("Answer due by May 19, 2021")
    expect(due).to_contain_text("days left: 5 (working days: 3)")
    expect(page.get_by_role("heading", name="What happens next")).to_be_visible()
    expect(page.get_by_role("link", name="File another notice")).to_be_visible()
    steps.step(page, "confirmation")
    reference = reference_text.inner_text()

    page.get_by_role("link", name="See the notice").click()
    expect(heading(page)).to_have_text(f"Notice {reference}")
    tracker = page.get_by_role("list", name=f"Progress of notice {reference}")
    items = tracker.get_by_role("listitem")
    expect(items).to_have_count(4)
    expect(items.nth(0)).to_contain_text("Done: Registered on May 14, 2021")
    expect(items.nth(1)).to_contain_text("Now: The akimat's answer is due by May 19, 2021")
    expect(items.nth(1)).to_have_attribute("aria-current", "step")
    expect(items.nth(2)).to_contain_text("Next: Decision")
    expect(items.nth(3)).to_contain_text("Next: The day of the assembly: May 24, 2021")
    steps.step(page, "notice-tracker")

    page.goto(live_server("/"))
    expect(heading(page)).to_have_text("Your notices")
    expect(page.get_by_role("link", name=exactly("File a notice")).last).to_be_visible()
    expect(page.get_by_role("list", name=f"Progress of notice {reference}")).to_be_visible()
    steps.step(page, "home")
    steps.assert_accessible()
