"""Distances, containment, the picketing buffer and the offline gazetteer."""

from __future__ import annotations

import pytest
from geopy.geocoders import Nominatim
from shapely.geometry import LineString, Point, Polygon

from assembly.law.geojson import Shape
from assembly.law.ruleset import Place, ProhibitedObject
from assembly.notices.geography import (
    Gazetteer,
    GeocodeResult,
    GeopyGeocoder,
    distance_m,
    distance_to_geometry_m,
    geocoder_from_settings,
    nearest_place,
    place_containing,
    prohibited_within,
    representative_lat_lon,
)

METRES_PER_DEGREE_OF_LATITUDE = 111_100  # near 43° N, for building test points

# A square site of 0.01° x 0.01° (about 810 m x 1110 m) in central Almaty, (lon, lat).
SQUARE = Polygon([(76.94, 43.24), (76.95, 43.24), (76.95, 43.25), (76.94, 43.25)])


def dummy_site(place_id: str, geometry: Polygon, names: dict[str, str] | None = None) -> Place:
    return Place(
        id=place_id,
        kind="site",
        names=names or {"en": place_id},
        forms=frozenset({"meeting", "rally"}),
        max_occupancy=500,
        shape=Shape.of(geometry),
        approximate=True,
    )


def dummy_route(place_id: str, geometry: LineString, names: dict[str, str]) -> Place:
    return Place(
        id=place_id,
        kind="route",
        names=names,
        forms=frozenset({"march", "demonstration"}),
        max_occupancy=None,
        shape=Shape.of(geometry),
        approximate=True,
    )


def square_around(lat: float, lon: float, half_side_deg: float) -> Polygon:
    d = half_side_deg
    return Polygon([(lon - d, lat - d), (lon + d, lat - d), (lon + d, lat + d), (lon - d, lat + d)])


# A sample station territory, about 110 m across (not surveyed).
STATION = ProhibitedObject(
    id="almaty-2",
    names={"en": "Almaty-2 railway station"},
    category="transport_hub",
    shape=Shape.of(square_around(43.2777, 76.9413, 0.0005)),
    sample=True,
)
STATION_NORTH_EDGE_LAT = 43.2777 + 0.0005


def test_one_degree_of_latitude_at_almaty_is_about_111_km() -> None:
    metres = distance_m((43.0, 76.9), (44.0, 76.9))
    assert 110_600 < metres < 111_700


def test_one_degree_of_longitude_at_almaty_is_about_81_km() -> None:
    metres = distance_m((43.25, 76.0), (43.25, 77.0))
    assert 80_800 < metres < 81_600


@pytest.mark.parametrize("a, b", [((43.238, 76.945), (43.2777, 76.9413)),
                                  ((43.2750, 76.9390), (43.2744, 76.9390)),
                                  ((43.0, 76.9), (44.0, 76.9)), ((-33.9, 18.4), (51.5, -0.1))])
def test_the_distance_is_geopys_geodesic_to_the_micrometre(a, b) -> None:
    from geopy.distance import geodesic

    assert distance_m(a, b) == pytest.approx(geodesic(a, b).meters, abs=1e-6)


def test_distance_is_symmetric_and_zero_to_itself() -> None:
    a, b = (43.238, 76.945), (43.2777, 76.9413)
    assert distance_m(a, b) == pytest.approx(distance_m(b, a))
    assert distance_m(a, a) == 0.0


def test_a_point_inside_a_polygon_is_at_zero_metres() -> None:
    assert distance_to_geometry_m(43.245, 76.945, SQUARE) == 0.0
    assert distance_to_geometry_m(43.25, 76.945, SQUARE) == 0.0  # on the edge


def test_a_point_outside_a_polygon_is_measured_to_its_nearest_edge() -> None:
    lat = 43.25 + 300 / METRES_PER_DEGREE_OF_LATITUDE
    assert distance_to_geometry_m(lat, 76.945, SQUARE) == pytest.approx(300, abs=2)


