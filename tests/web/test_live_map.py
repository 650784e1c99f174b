"""The interactive map's data (issue 15, point 5): the layers in force on a date as
GeoJSON, the picket point checked at once against the prohibited zones, and a content
security policy that lets images come from the configured tile server and no other."""

from __future__ import annotations

import pytest

from assembly.config import SettingError, map_settings
from tests.web.citizen_helpers import fill_steps, start_draft
from tests.web.conftest import html, make_app

STATION_2 = "almaty-2-station"
NEAR_STATION_2 = ("43.2753", "76.9391")  # about 100 m north of its outline
FARTHER_FROM_STATION_2 = ("43.2771", "76.9391")  # about 300 m north: 150 < 300 < 400
CITY_CENTRE = ("43.2389", "76.8897")


def layers(client, on: str) -> dict[str, set[str]]:
    body = client.get(f"/places.geojson?on={on}").get_json()
    found: dict[str, set[str]] = {}
    for feature in body["features"]:
        found.setdefault(feature["properties"]["layer"], set()).add(feature["properties"]["id"])
    return found


def test_the_layers_before_the_2024_amendment_are_those_of_decision_462(client):
    assert layers(client, "2021-05-20") == {
        "site": {"sary-arka-square", "gandhi-park", "valikhanov-square"},
        "route": {"shevchenko-street"},
        "prohibited": {"almaty-1-station", STATION_2, "almaty-airport"},
        "buffer": {"almaty-1-station", STATION_2, "almaty-airport"},
    }


def test_the_layers_after_the_2024_amendment_have_its_new_square_and_route(client):
    found = layers(client, "2025-05-20")

    assert found["site"] == {"sary-arka-square", "gandhi-park", "imanov-square"}
    assert found["route"] == {"zhambyl-street"}


def test_the_buffers_grow_with_the_amendment_from_150_to_400_metres(client):
    def station_buffer(on: str) -> tuple[float, list]:
        body = client.get(f"/places.geojson?on={on}").get_json()
        ring = next(f["geometry"]["coordinates"][0] for f in body["features"]
                    if f["properties"] == {"layer": "buffer", "id": STATION_2,
                                           "name": f["properties"]["name"]})
        return body["buffer_m"], ring

    before, ring_before = station_buffer("2021-05-20")
    after, ring_after = station_buffer("2025-05-20")

    north = max(lat for _, lat in ring_before), max(lat for _, lat in ring_after)
    assert (before, after) == (150, 400)
    # The outline's north edge is at 43.2744; a metre of latitude is 1/111,000 degree.
    assert north[0] == pytest.approx(43.2744 + 150 / 111_000, abs=2e-5)
    assert north[1] == pytest.approx(43.2744 + 400 / 111_000, abs=2e-5)


def test_the_layers_speak_the_pages_language_and_number_places_as_the_list(client):
    body = client.get("/places.geojson?on=2021-05-20",
                      headers={"Accept-Language": "ru"}).get_json()
    gandhi = next(f["properties"] for f in body["features"]
                  if f["properties"]["id"] == "gandhi-park")
    page = html(client.get("/map?on=2021-05-20", headers={"Accept-Language": "ru"}))

    assert gandhi["name"] == "парк имени Махатмы Ганди"
    assert f'<li value="{gandhi["number"]}">' in page.replace(' class="map-legend-highlighted"', "")
    # Its occupancy is a working value: never shown as the law.
    assert "рабочее значение" in gandhi["text"] or "не подтверждает" in gandhi["text"]


def test_the_layers_name_the_tile_layer_set_for_the_deployment(engine, session):
    client = make_app(engine, MAP_TILES_URL="https://tiles.example.kz/{z}/{x}/{y}.png",
                      MAP_TILES_ATTRIBUTION="© Almaty GIS").test_client()

    tiles = client.get("/places.geojson").get_json()["tiles"]

    assert tiles == {"url": "https://tiles.example.kz/{z}/{x}/{y}.png",
                     "attribution": "© Almaty GIS"}


@pytest.mark.parametrize(("query", "field"), [("on=31.02.2021", "on"), ("on=2019-01-01", "on")])
def test_a_bad_date_for_the_layers_is_a_field_error(client, query, field):
    response = client.get(f"/places.geojson?{query}")

    assert response.status_code == 422
    assert set(response.get_json()["errors"]) == {field}


def check(client, on: str, point: tuple[str, str], lang: str = "en") -> dict:
    lat, lon = point
    return client.get(f"/places/point-check?on={on}&lat={lat}&lon={lon}",
                      headers={"Accept-Language": lang}).get_json()


def test_a_point_inside_a_stations_buffer_gets_the_engines_finding_in_words(client):
    found = check(client, "2021-05-20", NEAR_STATION_2)

    assert [f["code"] for f in found["findings"]] == ["prohibited_zone"]
    assert "Picketing is banned within 150 m of" in found["findings"][0]["message"]


def test_a_point_far_from_every_object_gets_no_finding(client):
    assert check(client, "2021-05-20", CITY_CENTRE)["findings"] == []


def test_the_same_point_is_outside_the_old_buffer_and_inside_the_amended_one(client):
    assert check(client, "2021-05-20", FARTHER_FROM_STATION_2)["findings"] == []
    assert check(client, "2025-05-20", FARTHER_FROM_STATION_2)["findings"] != []


