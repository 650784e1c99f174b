"""A citizen on a phone: files a rally through the wizard, then withdraws it in writing."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.portal import (
    ORGANIZER_IIN,
    exactly,
    fill_date,
    heading,
    main_menu,
    sign_in,
)

pytestmark = pytest.mark.browser

REFERENCE = re.compile(r"ALA-2021-\d{6}")


def save_and_continue(page) -> None:  # type: ignore[no-untyped-def]
    page.get_by_role("button", name="Save and continue").click()


def test_a_citizen_on_a_phone_files_a_rally_at_sary_arka_and_then_withdraws_it(
    live_server, new_page, journey, clock_at
):
    clock_at("2021-05-10T10:00:00+06:00")  # ten days before the rally: in time
    citizen = live_server.create_user("citizen", language="en", full_name="Айгерим Сапарова")
    steps = journey("citizen-files-and-withdraws")
    page = new_page(phone=True)
    sign_in(page, live_server.url, citizen.email)
    expect(heading(page)).to_have_text("My notices")
    steps.step(page, "my-notices")

    start = page.get_by_role("link", name="File a new notice")
    start.hover()  # a link drawn as a button keeps white text on its darker hover colour
    expect(start).to_have_css("color", "rgb(255, 255, 255)")
    start.click()
    expect(heading(page)).to_have_text("What kind of assembly")
    save_and_continue(page)  # nothing chosen yet: the step says what is missing
    expect(page.get_by_role("alert")).to_be_focused()
    expect(page.get_by_label("Form of assembly")).to_have_attribute("aria-invalid", "true")
    steps.step(page, "1-kind-missing")
    page.get_by_label("Form of assembly").select_option("rally")
    page.get_by_label("Purpose of the assembly").fill("Public discussion of the city's parks")
    steps.step(page, "1-kind")
    save_and_continue(page)

    expect(heading(page)).to_have_text("When")
    fill_date(page, "2021-05-20")
    page.get_by_label("Start time").fill("11:00")
    page.get_by_label("End time").fill("13:00")
    steps.step(page, "2-when")
    save_and_continue(page)

    expect(heading(page)).to_have_text("Where")
    page.get_by_label("Place", exact=True).select_option("site:sary-arka-square")
    page.get_by_label("Expected number of participants").fill("300")
    steps.step(page, "3-where")
    save_and_continue(page)

    expect(heading(page)).to_have_text("Organizer")
    # The wizard starts from the account: the citizen as the organizer.
    expect(page.get_by_label("a person", exact=True)).to_be_checked()
    expect(page.get_by_label("Full name of the person, or name of the organization")
           ).to_have_value("Айгерим Сапарова")
    page.get_by_label("IIN of the person, or BIN of the organization").fill(ORGANIZER_IIN)
    page.get_by_label("Organizer's address").fill("Алматы, ул. Абая 10, кв. 5")
    steps.step(page, "4-organizer")
    save_and_continue(page)

    expect(heading(page)).to_have_text("Check and file")
    result = page.get_by_role("region", name="Result of the check")
    expect(result).to_contain_text("No problem found.")
    expect(result).to_contain_text("May 13, 2021")  # latest registration date, 5 working days
    steps.step(page, "5-review")
    page.get_by_role("button", name="File the notice").click()

    expect(heading(page)).to_have_text("Your notice is filed")
    reference = REFERENCE.search(page.locator("[data-reference]").inner_text()).group(0)
    steps.step(page, "filed")
    page.get_by_role("link", name="See the notice").click()
    expect(heading(page)).to_have_text(f"Notice {reference}")
    expect(page.locator(".lead")).to_contain_text("Registered — under review")
    steps.step(page, "notice")

    page.get_by_role("link", name="Withdraw the notice").click()
    expect(heading(page)).to_have_text(f"Withdraw the notice {reference}")
    page.get_by_role("button", name=exactly("Continue")).click()  # no statement yet
    expect(page.get_by_role("alert")).to_contain_text("Your statement of withdrawal")
    steps.step(page, "statement-missing")
    page.get_by_label("Your statement of withdrawal").fill(
        "I withdraw the notice: the discussion is postponed.")
    page.get_by_role("button", name=exactly("Continue")).click()
    expect(heading(page)).to_have_text(f"Confirm the withdrawal of {reference}")
    expect(page.locator("main blockquote")).to_have_text(
        "I withdraw the notice: the discussion is postponed.")
    steps.step(page, "confirm")
    page.get_by_role("button", name="Withdraw the notice").click()

    expect(page.get_by_role("status")).to_contain_text("Your notice is withdrawn.")
    expect(heading(page)).to_have_text(f"Notice {reference}")
    expect(page.locator(".lead")).to_contain_text("Withdrawn")
    expect(page.get_by_role("link", name="Withdraw the notice")).to_have_count(0)
    steps.step(page, "withdrawn")

    main_menu(page, "en").get_by_role("link", name="My notices").click()
    card = page.get_by_role("region", name=reference)
    expect(card).to_contain_text("Withdrawn")
    steps.step(page, "my-notices-after")
    steps.assert_accessible()
