"""A returning citizen files a rally from "File a notice" to the confirmation, on a phone
and on a desktop, in kk, ru and en, with every tap and typed character counted (issue
15.10: aim at most 15 taps and 60 characters, the account prefilling the organizer); and
each wizard step says its own legal limit when an answer breaks it.

The counts and the steps' screenshots (screenshots/returning-<device>-<lang>-*) are
printed and kept; axe-core finds nothing serious or critical on any page of the journey.
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from babel.dates import format_date
from playwright.sync_api import expect

from assembly import db
from assembly.notices.identity import make_iin
from assembly.services.users import update_profile
from tests.browser.portal import ORGANIZER_IIN, heading, sign_in, tr
from tests.browser.taps import Taps

pytestmark = pytest.mark.browser

LOCALES = {"kk": "kk-KZ", "ru": "ru-RU", "en": "en-GB"}
MAX_TAPS = 15
MAX_CHARACTERS = 60
PURPOSES = {"kk": "Саябақтарды талқылау", "ru": "Обсуждение парков",
            "en": "Discussing the parks"}
REFERENCE = re.compile(r"ALA-2021-\d{6}")
UNDER_AGE_IIN = make_iin(date(2010, 3, 15), "female", 1)  # eleven years old in May 2021


def returning_citizen(server, lang: str):  # type: ignore[no-untyped-def]
    """A citizen whose account holds the name, IIN and address of an earlier filing."""
    citizen = server.create_user("citizen", language=lang, full_name="Айгерим Сапарова",
                                 iin=ORGANIZER_IIN)
    with db.unit_of_work(server.sessions) as session:
        account = session.merge(citizen)
        update_profile(session, account, full_name=account.full_name, language=lang,
                       iin=ORGANIZER_IIN, address="Алматы, ул. Абая 10, кв. 5")
    return citizen


def day_link(page, lang: str, day: date):  # type: ignore[no-untyped-def]
    """A day of the legal calendar that can still be chosen, by its accessible name."""
    name = f"{format_date(day, 'd MMMM', locale=lang)}, {tr(lang, 'available')}"
    return page.get_by_role("link", name=name)


# Each run books its own day at the square, so no run meets another's booking.
DAYS = {("kk", "phone"): 18, ("kk", "desktop"): 21, ("ru", "phone"): 24,
        ("ru", "desktop"): 25, ("en", "phone"): 26, ("en", "desktop"): 27}


@pytest.mark.parametrize("device", ["phone", "desktop"])
@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_a_returning_citizen_files_a_rally_in_at_most_15_taps_and_60_characters(
    live_server, new_page, journey, clock_at, lang, device
):
    clock_at("2021-05-10T10:00:00+06:00")  # from 18 May a rally is still in time
    citizen = returning_citizen(live_server, lang)
    steps = journey(f"returning-{device}-{lang}")
    page = new_page(phone=device == "phone", locale=LOCALES[lang])
    sign_in(page, live_server.url, citizen.email, lang=lang)
    page.goto(live_server("/"))
    steps.step(page, "home")
    taps = Taps()
    save = page.get_by_role("button", name=tr(lang, "Save and continue"))

    taps.tap(page.locator("main").get_by_role("link", name=tr(lang, "File a notice")))
    taps.end_step("start")
    expect(heading(page)).to_have_text(tr(lang, "What kind of assembly"))
    taps.choose(page.get_by_label(tr(lang, "Form of assembly")), "rally")
    taps.type(page.get_by_label(tr(lang, "Purpose of the assembly")), PURPOSES[lang])
    steps.step(page, "1-kind")
    taps.tap(save)
    taps.end_step("what kind")

    expect(heading(page)).to_have_text(tr(lang, "When"))
    day = DAYS[lang, device]
    taps.tap(day_link(page, lang, date(2021, 5, day)))
    expect(page.get_by_label(tr(lang, "Day"), exact=True)).to_have_value(str(day))
    taps.type(page.get_by_label(tr(lang, "Start time")), "11:00")
    taps.type(page.get_by_label(tr(lang, "End time")), "13:00")
    steps.step(page, "2-when")
    taps.tap(save)
    taps.end_step("when (calendar)")

    expect(heading(page)).to_have_text(tr(lang, "Where"))
    taps.choose(page.get_by_label(tr(lang, "Place"), exact=True), "site:sary-arka-square")
    taps.type(page.get_by_label(tr(lang, "Expected number of participants")), "300")
    steps.step(page, "3-where")
    taps.tap(save)
    taps.end_step("where")

    expect(heading(page)).to_have_text(tr(lang, "Organizer"))
    expect(page.get_by_label(tr(lang, "IIN of the person, or BIN of the organization"))
           ).to_have_value(ORGANIZER_IIN)
    expect(page.get_by_label(tr(lang, "Organizer's address"))).not_to_have_value("")
    steps.step(page, "4-organizer")
    taps.tap(save)
    taps.end_step("organizer (prefilled)")

    expect(heading(page)).to_have_text(tr(lang, "Check and file"))
    steps.step(page, "5-review")
    taps.tap(page.get_by_role("button", name=tr(lang, "File the notice")))
    taps.end_step("file")

    panel = page.locator("main")
    expect(panel).to_contain_text(REFERENCE)
    steps.step(page, "6-confirmation")
    print(f"\nreturning citizen, {device}, {lang}:\n{taps.table()}")
    assert taps.taps <= MAX_TAPS, taps.table()
    assert taps.characters <= MAX_CHARACTERS, taps.table()
    steps.assert_accessible()


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_each_wizard_step_says_its_own_legal_limit_on_a_phone(
    live_server, new_page, journey, clock_at, lang
):
    clock_at("2021-05-10T10:00:00+06:00")
    citizen = live_server.create_user("citizen", language=lang, full_name="Айгерим Сапарова")
    steps = journey(f"step-limits-{lang}")
    page = new_page(phone=True, locale=LOCALES[lang])
    sign_in(page, live_server.url, citizen.email, lang=lang)
    page.goto(live_server("/file"))
    save = page.get_by_role("button", name=tr(lang, "Save and continue"))
    page.get_by_label(tr(lang, "Form of assembly")).select_option("rally")
    page.get_by_label(tr(lang, "Purpose of the assembly")).fill(PURPOSES[lang])
    save.click()

    # "When": a day too close to file for says the earliest day still possible.
    for box, value in (("Day", "12"), ("Month", "5"), ("Year", "2021")):
        page.get_by_label(tr(lang, box), exact=True).fill(value)
    page.get_by_label(tr(lang, "Start time")).fill("11:00")
    page.get_by_label(tr(lang, "End time")).fill("13:00")
    save.click()
    expect(heading(page)).to_have_text(tr(lang, "When"))
    findings = page.locator("[data-step-findings]")
    expect(findings).to_contain_text(tr(
        lang, "The earliest date you can still choose is %(date)s.",
        date=format_date(date(2021, 5, 18), "long", locale=lang)))
    steps.step(page, "when-too-late")
    day_link(page, lang, date(2021, 5, 20)).click()
    save.click()
    expect(findings).to_have_count(0)  # the place's step has no finding of "When"

    # "Where": a crowd over the square's occupancy is said at the place.
    expect(heading(page)).to_have_text(tr(lang, "Where"))
    page.get_by_label(tr(lang, "Place"), exact=True).select_option("site:sary-arka-square")
    page.get_by_label(tr(lang, "Expected number of participants")).fill("5000")
    save.click()
    expect(heading(page)).to_have_text(tr(lang, "Where"))
    expect(findings.locator("li.finding")).to_have_count(1)
    steps.step(page, "where-over-occupancy")
    page.get_by_label(tr(lang, "Expected number of participants")).fill("300")
    save.click()

    # "Organizer": an organizer under age is said at the organizer's step.
    expect(heading(page)).to_have_text(tr(lang, "Organizer"))
    page.get_by_label(tr(lang, "IIN of the person, or BIN of the organization")).fill(
        UNDER_AGE_IIN)
    page.get_by_label(tr(lang, "Organizer's address")).fill("Алматы, ул. Абая 10, кв. 5")
    save.click()
    expect(heading(page)).to_have_text(tr(lang, "Organizer"))
    expect(findings.locator("li.finding")).to_have_count(1)
    steps.step(page, "organizer-under-age")
    steps.assert_accessible()