@pytest.mark.parametrize(("lang", "words"),
                         [("ru", "Пикетирование"), ("kk", "пикеттеуге тыйым салынған")])
def test_the_point_checks_finding_follows_the_pages_language(client, lang, words):
    message = check(client, "2021-05-20", NEAR_STATION_2, lang)["findings"][0]["message"]

    assert words in message


@pytest.mark.parametrize(("query", "fields"), [
    ("lat=north&lon=76.9", {"lat"}),
    ("lat=91&lon=181", {"lat", "lon"}),
    ("lat=nan&lon=76.9", {"lat"}),
    ("lon=76.9", {"lat"}),
])
def test_a_bad_point_is_a_field_error_and_nothing_is_checked(client, query, fields):
    response = client.get(f"/places/point-check?{query}")

    assert response.status_code == 422
    assert set(response.get_json()["errors"]) == fields


def test_the_csp_lets_images_come_from_the_default_tile_server_only(client):
    csp = client.get("/map").headers["Content-Security-Policy"]

    assert "img-src 'self' https://tile.openstreetmap.org;" in csp
    assert "script-src 'self';" in csp and "connect-src 'self';" in csp


@pytest.mark.parametrize(("template", "source"), [
    ("https://tiles.example.kz/{z}/{x}/{y}.png", "https://tiles.example.kz"),
    ("https://{s}.gis.almaty.kz:8443/osm/{z}/{x}/{y}{r}.png", "https://*.gis.almaty.kz:8443"),
    ("http://127.0.0.1:8081/{z}/{x}/{y}.png", "http://127.0.0.1:8081"),
])
def test_the_csp_follows_the_tile_setting(engine, session, template, source):
    client = make_app(engine, MAP_TILES_URL=template).test_client()

    csp = client.get("/").headers["Content-Security-Policy"]

    assert f"img-src 'self' {source};" in csp
    assert "openstreetmap" not in csp


@pytest.mark.parametrize("template", [
    "tile.openstreetmap.org/{z}/{x}/{y}.png",  # no scheme
    "ftp://tiles.example.kz/{z}/{x}/{y}.png",
    "https://tiles.example.kz/{z}/{x}.png",  # no {y}
    "https://tiles.example.kz/{z}/{x}/{y}/{token}.png",
    "https://tiles-{s}.example.kz/{z}/{x}/{y}.png",
    "https://tiles.example.kz; script-src *;/{z}/{x}/{y}.png",
])
def test_a_bad_tile_url_template_is_refused_at_start_with_its_name(monkeypatch, template):
    monkeypatch.setenv("ASSEMBLY_MAP_TILES_URL", template)

    with pytest.raises(SettingError, match="ASSEMBLY_MAP_TILES_URL"):
        map_settings()


def test_the_app_does_not_start_on_a_bad_tile_url_template(monkeypatch):
    from assembly.web import create_app

    monkeypatch.setenv("ASSEMBLY_MAP_TILES_URL", "https://tiles.example.kz/{z}/{x}.png")

    with pytest.raises(SettingError, match=r"ASSEMBLY_MAP_TILES_URL must hold \{z\}"):
        create_app({"SECRET_KEY": "x", "DATABASE_URL": "sqlite://"})


def test_without_settings_the_map_uses_openstreetmap_with_its_attribution(monkeypatch):
    monkeypatch.delenv("ASSEMBLY_MAP_TILES_URL", raising=False)
    monkeypatch.delenv("ASSEMBLY_MAP_TILES_ATTRIBUTION", raising=False)

    assert map_settings() == {
        "MAP_TILES_URL": "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
        "MAP_TILES_ATTRIBUTION": "© OpenStreetMap contributors",
    }


@pytest.fixture
def citizen_client(client, login, now):
    now("2021-05-10T10:00:00+06:00")
    login(client, "citizen", language="en")
    return client


@pytest.mark.parametrize(("form", "picks"), [("picket", True), ("rally", False)])
def test_the_where_step_offers_the_map_of_its_day_and_for_a_picket_the_tap_to_set_the_point(
        citizen_client, form, picks):
    draft_id = start_draft(citizen_client, form=form)
    fill_steps(citizen_client, draft_id, upto="place", when={"date": "2024-10-01"})

    body = html(citizen_client.get(f"/file/{draft_id}/place"))

    assert 'data-geojson="/places.geojson?on=2024-10-01"' in body
    assert ("data-pick " in body) is picks and ("data-locate" in body) is picks
    assert 'class="map"' in body  # the SVG stays, for pages without JavaScript
    assert "/static/vendor/leaflet/leaflet.js" in body and "/static/map.js" in body


@pytest.mark.parametrize("pinned", ["garbage", "2021-05-20T11:00:00"])
def test_the_app_does_not_start_on_an_assembly_now_that_is_not_an_instant(monkeypatch, pinned):
    # Not only the commands: a WSGI server that builds the app itself is refused too.
    from assembly.web import create_app

    monkeypatch.setenv("ASSEMBLY_NOW", pinned)

    with pytest.raises(SettingError, match="ASSEMBLY_NOW is not an instant"):
        create_app({"SECRET_KEY": "x", "DATABASE_URL": "sqlite://"})
