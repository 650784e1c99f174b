"""The interactive map's data: the layers in force on a date as GeoJSON, and the check of a
picket's point against the prohibited zones, both read by static/map.js.

`GET /places.geojson?on=YYYY-MM-DD`: the special places (polygons) and routes (lines)
numbered as in the text list, the prohibited objects and their picketing buffers, each
with its words in the page's language, and the tile layer to draw them on (a foreign
member `tiles`: the page itself names no other host). `GET /places/point-check?on=&lat=
&lon=`: the engine's own finding (Art. 9(5)) for a point, worded in the page's language.
Bad input: 422 with each field's message, as the pages say it.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from flask import current_app, get_template_attribute, jsonify, request
from flask.typing import ResponseReturnValue

from assembly.errors import FieldError
from assembly.i18n import field_error_message, finding_message
from assembly.law.ruleset import RuleSet
from assembly.notices.outlines import buffer_outlines
from assembly.notices.place_checks import prohibited_zone_finding
from assembly.services.closures import closed_on
from assembly.services.law import Law, default_law
from assembly.web import database
from assembly.web.locale import current_language
from assembly.web.public import bp
from assembly.web.public.forms import read_date, rules_on
from assembly.web.public.pages import today
from assembly.web.svgmap import map_view

LAT_BOUND, LON_BOUND = 90.0, 180.0


def _feature(geometry: Mapping[str, Any], **properties: Any) -> dict[str, Any]:
    return {"type": "Feature", "geometry": dict(geometry), "properties": properties}


def map_layers(rules: RuleSet, lang: str, closed: set[str]) -> list[dict[str, Any]]:
    """The features of the map: places and routes (numbered as in the list), then each
    prohibited object's buffer and outline. The shapes are the rules' GeoJSON as read; the
    buffers are drawn apart (`outlines`): the worker imports no shapely."""
    view = map_view(rules, lang, prohibited=True, closed=closed)
    place_text = get_template_attribute("_map.html", "place_text")
    features = [
        _feature(rules.places[shape.place_id].shape.geojson, layer=shape.kind, id=shape.place_id,
                 number=shape.number, name=shape.name, closed=shape.closed,
                 text=str(place_text(shape)))
        for shape in view.shapes
    ]
    buffers = buffer_outlines([obj.shape.geojson for obj in rules.prohibited],
                              rules.picket_buffer_m) if rules.prohibited else []
    for obj, zone, buffer in zip(rules.prohibited, view.prohibited, buffers, strict=True):
        features.append(_feature(buffer, layer="buffer", id=obj.id, name=zone.name))
        features.append(_feature(obj.shape.geojson, layer="prohibited", id=obj.id,
                                 name=zone.name))
    return features


def _errors(errors: list[FieldError]) -> ResponseReturnValue:
    lang = current_language()
    return jsonify(errors={e.field: field_error_message(e, lang) for e in errors}), 422


def _rules(law: Law, errors: list[FieldError]) -> tuple[date, RuleSet]:
    day = today(law)
    on = read_date(request.args.get("on"), "on", day, errors)
    return on, rules_on(law, on, "on", errors, day)


@bp.get("/places.geojson")
def places_geojson() -> ResponseReturnValue:
    """The map's layers in force on `?on=` (default today), and its tile layer."""
    law = default_law()
    errors: list[FieldError] = []
    on, rules = _rules(law, errors)
    if errors:
        return _errors(errors)
    # Closures (Art. 14(1)(10)) show as "closed", without their details, as on /map.
    closed = closed_on(database.session(), on, law)
    return jsonify(
        type="FeatureCollection", on=on.isoformat(), buffer_m=rules.picket_buffer_m,
        tiles={"url": current_app.config["MAP_TILES_URL"],
               "attribution": current_app.config["MAP_TILES_ATTRIBUTION"]},
        features=map_layers(rules, current_language(), closed),
    )


def _coordinate(name: str, bound: float, errors: list[FieldError]) -> float | None:
    text = (request.args.get(name) or "").strip().replace(",", ".")
    if not text:
        errors.append(FieldError(name, "required"))
        return None
    try:
        value = float(text)
    except ValueError:
        errors.append(FieldError(name, "invalid_coordinate"))
        return None
    if not -bound <= value <= bound:  # also refuses nan and inf
        errors.append(FieldError(name, "out_of_range", {"min": -bound, "max": bound}))
        return None
    return value


@bp.get("/places/point-check")
def point_check() -> ResponseReturnValue:
    """A picket's point (`?lat=&lon=`) checked against the prohibited zones in force on
    `?on=`: the finding the filing would give, in the page's language, or none."""
    law = default_law()
    errors: list[FieldError] = []
    on, rules = _rules(law, errors)
    lat = _coordinate("lat", LAT_BOUND, errors)
    lon = _coordinate("lon", LON_BOUND, errors)
    if errors or lat is None or lon is None:
        return _errors(errors)
    found = prohibited_zone_finding(rules, lat, lon)
    lang = current_language()
    findings = [] if found is None else [
        {"code": found.code, "severity": found.severity, "message": finding_message(found, lang)}
    ]
    return jsonify(on=on.isoformat(), lat=lat, lon=lon, findings=findings)
