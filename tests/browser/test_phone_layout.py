"""The phone layout (issue 15.3): at 320 and 390 CSS pixels, in Kazakh, Russian and
English, no page scrolls sideways; the menu folds behind "Menu" (without JavaScript too);
the wizard shows no site menu but a link back; targets are at least 44 px high and
stacked buttons do not touch; tables read as cards."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.portal import main_menu, sign_in, tr

pytestmark = pytest.mark.browser

LOCALES = {"kk": "kk-KZ", "ru": "ru-RU", "en": "en-GB"}
PUBLIC = ["/", "/precheck", "/procedure", "/occupancy", "/map", "/sign-in", "/register"]
CITIZEN = ["/my/notices", "/account", "/file", "/my/drafts"]
MIN_TARGET = 44


def phone(new_page, width: int, lang: str, **options) -> Page:  # type: ignore[no-untyped-def]
    return new_page(viewport={"width": width, "height": 800}, device_scale_factor=1,
                    is_mobile=True, has_touch=True, locale=LOCALES[lang], **options)


def overflow(page: Page) -> int:
    """How many CSS pixels the page is wider than the screen (0: no sideways scroll)."""
    return page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth")


WIDE = """() => {
  const width = document.documentElement.clientWidth;
  return [...document.querySelectorAll("body *")]
    .filter(e => e.getBoundingClientRect().right > width + 1)
    .map(e => `${e.tagName}.${e.className} ${(e.textContent || "").trim().slice(0, 30)}`)
    .slice(0, 5);
}"""


def assert_fits(page: Page, path: str) -> None:
    assert overflow(page) <= 0, \
        f"{path} scrolls sideways by {overflow(page)} px: {page.evaluate(WIDE)}"


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
@pytest.mark.parametrize("width", [320, 390])
def test_no_page_scrolls_sideways_on_a_phone(live_server, new_page, clock_at, width, lang):
    clock_at("2021-05-10T10:00:00+06:00")
    citizen = live_server.create_user("citizen", language=lang, full_name="Айгерим Сапарова")
    reference = live_server.file_notice(citizen, "2021-05-10T09:00:00+06:00")
    page = phone(new_page, width, lang)
    for path in PUBLIC:
        page.goto(live_server(f"{path}?lang={lang}"))
        assert_fits(page, path)
    sign_in(page, live_server.url, citizen.email, lang=lang)
    for path in [*CITIZEN, f"/my/notices/{reference}"]:
        page.goto(live_server(path))
        expect(page.locator("html")).to_have_attribute("lang", lang)
        assert_fits(page, path)


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_the_menu_folds_behind_menu_on_a_phone_and_opens_with_a_tap(live_server, new_page,
                                                                    javascript):
    page = phone(new_page, 320, "ru", java_script_enabled=javascript)
    page.goto(live_server("/?lang=ru"))
    menu = page.get_by_role("navigation", name=tr("ru", "Main menu"), include_hidden=True)
    register = menu.get_by_role("link", name=tr("ru", "Register"), include_hidden=True)
    expect(register).to_be_hidden()
    toggle = page.locator("details.site-menu > summary")
    expect(toggle).to_have_text(tr("ru", "Menu"))
    assert toggle.bounding_box()["height"] >= MIN_TARGET
    toggle.click()
    expect(register).to_be_visible()
    assert register.bounding_box()["height"] >= MIN_TARGET


def test_on_a_wide_screen_the_menu_is_open_without_a_tap(live_server, new_page):
    page = new_page(java_script_enabled=False)  # desktop, and CSS alone
    page.goto(live_server("/?lang=en"))
    expect(main_menu(page, "en").get_by_role("link", name="Register")).to_be_visible()
    expect(page.locator("details.site-menu > summary")).to_be_hidden()


def test_the_wizard_shows_no_site_menu_and_its_buttons_are_big_and_apart(live_server,
                                                                         new_page):
    citizen = live_server.create_user("citizen", language="kk")
    page = phone(new_page, 320, "kk")
    sign_in(page, live_server.url, citizen.email, lang="kk")
    page.goto(live_server("/file"))
    expect(page.get_by_role("navigation", name=tr("kk", "Main menu"))).to_have_count(0)
    back = page.get_by_role("link", name=tr("kk", "Back to my drafts (what you typed is kept)"))
    expect(back).to_be_visible()
    buttons = page.locator(".wizard-buttons .button")
    boxes = [buttons.nth(i).bounding_box() for i in range(buttons.count())]
    assert len(boxes) >= 2 and all(box["height"] >= MIN_TARGET for box in boxes)
    for first, second in zip(boxes, boxes[1:], strict=False):
        apart_vertically = second["y"] >= first["y"] + first["height"] + 8
        apart_horizontally = second["x"] >= first["x"] + first["width"] + 8
        assert apart_vertically or apart_horizontally, (first, second)
    assert_fits(page, "/file")


def test_a_table_reads_as_cards_with_its_column_names_on_a_phone(live_server, new_page,
                                                                 clock_at):
    clock_at("2021-05-10T10:00:00+06:00")
    citizen = live_server.create_user("citizen", language="en")
    live_server.file_notice(citizen, "2021-05-10T09:00:00+06:00")
    page = phone(new_page, 320, "en")
    page.goto(live_server("/occupancy?lang=en"))
    cell = page.locator("table.reflow td[data-label]").first
    expect(cell).to_be_visible()
    assert page.evaluate("c => getComputedStyle(c).display", cell.element_handle()) == "block"
    label = page.evaluate("c => getComputedStyle(c, '::before').content",
                          cell.element_handle())
    assert "Date" in label
    assert_fits(page, "/occupancy")


def test_withdrawing_is_drawn_as_a_warning(live_server, new_page, clock_at):
    clock_at("2021-05-10T10:00:00+06:00")
    citizen = live_server.create_user("citizen", language="en")
    reference = live_server.file_notice(citizen, "2021-05-10T09:00:00+06:00")
    page = phone(new_page, 390, "en")
    sign_in(page, live_server.url, citizen.email)
    page.goto(live_server(f"/my/notices/{reference}/withdraw"))
    page.get_by_label("Statement").fill("I withdraw the notice.")
    page.get_by_role("button", name="Continue").click()
    withdraw = page.get_by_role("button", name="Withdraw the notice")
    change = page.get_by_role("button", name="Change the statement")
    colour = "b => getComputedStyle(b).backgroundColor"
    assert page.evaluate(colour, withdraw.element_handle()) == "rgb(176, 0, 32)"  # --error
    assert page.evaluate(colour, change.element_handle()) != "rgb(176, 0, 32)"


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_the_managers_dashboard_fits_a_phone(live_server, new_page, clock_at, lang):
    clock_at("2021-05-10T10:00:00+06:00")
    citizen = live_server.create_user("citizen", language=lang)
    live_server.file_notice(citizen, "2021-05-10T09:00:00+06:00")
    manager = live_server.create_user("manager", language=lang)
    page = phone(new_page, 320, lang)
    sign_in(page, live_server.url, manager.email, lang=lang)
    for path in ("/manager/?year=2021", "/manager/years"):
        page.goto(live_server(path))
        assert_fits(page, path)


CARD = """t => {
  const cell = t.querySelector("td[data-label]");
  const head = t.querySelector("thead");
  return {display: getComputedStyle(cell).display, label: cell.dataset.label,
          before: getComputedStyle(cell, "::before").content,
          head: head ? head.getBoundingClientRect().width : 0};
}"""


@pytest.mark.parametrize(("role", "path", "table"), [
    ("manager", "/manager/?year=2021", "#months"),
    ("manager", "/manager/?year=2021", "#timeliness-table"),
    ("manager", "/manager/years", "#years-table"),
    ("admin", "/admin/outbox?status=all", "#outbox-table"),
])
def test_the_admin_and_manager_tables_read_as_cards_on_a_phone(live_server, new_page,
                                                               clock_at, role, path, table):
    clock_at("2021-05-10T10:00:00+06:00")
    citizen = live_server.create_user("citizen", language="ru")
    live_server.file_notice(citizen, "2021-05-10T09:00:00+06:00")
    page = phone(new_page, 320, "ru")
    sign_in(page, live_server.url, live_server.create_user(role, language="ru").email,
            lang="ru")

    page.goto(live_server(path))

    card = page.evaluate(CARD, page.locator(table).element_handle())
    assert card["display"] == "block" and card["head"] <= 1, card
    assert card["label"] and card["before"] == f'"{card["label"]}: "', card
    assert_fits(page, path)
