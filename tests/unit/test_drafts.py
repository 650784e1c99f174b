"""Validation of notice drafts: malformed input is a 422 listing every problem, never a finding."""

from __future__ import annotations

import copy
from datetime import UTC, date, datetime
from typing import Any

import pytest

from assembly.errors import FieldError, InvalidInput
from assembly.i18n import field_error_message
from assembly.notices.draft import Draft, Location
from assembly.notices.identity import make_bin, make_iin
from assembly.notices.validation import draft_to_json, parse_draft, parse_precheck
from tests.conftest import dummy_draft

IIN = make_iin(date(1990, 3, 15), "female", 1)
BIN = make_bin(date(2015, 6, 1), 123)


class Ids:
    """The ids every version of the Almaty rules knows (LAW.md §1, §7)."""

    known_forms = frozenset({"picket", "meeting", "rally", "demonstration", "march"})
    _kinds = {
        "sary-arka-square": "site", "gandhi-park": "site", "valikhanov-square": "site",
        "imanov-square": "site", "shevchenko-street": "route", "zhambyl-street": "route",
    }
    known_places = frozenset(_kinds)

    def place_kind(self, place_id: str) -> str | None:
        return self._kinds.get(place_id)


IDS = Ids()


def person_draft(**overrides: Any) -> dict[str, Any]:
    """A valid rally notice at Sary-Arka square on Thu 2021-05-20, 11:00-13:00 (UTC+6)."""
    return dummy_draft(**overrides)


def organization_draft() -> dict[str, Any]:
    """A valid march notice of an organization on the Zhambyl street route."""
    return person_draft(
        form="march",
        place={"route": "zhambyl-street"},
        organizer={"kind": "organization", "name": "ОО «Жасыл қала»", "bin": BIN,
                   "address": "Алматы, пр. Достык 5", "phone": "8 (701) 123-45-67"},
    )


def errors_of(data: Any) -> list[tuple[str, str]]:
    with pytest.raises(InvalidInput) as caught:
        parse_draft(data, IDS)
    return [(e.field, e.code) for e in caught.value.errors]


def with_path(path: str, value: Any) -> dict[str, Any]:
    """A valid draft with the value at a dotted path set (or removed when value is DELETE)."""
    data = copy.deepcopy(person_draft())
    *parents, leaf = path.split(".")
    node = data
    for key in parents:
        node = node[key]
    if value is DELETE:
        del node[leaf]
    else:
        node[leaf] = value
    return data


DELETE = object()


def test_a_valid_person_draft_parses_into_aware_utc_values() -> None:
    draft = parse_draft(person_draft(), IDS)
    assert draft.form == "rally"
    assert draft.starts_at == datetime(2021, 5, 20, 5, 0, tzinfo=UTC)
    assert draft.ends_at.tzinfo is UTC
    assert draft.place == Location(site="sary-arka-square")
    assert draft.organizer.kind == "person"
    assert draft.organizer.name == "Айгерим Сапарова"
    assert draft.organizer.id_number == IIN
    assert draft.organizer.phone == "+77011234567"


def test_a_valid_organization_draft_parses_and_its_phone_is_normalised() -> None:
    draft = parse_draft(organization_draft(), IDS)
    assert draft.place == Location(route="zhambyl-street")
    assert draft.organizer.kind == "organization"
    assert draft.organizer.id_number == BIN
    assert draft.organizer.email is None
    assert draft.organizer.phone == "+77011234567"


def test_a_picket_point_parses_with_its_address() -> None:
    place = {"point": {"lat": 43.25, "lon": 76.94}, "address": "  ул. Абая 1  "}
    draft = parse_draft(person_draft(form="picket", place=place), IDS)
    assert draft.place == Location(lat=43.25, lon=76.94, address="ул. Абая 1")
    assert draft.place.is_point and draft.place.place_id is None


def test_integer_coordinates_are_numbers_too() -> None:
    draft = parse_draft(person_draft(place={"point": {"lat": 43, "lon": 77}}), IDS)
    assert (draft.place.lat, draft.place.lon) == (43.0, 77.0)


