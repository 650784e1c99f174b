"""The real map (issue 15, point 5) on a 390x844 phone: Leaflet served by the portal over
tiles from the configured host (a local tile server), the layers in force on the day, and
on the wizard's "Where" step a tap that sets a picket's point and checks it at once
against the zones where picketing is banned; axe-core finds nothing serious or critical."""

from __future__ import annotations

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.browser.portal import fill_date, heading, sign_in, to_the_where_step

pytestmark = pytest.mark.browser

FINDING = "[data-point-finding]"


def tap_centre(page: Page, shape: Locator) -> None:
    """Tap the middle of a drawn shape (its bounding box) with a finger."""
    page.locator("[data-live-map]").scroll_into_view_if_needed()
    box = shape.bounding_box()
    assert box is not None, "the shape is not drawn"
    page.touchscreen.tap(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)


def test_the_public_map_draws_the_layers_on_tiles_and_keeps_the_list(
        live_server, new_page, journey, clock_at):
    clock_at("2021-05-10T10:00:00+06:00")
    steps = journey("map-public")
    page = new_page(phone=True)
    page.goto(live_server("/map?on=2021-05-20"))

    live = page.get_by_role("region", name="Interactive map", exact=False)
    expect(live).to_be_visible()
    expect(page.locator(".live-map-site")).to_have_count(3)
    expect(page.locator(".live-map-route")).to_have_count(1)
    expect(page.locator(".live-map-buffer")).to_have_count(3)
    expect(page.locator("img.leaflet-tile-loaded").first).to_be_visible()
    expect(page.locator("figure.map")).to_be_hidden()  # the SVG stays for pages without JS
    expect(page.locator(".map-legend li")).to_have_count(4)  # the list in words stays
    steps.step(page, "map")
    steps.assert_accessible()


def test_a_tap_in_a_zone_says_picketing_is_banned_and_a_tap_outside_fills_the_point(
        live_server, new_page, journey, clock_at):
    clock_at("2021-05-10T10:00:00+06:00")
    citizen = live_server.create_user("citizen", language="en")
    steps = journey("map-picket-point")
    page = new_page(phone=True)
    sign_in(page, live_server.url, citizen.email)
    to_the_where_step(page, "picket", "For safer crossings near the station", end="12:00")
    expect(heading(page)).to_have_text("Where")
    expect(page.locator(".live-map-buffer-almaty-2-station")).to_have_count(1)
    steps.step(page, "1-where")

    tap_centre(page, page.locator(".live-map-prohibited-almaty-2-station"))

    expect(page.locator(FINDING)).to_contain_text("Picketing is banned within 150 m of")
    expect(page.get_by_label("Place", exact=True)).to_have_value("point")
    inside = page.get_by_label("Latitude").input_value(), page.get_by_label("Longitude"
                                                                            ).input_value()
    assert abs(float(inside[0]) - 43.2737) < 0.003 and abs(float(inside[1]) - 76.9391) < 0.003
    steps.step(page, "2-tap-in-zone")

    tap_centre(page, page.locator(".live-map-site-sary-arka-square"))

    expect(page.get_by_role("status").filter(has_text="Point set:")).not_to_contain_text(
        str(inside[0]))
    expect(page.locator(FINDING)).to_have_count(0)
    outside = page.get_by_label("Latitude").input_value(), page.get_by_label("Longitude"
                                                                             ).input_value()
    assert outside != inside and all(outside)
    steps.step(page, "3-tap-outside")
    steps.assert_accessible()
    print(f"\nin the zone: {inside} finding shown; outside: {outside} no finding")


def test_use_my_location_sets_the_point_and_checks_it(live_server, new_page, clock_at):
    clock_at("2021-05-10T10:00:00+06:00")
    citizen = live_server.create_user("citizen", language="ru")
    page = new_page(phone=True, locale="ru-RU", permissions=["geolocation"],
                    geolocation={"latitude": 43.2753, "longitude": 76.9391})
    sign_in(page, live_server.url, citizen.email, lang="ru")
    page.get_by_role("link", name="Подать новое уведомление (заявление)").click()
    page.locator("#form").select_option("picket")
    page.locator("#purpose").fill("За безопасные переходы у вокзала")
    page.locator("button[value=next]").click()
    fill_date(page, "2021-05-20", "ru")
    page.locator("#start_time").fill("11:00")
    page.locator("#end_time").fill("12:00")
    page.locator("button[value=next]").click()

    page.get_by_role("button", name="Моё местоположение").click()

    expect(page.locator(FINDING)).to_contain_text("Пикетирование")
    expect(page.locator("#lat")).to_have_value("43.275300")
    expect(page.locator("#lon")).to_have_value("76.939100")


def test_without_javascript_the_svg_map_and_the_list_remain(live_server, new_page, clock_at):
    clock_at("2021-05-10T10:00:00+06:00")
    page = new_page(phone=True, java_script_enabled=False)
    page.goto(live_server("/map?on=2021-05-20"))

    expect(page.locator("[data-live-map]")).to_be_hidden()
    expect(page.locator("figure.map svg")).to_be_visible()
    expect(page.locator(".map-legend li")).to_have_count(4)
