"""A broken rules file stops the loader with a RulesError naming the file and the key."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from assembly.law.rulebook import Rulebook, RulesError

from .conftest import edit_json, edit_yaml, feature

LAW, CALENDAR = "kz/law.yaml", "kz/calendar.yaml"
CITY, PLACES, GEO = "almaty/city.yaml", "almaty/places.yaml", "almaty/places.geojson"
PICKETING, PROHIBITED = "almaty/picketing.yaml", "almaty/prohibited.geojson"


def _set(path: str, value: Any) -> Any:
    """A change that sets the value at a dotted path ("a.b.c"; keys that look like dates
    are dates)."""

    def change(data: Any) -> None:
        *parents, last = (_key(k) for k in path.split("|"))
        for key in parents:
            data = data[key]
        if value is _DELETE:
            del data[last]
        else:
            data[last] = value

    return change


_DELETE = object()


def _key(text: str) -> Any:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return text


def _reorder(path: str, keys: list[Any]) -> Any:
    """A change that rebuilds the mapping at `path` with its entries in the order of keys."""

    def change(data: Any) -> None:
        *parents, last = (_key(k) for k in path.split("|"))
        for key in parents:
            data = data[key]
        old = data[last]
        data[last] = {k: old[k] for k in keys}

    return change


def _add_overlap(data: Any) -> None:
    old = data["places"]["sary-arka-square"]["max_occupancy"]
    first = old["decision-462"]
    data["places"]["sary-arka-square"]["max_occupancy"] = {
        "decision-462": first,
        date(2020, 7, 5): dict(first),  # the date of decision-462 in city.yaml
        "amendment-2024": old["amendment-2024"],
    }


def _geometry(feature_id: str, geometry: Any) -> Any:
    def change(data: Any) -> None:
        feature(data, feature_id)["geometry"] = geometry

    return change


def _drop_feature(feature_id: str) -> Any:
    def change(data: Any) -> None:
        data["features"].remove(feature(data, feature_id))

    return change


def _extra_feature(data: Any) -> None:
    copy = {**feature(data, "gandhi-park"), "properties": {}}
    copy["properties"] = {**feature(data, "gandhi-park")["properties"], "id": "abay-square"}
    data["features"].append(copy)


def _swap_coordinates(data: Any) -> None:
    ring = feature(data, "sary-arka-square")["geometry"]["coordinates"][0]
    ring[:] = [[lat, lon] for lon, lat in ring]


def _prop(feature_id: str, key: str, value: Any) -> Any:
    def change(data: Any) -> None:
        feature(data, feature_id)["properties"][key] = value

    return change


BOWTIE = {  # a ring that crosses itself
    "type": "Polygon",
    "coordinates": [[[76.89, 43.24], [76.9, 43.25], [76.9, 43.24], [76.89, 43.25], [76.89, 43.24]]],
}
A_LINE = {"type": "LineString", "coordinates": [[76.938, 43.265], [76.940, 43.266]]}

CASES = [
    pytest.param(
        LAW,
        _set("procedures|notification|lead_days", 5),
        "procedures.notification.lead_days: unknown key",
        id="unknown-key",
    ),
    pytest.param(PLACES, _set("squares", {}), "squares: unknown key", id="unknown-top-level-key"),
    pytest.param(
        LAW,
        _set("hours|earliest_start|law-333|comment", "x"),
        "hours.earliest_start.law-333.comment: unknown key",
        id="unknown-entry-key",
    ),
    pytest.param(
        PICKETING,
        _set("buffer_m|amendment-2024|source", _DELETE),
        "buffer_m.amendment-2024.source: missing",
        id="missing-source",
    ),
    pytest.param(
        PLACES,
        _set("places|gandhi-park|max_occupancy|decision-462|confidence", _DELETE),
        "places.gandhi-park.max_occupancy.decision-462.confidence: missing",
        id="missing-confidence",
    ),
    pytest.param(
        LAW,
        _set("grounds|14.1.4|names|law-333|confidence", "probably"),
        "grounds.14.1.4.names.law-333.confidence: expected one of verified",
        id="bad-confidence",
    ),
    pytest.param(
        PLACES,
        _reorder("places|sary-arka-square|max_occupancy", ["amendment-2024", "decision-462"]),
        "places.sary-arka-square.max_occupancy.decision-462: dates out of order",
        id="unsorted-dates",
    ),
    pytest.param(
        PLACES,
        _add_overlap,
        "places.sary-arka-square.max_occupancy.2020-07-05: overlaps decision-462",
        id="overlapping-periods",
    ),
    pytest.param(
        PICKETING,
        _set("buffer_m|decision-999", {"value": 1, "source": "x", "confidence": "unverified"}),
        "buffer_m.decision-999: expected a date (YYYY-MM-DD) or an act id",
        id="unknown-act",
    ),
    pytest.param(
        PICKETING,
        _set("buffer_m|decision-462|value", None),
        "buffer_m.decision-462.value: null ends a value",
        id="null-first",
    ),
    pytest.param(
        LAW,
        _set("hours|latest_end|cc-61", {"value": None, "source": "x", "confidence": "unverified"}),
        "hours.latest_end: no value in force on 2025-01-20 (ended on 2025-01-20)",
        id="ended-without-replacement",
    ),
    pytest.param(
        LAW,
        _set("hours|earliest_start|law-333|value", 540),
        'hours.earliest_start.law-333.value: expected a quoted local time "HH:MM"',
        id="unquoted-time",
    ),
    pytest.param(
        LAW,
        _set("grounds|14.1.4|requires_finding|law-333|value", "place_occupied"),
        "grounds.14.1.4.requires_finding: on 2020-07-05: 'place_occupied' supports '14.1.10'",
        id="ground-and-finding-disagree",
    ),
    pytest.param(
        PLACES,
        _set("places|sary-arka-square|forms|decision-462|value", ["meeting", "parade"]),
        "places.sary-arka-square.forms: unknown form 'parade'",
        id="unknown-form",
    ),
    pytest.param(
        PLACES,
        _set("places|valikhanov-square|forms|decision-462|value", ["march"]),
        "places.valikhanov-square.forms: on 2020-07-05 a march is held at a route, not at a site",
        id="march-at-a-site",
    ),
    pytest.param(
        PLACES,
        _set(
            "places|zhambyl-street|max_occupancy",
            {"amendment-2024": {"value": 10, "source": "x", "confidence": "unverified"}},
        ),
        "places.zhambyl-street.max_occupancy: does not apply to a route",
        id="capacity-of-a-route",
    ),
    pytest.param(
        GEO,
        _geometry("gandhi-park", None),
        "places.geojson: gandhi-park.geometry: missing",
        id="missing-geometry",
    ),
    pytest.param(
        GEO,
        _geometry("gandhi-park", BOWTIE),
        "places.geojson: gandhi-park.geometry: invalid Polygon: Self-intersection",
        id="invalid-geometry",
    ),
    pytest.param(
        GEO,
        _geometry("imanov-square", A_LINE),
        "places.geojson: imanov-square.geometry: expected Polygon, got LineString",
        id="wrong-geometry-type",
    ),
    pytest.param(
        GEO,
        _swap_coordinates,
        "places.geojson: sary-arka-square.geometry: lies outside",
        id="swapped-coordinates",
    ),
    pytest.param(
        GEO,
        _drop_feature("imanov-square"),
        "places.geojson: imanov-square: no feature for the place places.imanov-square",
        id="place-without-feature",
    ),
    pytest.param(
        GEO,
        _extra_feature,
        "places.geojson: abay-square: a feature without a place",
        id="feature-without-place",
    ),
    pytest.param(
        GEO,
        _prop("zhambyl-street", "kind", "site"),
        "places.geojson: zhambyl-street.kind: expected 'route'",
        id="feature-of-another-kind",
    ),
    pytest.param(
        PROHIBITED,
        _prop("almaty-airport", "until", "2020-01-01"),
        "prohibited.geojson: almaty-airport.until: the period is empty",
        id="empty-period",
    ),
    pytest.param(
        PROHIBITED,
        _prop("almaty-airport", "confidence", "sure"),
        "prohibited.geojson: almaty-airport.confidence: expected one of",
        id="bad-layer-confidence",
    ),
    pytest.param(
        CALENDAR,
        _set("working_days|2026-03-02", {"source": "x", "confidence": "unverified"}),
        "calendar.yaml: working_days.2026-03-02: expected a Saturday or Sunday, got a Monday",
        id="weekday-made-working",
    ),
    pytest.param(
        LAW,
        _set("procedures|application|review_working_days|law-333|source", "read in the law"),
        "procedures.application.review_working_days.law-333.source: a verified value must "
        "name the article or the act",
        id="verified-without-article-or-act",
    ),
    pytest.param(
        PICKETING,
        _set("buffer_m|amendment-2024|source", "the maslikhat's decision, as amended"),
        "buffer_m.amendment-2024.source: a verified value must name the article or the act",
        id="verified-city-value-without-article-or-act",
    ),
    pytest.param(
        CALENDAR,
        _set("working_days|2021-07-03|act", _DELETE),
        "calendar.yaml: working_days.2021-07-03.act: missing",
        id="calendar-entry-without-its-act",
    ),
    pytest.param(
        LAW,
        _set("procedures|notification|registration|law-333|value", "when_convenient"),
        "procedures.notification.registration.law-333.value: expected one of submission_day, "
        "next_working_day",
        id="unknown-registration-reading",
    ),
    pytest.param(
        LAW,
        _set("delivery|registered_mail_also_for|law-333|value", ["email", "registered_mail"]),
        "delivery.registered_mail_also_for: on 2020-07-05: needs registered_mail",
        id="delivery-not-doubled-by-registered-mail",
    ),
    pytest.param(
        CITY, _set("id", "astana"), "city.yaml: id: expected 'almaty'", id="city-of-another-folder"
    ),
    pytest.param(
        CITY,
        _set("timezone", "Asia/Nowhere"),
        "city.yaml: timezone: unknown time zone",
        id="unknown-time-zone",
    ),
]


@pytest.mark.parametrize(("file", "change", "expected"), CASES)
def test_a_broken_rules_file_is_refused_naming_file_and_key(
    rules_copy: Path, file: str, change: Any, expected: str
) -> None:
    path = rules_copy / file
    (edit_json if path.suffix == ".geojson" else edit_yaml)(path, change)
    with pytest.raises(RulesError) as caught:
        Rulebook.load(rules_copy)
    message = str(caught.value)
    assert message.startswith(f"rules/{file}: "), message
    assert expected in message, message


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_duplicate_key_is_refused_naming_file_and_key(rules_copy: Path) -> None:
    path = rules_copy / PLACES
    edit_yaml(path, lambda data: None)  # normalise the layout
    _replace(path, "  gandhi-park:\n", "  gandhi-park:\n    kind: site\n")
    with pytest.raises(
        RulesError,
        match=r"^rules/almaty/places\.yaml: places\.gandhi-park\.kind: "
        r"duplicate key \(lines \d+ and \d+\)",
    ):
        Rulebook.load(rules_copy)


def test_a_duplicate_date_is_refused_naming_file_and_key(rules_copy: Path) -> None:
    path = rules_copy / CALENDAR
    duplicate = "  2021-07-03: {act: x, source: x, confidence: unverified}\n"
    _replace(path, "working_days:\n", "working_days:\n" + duplicate)
    with pytest.raises(RulesError, match=r"^rules/kz/calendar\.yaml: working_days\.2021-07-03: d"):
        Rulebook.load(rules_copy)


def test_a_duplicate_key_in_geojson_is_refused(rules_copy: Path) -> None:
    _replace(rules_copy / GEO, '"kind": "site",', '"kind": "site", "kind": "route",')
    with pytest.raises(RulesError, match=r"^rules/almaty/places\.geojson: kind: duplicate key"):
        Rulebook.load(rules_copy)


def test_merge_keys_are_refused(rules_copy: Path) -> None:
    path = rules_copy / PICKETING
    text = path.read_text(encoding="utf-8")
    path.write_text(text + "base: &base {a: 1}\nother:\n  <<: *base\n", encoding="utf-8")
    with pytest.raises(RulesError, match=r"^rules/almaty/picketing\.yaml: other: merge keys"):
        Rulebook.load(rules_copy)


def test_malformed_yaml_is_refused_with_its_line(rules_copy: Path) -> None:
    path = rules_copy / LAW
    path.write_text(path.read_text(encoding="utf-8") + "\nbroken: [unclosed\n", encoding="utf-8")
    with pytest.raises(RulesError, match=r"^rules/kz/law\.yaml: invalid YAML: .*\(line \d+\)"):
        Rulebook.load(rules_copy)


def test_a_missing_file_is_refused(rules_copy: Path) -> None:
    (rules_copy / PICKETING).unlink()
    with pytest.raises(RulesError, match=r"^rules/almaty/picketing\.yaml: cannot read the file"):
        Rulebook.load(rules_copy)


def test_an_unknown_city_is_refused(rules_copy: Path) -> None:
    with pytest.raises(RulesError, match=r"^rules/astana/city\.yaml: cannot read the file"):
        Rulebook.load(rules_copy, city="astana")


def test_an_amendment_adds_an_entry_and_changes_the_version(rules_copy: Path) -> None:
    entry = {"value": 600, "source": "amendment 2026 p. 3", "confidence": "verified"}
    edit_yaml(rules_copy / PLACES, _set("places|imanov-square|max_occupancy|2026-03-01", entry))
    rules = Rulebook.load(rules_copy)
    assert rules.at(date(2026, 2, 28)).places["imanov-square"].max_occupancy == 500
    assert rules.at(date(2026, 3, 1)).places["imanov-square"].max_occupancy == 600
    assert rules.at(date(2026, 3, 1)).version == "kz-2025-01-20/almaty-2026-03-01"


def test_moving_an_act_date_moves_every_value_keyed_by_it(rules_copy: Path) -> None:
    edit_yaml(rules_copy / CITY, _set("acts|amendment-2024|date", date(2024, 10, 1)))
    rules = Rulebook.load(rules_copy)
    assert rules.at(date(2024, 9, 30)).picket_buffer_m == 150
    assert "valikhanov-square" in rules.at(date(2024, 9, 30)).places
    assert rules.at(date(2024, 10, 1)).picket_buffer_m == 400


def test_an_invalid_shape_loaded_unchecked_is_refused_at_its_first_use(rules_copy: Path) -> None:
    edit_json(rules_copy / GEO, _geometry("gandhi-park", BOWTIE))
    rulebook = Rulebook.load(rules_copy, check_geometry=False)  # as the web workers load
    place = rulebook.at(date(2021, 5, 20)).places["gandhi-park"]

    expected = r"^rules/almaty/places\.geojson: gandhi-park\.geometry: invalid Polygon: Self"
    with pytest.raises(RulesError, match=expected):
        _ = place.geometry
    with pytest.raises(RulesError, match=expected):
        rulebook.check_geometry()  # what `assembly serve` runs before its workers start
