"""Officers decide in a real browser: a proposal the citizen accepts, a refusal with grounds."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.portal import exactly, heading, sign_in

pytestmark = pytest.mark.browser


def open_decision(page: Page, reference: str) -> None:
    """From the officer's queue: the notice, taken for review, then its decision form."""
    expect(heading(page)).to_have_text("Notices to decide")
    page.get_by_role("link", name=reference, exact=True).click()
    expect(heading(page)).to_have_text(f"Notice {reference}")
    page.get_by_role("button", name="Take for review").click()
    expect(page.get_by_role("status")).to_contain_text(
        f"You have taken notice {reference} for review.")
    expect(page.locator("main .lead")).to_contain_text("under review")
    page.get_by_role("link", name=exactly("Decide")).click()
    expect(heading(page)).to_have_text(f"Decision on {reference}")


def test_an_officer_proposes_another_time_and_the_citizen_accepts_it(
    live_server, new_page, journey, clock_at
):
    clock_at("2021-05-10T10:00:00+06:00")
    citizen = live_server.create_user("citizen", language="en")
    officer = live_server.create_user("officer", language="en")
    reference = live_server.file_notice(
        citizen, "2021-05-10T09:00:00+06:00",
        starts_at="2021-05-21T11:00:00+06:00", ends_at="2021-05-21T13:00:00+06:00")
    steps = journey("officer-proposes-citizen-accepts")

    desk = new_page()
    sign_in(desk, live_server.url, officer.email)
    steps.step(desk, "queue")
    open_decision(desk, reference)
    steps.step(desk, "decision-outcome")
    desk.get_by_label("a change of place and/or time proposed").check()
    desk.get_by_role("button", name="Continue").click()
    expect(desk.get_by_role("checkbox", name="14.1.4")).to_have_count(0)  # refusal's fields
    steps.step(desk, "decision-form")
    desk.get_by_label("Another place or time, given below").check()
    desk.get_by_label("Proposed start").fill("15:00")
    desk.get_by_label("Proposed end").fill("17:00")
    desk.get_by_label("Reasoning").fill(
        "In the morning of 21 May the square is being prepared for the city's celebrations.")
    steps.step(desk, "proposal-filled")
    desk.get_by_role("button", name="Check the decision").click()
    expect(heading(desk)).to_have_text(f"Check the decision on {reference}")
    expect(desk.locator(".letter")).to_contain_text("15:00")
    steps.step(desk, "proposal-check")
    desk.get_by_role("button", name="Record the decision").click()
    expect(desk.get_by_role("status")).to_contain_text(
        f"Decision on {reference} recorded: a change of place and/or time proposed.")
    expect(desk.locator("main .lead")).to_contain_text("a change of place and/or time proposed")
    steps.step(desk, "proposal-recorded")

    phone = new_page(phone=True)
    sign_in(phone, live_server.url, citizen.email)
    phone.get_by_role("link", name=reference, exact=True).click()
    expect(phone.locator("main .lead")).to_contain_text(
        "Another place and/or time proposed — the akimat awaits your answer")
    steps.step(phone, "citizen-sees-proposal")
    phone.get_by_role("link", name="Answer the proposal").first.click()
    expect(heading(phone)).to_have_text(f"Answer the proposal on {reference}")
    expect(phone.locator("main")).to_contain_text("15:00")
    steps.step(phone, "citizen-answers")
    phone.get_by_role("button", name="Accept the proposal").click()
    expect(phone.get_by_role("status")).to_contain_text("You accepted the proposal")
    expect(phone.locator("main .lead")).to_contain_text("May go ahead")
    steps.step(phone, "citizen-accepted")

    desk.reload()
    expect(desk.locator("main .lead")).to_contain_text("may go ahead")
    steps.step(desk, "officer-sees-approval")
    steps.assert_accessible()


def test_an_officer_refuses_a_late_rally_on_ground_14_1_4_with_reasoning(
    live_server, new_page, journey, clock_at
):
    # Filed on Monday 17 May for Thursday 20 May: the latest registration date was 13 May.
    clock_at("2021-05-17T10:00:00+06:00")
    citizen = live_server.create_user("citizen", language="en")
    officer = live_server.create_user("officer", language="en")
    reference = live_server.file_notice(
        citizen, "2021-05-17T09:00:00+06:00",
        starts_at="2021-05-20T15:00:00+06:00", ends_at="2021-05-20T17:00:00+06:00")
    steps = journey("officer-refuses-late-filing")

    desk = new_page()
    sign_in(desk, live_server.url, officer.email)
    open_decision(desk, reference)
    desk.get_by_label("refused", exact=True).check()
    desk.get_by_role("button", name="Continue").click()
    late = desk.get_by_role("checkbox", name="14.1.4")
    expect(late).to_be_enabled()
    # Sary-Arka square is designated for rallies: the record contradicts ground 14.1.6.
    expect(desk.get_by_role("checkbox", name="14.1.6")).to_be_disabled()
    expect(desk.locator(".ground-supported")).to_contain_text("Supported by the record")
    steps.step(desk, "decision-form")

    desk.get_by_role("button", name="Check the decision").click()  # no ground, no reasoning
    expect(desk.get_by_role("alert")).to_be_visible()
    steps.step(desk, "refusal-incomplete")
    desk.get_by_role("checkbox", name="14.1.4").check()
    desk.get_by_label("Reasoning").fill(
        "The notice was registered on 17 May 2021, after the latest registration date of "
        "13 May 2021 for a rally on 20 May 2021.")
    steps.step(desk, "refusal-filled")
    desk.get_by_role("button", name="Check the decision").click()
    expect(desk.locator(".letter")).to_contain_text("Art. 14(1)(4)")
    expect(desk.locator(".letter")).to_contain_text("after the latest registration date")
    steps.step(desk, "refusal-check")
    desk.get_by_role("button", name="Record the decision").click()
    expect(desk.get_by_role("status")).to_contain_text(
        f"Decision on {reference} recorded: refused.")
    expect(desk.locator("main .lead")).to_contain_text("refused")
    steps.step(desk, "refused")

    phone = new_page(phone=True)
    sign_in(phone, live_server.url, citizen.email)
    phone.get_by_role("link", name=reference, exact=True).click()
    expect(phone.locator("main .lead")).to_contain_text("Refused")
    steps.step(phone, "citizen-sees-refusal")
    phone.get_by_role("link", name="Read the decision letter", exact=True).click()
    letter = phone.locator("main")
    expect(letter).to_contain_text("Art. 14(1)(4)")
    expect(letter).to_contain_text("after the latest registration date of 13 May 2021")
    steps.step(phone, "citizen-reads-letter")
    steps.assert_accessible()