def test_the_nearest_point_of_a_slanted_route_is_found_in_metres_not_degrees() -> None:
    # A slanted line: in raw degrees its nearest point to P is not the nearest in metres.
    route = LineString([(76.90, 43.20), (76.96, 43.26)])
    lat, lon = 43.24, 76.91
    dense = [route.interpolate(i / 2_000, normalized=True) for i in range(2_001)]
    brute_force = min(distance_m((lat, lon), (p.y, p.x)) for p in dense)
    assert distance_to_geometry_m(lat, lon, route) == pytest.approx(brute_force, rel=1e-3)


def test_distance_to_an_empty_geometry_is_refused() -> None:
    with pytest.raises(ValueError):
        distance_to_geometry_m(43.25, 76.945, Polygon())


def test_the_site_containing_a_point_is_found_and_a_point_outside_is_not() -> None:
    sites = [dummy_site("elsewhere", square_around(43.30, 76.90, 0.001)), dummy_site("sq", SQUARE)]
    assert place_containing(43.245, 76.945, sites) is sites[1]
    assert place_containing(43.26, 76.945, sites) is None


def test_a_point_just_outside_a_site_counts_within_the_tolerance() -> None:
    sites = [dummy_site("sq", SQUARE)]
    lat = 43.25 + 20 / METRES_PER_DEGREE_OF_LATITUDE
    assert place_containing(lat, 76.945, sites) is None
    assert place_containing(lat, 76.945, sites, tolerance_m=10) is None
    assert place_containing(lat, 76.945, sites, tolerance_m=30) is sites[0]


def test_a_route_never_contains_a_point() -> None:
    route = dummy_route("street", LineString([(76.94, 43.245), (76.95, 43.245)]), {"en": "x"})
    assert place_containing(43.245, 76.945, [route], tolerance_m=50) is None


def test_the_nearest_place_and_its_distance() -> None:
    near = dummy_site("near", SQUARE)
    far = dummy_site("far", square_around(43.30, 76.90, 0.001))
    lat = 43.25 + 500 / METRES_PER_DEGREE_OF_LATITUDE
    found = nearest_place(lat, 76.945, [far, near])
    assert found is not None
    assert found[0] is near
    assert found[1] == pytest.approx(500, abs=3)
    assert nearest_place(lat, 76.945, []) is None


@pytest.mark.parametrize(
    ("buffer_m", "prohibited"),
    [(150, False), (400, True)],
    ids=["2020 decision, 150 m", "2024 amendment, 400 m"],
)
def test_a_picket_300_m_from_a_station_is_banned_only_by_the_400_m_buffer(
    buffer_m: float, prohibited: bool
) -> None:
    lat = STATION_NORTH_EDGE_LAT + 300 / METRES_PER_DEGREE_OF_LATITUDE
    found = prohibited_within(lat, 76.9413, [STATION], buffer_m)
    assert bool(found) is prohibited
    if found:
        assert found[0][0] is STATION
        assert found[0][1] == pytest.approx(300, abs=3)


def test_prohibited_objects_are_listed_nearest_first() -> None:
    airport = ProhibitedObject(
        id="airport",
        names={"en": "Airport"},
        category="transport_hub",
        shape=Shape.of(Point(76.9413, STATION_NORTH_EDGE_LAT + 0.003)),
        sample=True,
    )
    lat = STATION_NORTH_EDGE_LAT + 0.002
    found = prohibited_within(lat, 76.9413, [STATION, airport], 400)
    assert [obj.id for obj, _ in found] == ["airport", "almaty-2"]
    assert found[0][1] < found[1][1]


# --- gazetteer ----------------------------------------------------------------------

GANDHI = dummy_site(
    "gandhi-park",
    SQUARE,
    {"kk": "Махатма Ганди атындағы саябақ", "ru": "парк имени Махатмы Ганди", "en": "Gandhi Park"},
)
SARY_ARKA = dummy_site(
    "sary-arka-square",
    square_around(43.30, 76.90, 0.001),
    {"ru": "сквер за кинотеатром «Сары-Арка»", "en": "Square behind the Sary-Arka cinema"},
)
SHEVCHENKO = dummy_route(
    "shevchenko-street",
    LineString([(76.90, 43.24), (76.94, 43.24)]),
    {"ru": "ул. Шевченко", "en": "Shevchenko Street"},
)