def test_texts_are_stripped_and_the_booleans_default_to_false() -> None:
    data = person_draft(purpose="  Парки  ")
    for key in ("sound_amplification", "vehicles", "structures"):
        del data[key]
    draft = parse_draft(data, IDS)
    assert draft.purpose == "Парки"
    assert (draft.sound_amplification, draft.vehicles, draft.structures) == (False,) * 3


@pytest.mark.parametrize("make", [person_draft, organization_draft])
def test_a_draft_survives_a_round_trip_through_json(make: Any) -> None:
    draft = parse_draft(make(), IDS)
    echoed = draft_to_json(draft)
    assert parse_draft(echoed, IDS) == draft
    assert echoed["starts_at"] == "2021-05-20T05:00:00+00:00"


def test_a_point_draft_survives_a_round_trip_through_json() -> None:
    place = {"point": {"lat": 43.2567, "lon": 76.9286}, "address": "ул. Абая 1"}
    draft = parse_draft(person_draft(form="picket", place=place, vehicles=True), IDS)
    echoed = draft_to_json(draft)
    assert echoed["place"] == place
    assert parse_draft(echoed, IDS) == draft


def test_draft_to_json_has_the_api_shape() -> None:
    echoed = draft_to_json(parse_draft(organization_draft(), IDS))
    assert set(echoed) == set(person_draft())
    assert echoed["organizer"] == {
        "kind": "organization", "name": "ОО «Жасыл қала»", "bin": BIN,
        "address": "Алматы, пр. Достык 5", "phone": "+77011234567",
    }


@pytest.mark.parametrize("data", [None, [], "draft", 42])
def test_a_body_that_is_not_an_object_is_refused(data: Any) -> None:
    assert errors_of(data) == [("", "invalid_type")]


