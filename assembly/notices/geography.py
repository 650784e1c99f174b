"""Distances and containment for places, routes and prohibited objects; geocoders.

Two coordinate orders meet here, so names say which: the rules hold GeoJSON geometry
in (lon, lat) order (shapely x = longitude, y = latitude); the API and every function
argument below take latitude first. Distances are geodesic metres (WGS 84, geographiclib).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol

from assembly.law.ruleset import Place, ProhibitedObject
from assembly.notices import planar
from assembly.notices.planar import LatLon

if TYPE_CHECKING:  # shapely (and numpy): the buffers drawn apart (`outlines`) and tools
    from shapely.geometry.base import BaseGeometry

    Geometry = Mapping[str, Any] | BaseGeometry  # GeoJSON, or shapely's



def distance_m(a_lat_lon: LatLon, b_lat_lon: LatLon) -> float:
    """Geodesic distance in metres between two (lat, lon) points on the WGS-84 ellipsoid
    (Karney's algorithm, by geographiclib: what geopy's `geodesic` computes, without the
    geocoders and aiohttp that importing geopy loads, ~16 MB)."""
    from geographiclib.geodesic import Geodesic

    (lat1, lon1), (lat2, lon2) = a_lat_lon, b_lat_lon
    return float(Geodesic.WGS84.Inverse(lat1, lon1, lat2, lon2, Geodesic.DISTANCE)["s12"])


def _squeeze_longitude(geometry: BaseGeometry, factor: float) -> BaseGeometry:
    """Scale longitudes by `factor` so that a degree is about as long both ways."""
    import shapely

    return shapely.transform(geometry, lambda xy: xy * (factor, 1.0))


def _geojson(geometry: Geometry) -> Mapping[str, Any]:
    return getattr(geometry, "__geo_interface__", geometry)  # type: ignore[no-any-return]


def distance_to_geometry_m(lat: float, lon: float, geometry: Geometry) -> float:
    """Geodesic metres from a point to the nearest point of a (lon, lat) geometry (GeoJSON,
    or anything with a `__geo_interface__`); 0 inside or on it. Read from the coordinates
    (`planar`): no shapely, which with numpy weighs ~16 MB in a web worker (issue 16.2)."""
    shape = _geojson(geometry)
    if planar.covers(shape, lon, lat):
        return 0.0
    # Find the nearest point where a degree of longitude is as long as one of latitude
    # (local equirectangular plane), then measure the geodesic to it.
    factor = math.cos(math.radians(lat))
    near_lon, near_lat = planar.nearest_position(shape, lon, lat, factor)
    return distance_m((lat, lon), (near_lat, near_lon))


def place_containing(
    lat: float, lon: float, places: Iterable[Place], tolerance_m: float = 0.0
) -> Place | None:
    """The site whose polygon contains the point (or lies within tolerance_m), else None."""
    best: tuple[float, Place] | None = None
    for place in places:
        if place.kind != "site":
            continue
        if planar.covers(place.shape.geojson, lon, lat):
            return place
        if tolerance_m > 0:
            distance = distance_to_geometry_m(lat, lon, place.shape.geojson)
            if distance <= tolerance_m and (best is None or distance < best[0]):
                best = (distance, place)
    return best[1] if best else None


def nearest_place(lat: float, lon: float, places: Iterable[Place]) -> tuple[Place, float] | None:
    """The site or route nearest to the point and its distance in metres; None if no place."""
    best: tuple[Place, float] | None = None
    for place in places:
        distance = distance_to_geometry_m(lat, lon, place.shape.geojson)
        if best is None or distance < best[1]:
            best = (place, distance)
    return best


def prohibited_within(
    lat: float, lon: float, objects: Iterable[ProhibitedObject], buffer_m: float
) -> list[tuple[ProhibitedObject, float]]:
    """Prohibited objects closer than buffer_m to the point, nearest first, with distances."""
    # Art. 9(5) and the city decision: no picket within the buffer around the objects'
    # adjacent territory, so the distance is measured to the object's outline.
    found = [(obj, distance_to_geometry_m(lat, lon, obj.shape.geojson)) for obj in objects]
    return sorted(((o, d) for o, d in found if d < buffer_m), key=lambda pair: pair[1])


def buffer_outline(geometry: BaseGeometry, metres: float) -> BaseGeometry:
    """The (lon, lat) area within about `metres` of a geometry, for drawing a buffer; the
    law's distance is `distance_to_geometry_m`, which decides (prohibited_within)."""
    lat, lon = representative_lat_lon(geometry)
    factor = math.cos(math.radians(lat))
    degree_m = distance_m((lat - 0.005, lon), (lat + 0.005, lon)) / 0.01
    grown = _squeeze_longitude(geometry, factor).buffer(metres / degree_m, quad_segs=16)
    return _squeeze_longitude(grown, 1 / factor)