@pytest.fixture
def gazetteer() -> Gazetteer:
    return Gazetteer([GANDHI, SARY_ARKA, SHEVCHENKO])


@pytest.mark.parametrize(
    ("query", "place"),
    [
        ("GANDHI", GANDHI),
        ("парк имени махатмы ганди", GANDHI),
        ("Ганди", GANDHI),
        ("кинотеатром Сары-Арка", SARY_ARKA),
        ("sary-arka-square", SARY_ARKA),
        ("шевченко", SHEVCHENKO),
    ],
)
def test_the_gazetteer_finds_places_by_any_name_ignoring_case_and_quotes(
    gazetteer: Gazetteer, query: str, place: Place
) -> None:
    assert gazetteer.find(query) is place


def test_the_gazetteer_geocodes_a_site_to_a_point_inside_it(gazetteer: Gazetteer) -> None:
    result = gazetteer.geocode("Gandhi")
    assert result == GeocodeResult(pytest.approx(43.245), pytest.approx(76.945), "Gandhi Park")
    assert SQUARE.covers(Point(result.lon, result.lat))


def test_the_gazetteer_geocodes_a_route_to_its_midpoint(gazetteer: Gazetteer) -> None:
    lat, lon, address = gazetteer.geocode("Shevchenko Street") or (0.0, 0.0, "")
    assert (lat, lon) == pytest.approx((43.24, 76.92))
    assert address == "Shevchenko Street"


@pytest.mark.parametrize("query", ["", "   ", "Red Square"])
def test_the_gazetteer_returns_none_for_unknown_or_empty_queries(
    gazetteer: Gazetteer, query: str
) -> None:
    assert gazetteer.geocode(query) is None


def test_a_name_inside_a_longer_query_is_found(gazetteer: Gazetteer) -> None:
    assert gazetteer.find("митинг: парк имени Махатмы Ганди, у входа") is GANDHI


def test_representative_point_of_a_concave_site_lies_inside_it() -> None:
    u_shape = Polygon([(0, 0), (3, 0), (3, 3), (2, 3), (2, 1), (1, 1), (1, 3), (0, 3)])
    lat, lon = representative_lat_lon(u_shape)
    assert u_shape.covers(Point(lon, lat))


@pytest.mark.parametrize("name", [None, "", "gazetteer", "Gazetteer"])
def test_the_offline_gazetteer_is_the_default_geocoder(name: str | None) -> None:
    geocoder = geocoder_from_settings(name, [GANDHI])
    assert isinstance(geocoder, Gazetteer)
    assert geocoder.geocode("ганди") is not None


def test_a_configured_geopy_service_is_wrapped_without_calling_it() -> None:
    geocoder = geocoder_from_settings("nominatim", user_agent="assembly-tests")
    assert isinstance(geocoder, GeopyGeocoder)
    assert isinstance(geocoder.geocoder, Nominatim)


def test_an_unknown_geocoder_service_is_a_configuration_error() -> None:
    with pytest.raises(ValueError):
        geocoder_from_settings("no-such-service")


class FakeLocation:
    latitude, longitude, address = 43.2389, 76.8897, "Almaty, Kazakhstan"


class FakeService:
    def __init__(self) -> None:
        self.queries: list[str] = []

    def geocode(self, query: str, exactly_one: bool) -> FakeLocation | None:
        self.queries.append(query)
        return FakeLocation() if "Almaty" in query else None


def test_a_geopy_location_becomes_a_lat_lon_address_triple() -> None:
    service = FakeService()
    geocoder = GeopyGeocoder(service)
    assert geocoder.geocode("Almaty") == (43.2389, 76.8897, "Almaty, Kazakhstan")
    assert geocoder.geocode("Atlantis") is None
    assert service.queries == ["Almaty", "Atlantis"]