@pytest.mark.parametrize(
    ("path", "value", "expected"),
    [
        ("form", DELETE, ("form", "required")),
        ("purpose", DELETE, ("purpose", "required")),
        ("purpose", "   ", ("purpose", "required")),
        ("starts_at", None, ("starts_at", "required")),
        ("place", DELETE, ("place", "required")),
        ("expected_participants", DELETE, ("expected_participants", "required")),
        ("organizer", DELETE, ("organizer", "required")),
        ("organizer.kind", DELETE, ("organizer.kind", "required")),
        ("organizer.full_name", "", ("organizer.full_name", "required")),
        ("organizer.iin", DELETE, ("organizer.iin", "required")),
        ("organizer.address", DELETE, ("organizer.address", "required")),
        ("place", {"point": {"lon": 76.9}}, ("place.point.lat", "required")),
        ("form", 3, ("form", "invalid_type")),
        ("purpose", ["a"], ("purpose", "invalid_type")),
        ("starts_at", 1621486800, ("starts_at", "invalid_type")),
        ("place", "sary-arka-square", ("place", "invalid_type")),
        ("place.site", 7, ("place.site", "invalid_type")),
        ("place", {"point": [43.2, 76.9]}, ("place.point", "invalid_type")),
        ("place", {"point": {"lat": "43.2", "lon": 76.9}}, ("place.point.lat", "invalid_type")),
        ("place", {"point": {"lat": True, "lon": 76.9}}, ("place.point.lat", "invalid_type")),
        ("organizer", "Айгерим", ("organizer", "invalid_type")),
        ("organizer.iin", 900315400012, ("organizer.iin", "invalid_type")),
        ("vehicles", "no", ("vehicles", "invalid_type")),
        ("structures", 0, ("structures", "invalid_type")),
        ("purpose", "x" * 2001, ("purpose", "too_long")),
        ("organizer.full_name", "x" * 301, ("organizer.full_name", "too_long")),
        ("organizer.address", "x" * 501, ("organizer.address", "too_long")),
        ("organizer.full_name", "Айгерим\nСапарова", ("organizer.full_name", "invalid_characters")),
        ("purpose", "nul\x00byte", ("purpose", "invalid_characters")),
        ("colour", "red", ("colour", "unknown_field")),
        ("place.floor", 2, ("place.floor", "unknown_field")),
        ("place", {"point": {"lat": 43.2, "lon": 76.9, "alt": 800}},
         ("place.point.alt", "unknown_field")),
        ("organizer.bin", BIN, ("organizer.bin", "unknown_field")),
        ("organizer.passport", "N123", ("organizer.passport", "unknown_field")),
        ("starts_at", "2021-05-20 11:00", ("starts_at", "invalid_datetime")),
        ("starts_at", "2021-05-20", ("starts_at", "invalid_datetime")),
        ("starts_at", "20.05.2021 11:00 +06:00", ("starts_at", "invalid_datetime")),
        ("starts_at", "2021-05-20T11:00:00+25:00", ("starts_at", "invalid_datetime")),
        ("starts_at", "1999-12-31T11:00:00+06:00", ("starts_at", "out_of_range")),
        ("ends_at", "2101-01-01T00:00:00+06:00", ("ends_at", "out_of_range")),
        ("place", {"point": {"lat": 91, "lon": 76.9}}, ("place.point.lat", "out_of_range")),
        ("place", {"point": {"lat": 43.2, "lon": -180.5}}, ("place.point.lon", "out_of_range")),
        ("place", {"point": {"lat": float("nan"), "lon": 76.9}},
         ("place.point.lat", "out_of_range")),
        ("ends_at", "2021-05-20T11:00:00+06:00", ("ends_at", "not_after_start")),
        ("ends_at", "2021-05-20T10:00:00+06:00", ("ends_at", "not_after_start")),
        ("form", "flashmob", ("form", "unknown")),
        ("place", {"site": "red-square"}, ("place.site", "unknown")),
        ("place", {"route": "abay-avenue"}, ("place.route", "unknown")),
        ("place", {"route": "sary-arka-square"}, ("place.route", "unknown")),
        ("place", {"site": "zhambyl-street"}, ("place.site", "unknown")),
        ("place", {}, ("place", "invalid_choice")),
        ("place", {"address": "ул. Абая 1"}, ("place", "invalid_choice")),
        ("place", {"site": "gandhi-park", "route": "zhambyl-street"}, ("place", "invalid_choice")),
        ("organizer.kind", "company", ("organizer.kind", "invalid_choice")),
        ("organizer.kind", ["person"], ("organizer.kind", "invalid_choice")),
        ("expected_participants", 0, ("expected_participants", "positive_integer")),
        ("expected_participants", -5, ("expected_participants", "positive_integer")),
        ("expected_participants", 12.5, ("expected_participants", "positive_integer")),
        ("expected_participants", "300", ("expected_participants", "positive_integer")),
        ("expected_participants", True, ("expected_participants", "positive_integer")),
        ("expected_participants", 10**12, ("expected_participants", "out_of_range")),
        ("organizer.iin", "12345", ("organizer.iin", "format")),
        ("organizer.iin", IIN[:11] + str((int(IIN[11]) + 1) % 10), ("organizer.iin", "checksum")),
        ("organizer.email", "aigerim@", ("organizer.email", "invalid_email")),
        ("organizer.email", "aigerim example.kz", ("organizer.email", "invalid_email")),
        ("organizer.phone", "+7 701 123 45", ("organizer.phone", "invalid_phone")),
        ("organizer.phone", "+1 202 555 0100", ("organizer.phone", "invalid_phone")),
        ("organizer.phone", "phone me", ("organizer.phone", "invalid_phone")),
    ],
)
def test_each_malformed_field_is_reported_with_its_code(
    path: str, value: Any, expected: tuple[str, str]
) -> None:
    assert errors_of(with_path(path, value)) == [expected]


def test_an_iin_whose_first_digits_are_no_birth_date_is_refused() -> None:
    # 31 February 1990, with a valid check digit: the checksum alone would let it pass.
    from assembly.notices.identity import check_digit

    stem = "9002314" + "0001"
    iin = stem + str(check_digit(stem))
    assert errors_of(with_path("organizer.iin", iin)) == [("organizer.iin", "birth_date")]


