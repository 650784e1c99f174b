"""Driving the portal's shared parts as a person would: by labels, roles and visible text.

Texts are looked up by their msgid in the shipped catalogs (`tr("ru", "Sign in")`), so a
test reads the same in every language and follows the translators' wording.
"""

from __future__ import annotations

import re
from datetime import date

from playwright.sync_api import Locator, Page, expect

from assembly.notices.identity import make_iin
from assembly.web.locale import LANGUAGE_NAMES, compiled_translations
from tests.browser.liveserver import PASSWORD

ORGANIZER_IIN = make_iin(date(1990, 3, 15), "female", 1)


def tr(lang: str, msgid: str, **params: object) -> str:
    """A message in a language, as the portal shows it."""
    text = compiled_translations(lang).gettext(msgid)
    return text % params if params else text


def exactly(text: str) -> re.Pattern[str]:
    """A pattern matching an accessible name exactly (ignoring surrounding space)."""
    return re.compile(rf"^\s*{re.escape(text)}\s*$")


def sign_in(page: Page, base: str, email: str, password: str = PASSWORD,
            lang: str = "en") -> None:
    """Sign in from the sign-in page (in `lang`) and land on the role's first page."""
    page.goto(base + "/sign-in")
    page.get_by_label(tr(lang, "E-mail")).fill(email)
    page.get_by_label(tr(lang, "Password"), exact=True).fill(password)
    page.locator("main").get_by_role("button", name=exactly(tr(lang, "Sign in"))).click()
    expect(page).not_to_have_url(re.compile(r"/sign-in"))


def main_menu(page: Page, lang: str) -> Locator:
    """The main navigation of the page (in `lang`), unfolded with "Menu" on a phone."""
    toggle = page.locator("details.site-menu:not([open]) > summary")
    if toggle.count() and toggle.is_visible():
        toggle.click()
    return page.get_by_role("navigation", name=tr(lang, "Main menu"))


def sign_out(page: Page, lang: str = "en") -> None:
    """Sign out with the button of the main menu."""
    main_menu(page, lang).get_by_role("button", name=tr(lang, "Sign out")).click()
    expect(main_menu(page, lang).get_by_role("button", name=tr(lang, "Sign out"))
           ).to_have_count(0)


def switch_language(page: Page, lang: str) -> None:
    """Press the switcher's button of a language and wait for the page in it."""
    page.get_by_role("button", name=LANGUAGE_NAMES[lang], exact=True).click()
    expect(page.locator("html")).to_have_attribute("lang", lang)


def fill_date(page: Page, day: str, lang: str = "en") -> None:
    """Type an ISO date into the day / month / year boxes (GOV.UK's date pattern)."""
    year, month, dom = (str(int(part)) for part in day.split("-"))
    for box, value in (("Day", dom), ("Month", month), ("Year", year)):
        page.get_by_label(tr(lang, box), exact=True).fill(value)


def fill_rally_at_sary_arka(page: Page, *, day: str = "2021-05-20") -> None:
    """The draft's fields (public/_draft_fields.html), in English: a rally at Sary-Arka."""
    page.get_by_label("Form of assembly").select_option(value="rally")
    page.get_by_label("Purpose of the assembly").fill("Public discussion of the city's parks")
    page.get_by_label("Place", exact=True).select_option(value="site:sary-arka-square")
    fill_date(page, day)
    page.get_by_label("Start time").fill("11:00")
    page.get_by_label("End time").fill("13:00")
    page.get_by_label("Expected number of participants").fill("300")
    page.get_by_label("a person", exact=True).check()
    page.get_by_label("Full name of the person, or name of the organization").fill(
        "Айгерим Сапарова")
    page.get_by_label("IIN of the person, or BIN of the organization").fill(ORGANIZER_IIN)
    page.get_by_label("Organizer's address").fill("Алматы, ул. Абая 10, кв. 5")


def to_the_where_step(page: Page, form: str, purpose: str, *, day: str = "2021-05-20",
                      start: str = "11:00", end: str = "13:00") -> None:
    """From the signed-in citizen's page, in English: a new notice's first two steps."""
    page.get_by_role("link", name="File a new notice").click()
    page.get_by_label("Form of assembly").select_option(form)
    page.get_by_label("Purpose of the assembly").fill(purpose)
    page.get_by_role("button", name="Save and continue").click()
    fill_date(page, day)
    page.get_by_label("Start time").fill(start)
    page.get_by_label("End time").fill(end)
    page.get_by_role("button", name="Save and continue").click()


def heading(page: Page) -> Locator:
    """The page's title (its one h1)."""
    return page.get_by_role("heading", level=1)
