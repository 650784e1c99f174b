"""The legal calendar at "When" on a phone (issue 15.2, 15.10): a citizen sees which days
are still open, which are taken at the place, taps a day and finds it in the date boxes;
axe-core finds nothing serious or critical; screenshots go to screenshots/."""

from __future__ import annotations

from datetime import date

import pytest
from babel.dates import format_date
from playwright.sync_api import expect

from tests.browser.portal import heading, sign_in, tr

pytestmark = pytest.mark.browser

LOCALES = {"kk": "kk-KZ", "ru": "ru-RU", "en": "en-GB"}
MIN_TARGET = 44


def day_label(day: date, lang: str, state: str) -> str:
    """A day's name on the calendar: "19 May, partly taken, some hours free"."""
    return f"{format_date(day, 'd MMMM', locale=lang)}, {tr(lang, state)}"


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_a_citizen_on_a_phone_taps_a_free_day_of_the_place_and_finds_it_in_the_date_boxes(
    live_server, new_page, journey, clock_at, lang
):
    clock_at("2021-05-10T10:00:00+06:00")  # a day off (Victory Day moved): from 18 May
    other = live_server.create_user("citizen", language="en")
    live_server.file_notice(other, "2021-05-10T09:00:00+06:00",
                            starts_at="2021-05-19T09:00:00+06:00",
                            ends_at="2021-05-19T20:00:00+06:00")
    live_server.file_notice(other, "2021-05-10T09:00:00+06:00",
                            starts_at="2021-05-20T11:00:00+06:00",
                            ends_at="2021-05-20T13:00:00+06:00")
    citizen = live_server.create_user("citizen", language=lang, full_name="Айгерим Сапарова")
    steps = journey(f"calendar-{lang}")
    page = new_page(phone=True, locale=LOCALES[lang])
    sign_in(page, live_server.url, citizen.email, lang=lang)
    page.goto(live_server("/file"))
    page.get_by_label(tr(lang, "Form of assembly")).select_option("rally")
    page.get_by_label(tr(lang, "Purpose of the assembly")).fill("Паркі туралы")
    page.get_by_role("button", name=tr(lang, "Save and continue")).click()
    expect(heading(page)).to_have_text(tr(lang, "When"))
    calendar = page.locator("table.calendar")
    expect(calendar.locator("caption")).to_contain_text("2021")
    expect(page.get_by_role("link", name=day_label(date(2021, 5, 17), lang, "available"))
           ).to_have_count(0)  # too late: no link
    expect(page.get_by_role("link", name=day_label(date(2021, 5, 18), lang, "available"))
           ).to_be_visible()
    steps.step(page, "when-calendar")

    page.get_by_label(tr(lang, "Show when a place is free")).select_option(
        "site:sary-arka-square")
    page.get_by_role("button", name=tr(lang, "Show"), exact=True).click()
    expect(calendar.locator(".day-taken")).to_contain_text(tr(lang, "taken at this place"))
    partly = page.get_by_role("link", name=day_label(date(2021, 5, 20), lang,
                                                     "partly taken, some hours free"))
    box = partly.bounding_box()
    assert box is not None and box["height"] >= MIN_TARGET and box["width"] >= MIN_TARGET
    steps.step(page, "when-place-bookings")

    partly.tap()
    expect(page.get_by_label(tr(lang, "Day"), exact=True)).to_have_value("20")
    expect(page.get_by_label(tr(lang, "Month"), exact=True)).to_have_value("5")
    expect(page.get_by_label(tr(lang, "Year"), exact=True)).to_have_value("2021")
    slots = page.locator(".calendar-slots")
    expect(slots).to_contain_text("09:00–11:00")
    expect(slots).to_contain_text("13:00–20:00")
    steps.step(page, "when-day-tapped")

    page.get_by_label(tr(lang, "Start time")).fill("14:00")
    page.get_by_label(tr(lang, "End time")).fill("16:00")
    page.get_by_role("button", name=tr(lang, "Save and continue")).click()
    expect(heading(page)).to_have_text(tr(lang, "Where"))
    steps.assert_accessible()