def test_an_organizer_of_unknown_kind_is_not_also_blamed_for_its_fields() -> None:
    data = with_path("organizer.kind", {"person": True})
    data["organizer"]["bin"] = BIN
    assert errors_of(data) == [("organizer.kind", "invalid_choice")]


def test_keys_that_are_not_strings_are_unknown_fields() -> None:
    assert errors_of({**person_draft(), 1: "one"}) == [("1", "unknown_field")]


def test_a_bad_bin_checksum_is_refused() -> None:
    data = organization_draft()
    data["organizer"]["bin"] = BIN[:11] + str((int(BIN[11]) + 1) % 10)
    assert errors_of(data) == [("organizer.bin", "checksum")]


def test_a_place_id_of_the_wrong_kind_says_which_kind_it_is() -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_draft(person_draft(place={"route": "sary-arka-square"}), IDS)
    assert caught.value.errors == [
        FieldError("place.route", "unknown", {"value": "sary-arka-square", "kind": "site"})
    ]


def test_a_known_place_out_of_force_is_not_a_validation_error() -> None:
    # Valikhanov square left the list in 2024: that is a finding of the checks, not a 422.
    data = person_draft(place={"site": "valikhanov-square"}, starts_at="2025-05-20T11:00:00+05:00",
                        ends_at="2025-05-20T13:00:00+05:00")
    assert parse_draft(data, IDS).place.site == "valikhanov-square"


def test_several_problems_are_reported_together_in_one_error() -> None:
    data = person_draft(
        form="flashmob",
        ends_at="2021-05-20T10:00:00+06:00",
        place={"site": "sary-arka-square", "point": {"lat": 43.2, "lon": 76.9}},
        expected_participants=0,
        vehicles="yes",
        organizer={"kind": "person", "full_name": " ", "iin": "123", "address": "Алматы",
                   "email": "nobody", "extra": 1},
        note="please",
    )
    assert errors_of(data) == [
        ("note", "unknown_field"),
        ("form", "unknown"),
        ("ends_at", "not_after_start"),
        ("place", "invalid_choice"),
        ("expected_participants", "positive_integer"),
        ("vehicles", "invalid_type"),
        ("organizer.extra", "unknown_field"),
        ("organizer.full_name", "required"),
        ("organizer.iin", "format"),
        ("organizer.email", "invalid_email"),
    ]


def test_an_invalid_input_carries_messages_for_a_citizen() -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_draft(with_path("organizer.iin", "123"), IDS)
    assert field_error_message(caught.value.errors[0], "ru") == "ИИН состоит из 12 цифр."


def test_an_instant_with_z_is_utc() -> None:
    data = person_draft(starts_at="2021-05-20T05:00:00Z", ends_at="2021-05-20T07:00:00Z")
    assert parse_draft(data, IDS).starts_at == datetime(2021, 5, 20, 5, tzinfo=UTC)


def test_a_precheck_body_may_add_filed_at() -> None:
    draft, filed_at = parse_precheck(person_draft(filed_at="2021-05-13T18:00:00+06:00"), IDS)
    assert isinstance(draft, Draft)
    assert filed_at == datetime(2021, 5, 13, 12, tzinfo=UTC)
    assert parse_precheck(person_draft(), IDS)[1] is None
    assert parse_precheck(person_draft(filed_at=None), IDS)[1] is None


def test_a_bad_filed_at_is_reported_with_the_draft_s_problems() -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_precheck(person_draft(filed_at="yesterday", form="flashmob"), IDS)
    assert [(e.field, e.code) for e in caught.value.errors] == [
        ("filed_at", "invalid_datetime"), ("form", "unknown"),
    ]


def test_filed_at_is_not_part_of_a_filing() -> None:
    assert errors_of(person_draft(filed_at="2021-05-13T18:00:00+06:00")) == [
        ("filed_at", "unknown_field")
    ]