# --- geocoding ----------------------------------------------------------------------


class GeocodeResult(NamedTuple):
    """A geocoded point: latitude, longitude and the address or name found."""

    lat: float
    lon: float
    address: str


class Geocoder(Protocol):
    """Anything that turns a text query into a point (geopy style, one result)."""

    def geocode(self, query: str) -> GeocodeResult | None: ...


_QUOTES = re.compile(r"[«»\"'“”„`]")


def _normalize(text: str) -> str:
    """Case-, quote-, ё- and whitespace-insensitive form of a name or query."""
    return " ".join(_QUOTES.sub(" ", text).casefold().replace("ё", "е").split())


def representative_lat_lon(geometry: Geometry) -> LatLon:
    """A point to show for a geometry: a site's centre (inside it), a route's midpoint
    (`planar.representative_lat_lon`)."""
    return planar.representative_lat_lon(_geojson(geometry))


class Gazetteer:
    """An offline geocoder over the names (kk, ru, en) and ids of the city's places."""

    def __init__(self, places: Iterable[Place]) -> None:
        self._entries: list[tuple[str, str, Place]] = []  # (normalized, name, place)
        for place in places:
            for name in (*place.names.values(), place.id):
                self._entries.append((_normalize(name), name, place))

    def _match(self, query: str) -> tuple[str, Place] | None:
        wanted = _normalize(query)
        if not wanted:
            return None
        # Best first: the whole name, a part of a name, a name inside the query.
        for matches in (
            lambda key: key == wanted,
            lambda key: wanted in key,
            lambda key: key in wanted,
        ):
            for key, name, place in self._entries:
                if matches(key):
                    return name, place
        return None

    def find(self, query: str) -> Place | None:
        """The place a query names, or None."""
        match = self._match(query)
        return match[1] if match else None

    def geocode(self, query: str) -> GeocodeResult | None:
        """(lat, lon, name) of the place a query names, or None."""
        match = self._match(query)
        if match is None:
            return None
        name, place = match
        lat, lon = representative_lat_lon(place.shape.geojson)
        return GeocodeResult(lat, lon, name)


class GeopyGeocoder:
    """A geopy geocoder (Nominatim, ...) behind the same one-result interface."""

    def __init__(self, geocoder: Any) -> None:
        self.geocoder = geocoder

    def geocode(self, query: str) -> GeocodeResult | None:
        """(lat, lon, address) of the first result of the service, or None."""
        location = self.geocoder.geocode(query, exactly_one=True)
        if location is None:
            return None
        return GeocodeResult(location.latitude, location.longitude, location.address)


def geocoder_from_settings(
    name: str | None,
    places: Iterable[Place] = (),
    *,
    user_agent: str = "assembly",
    **options: Any,
) -> Geocoder:
    """The configured geocoder: the offline gazetteer by default, else a geopy service."""
    if not name or name.strip().lower() == "gazetteer":
        return Gazetteer(places)
    from geopy.geocoders import get_geocoder_for_service

    service = get_geocoder_for_service(name.strip().lower())  # GeocoderNotFound: ValueError
    return GeopyGeocoder(service(user_agent=user_agent, **options))
