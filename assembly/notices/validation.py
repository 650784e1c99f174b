"""Validation of a notice draft (API.md, "Notice draft"): untrusted JSON in, a Draft out.

Malformed input is not a finding (LAW.md §5): `parse_draft` reports every field problem at
once as InvalidInput (HTTP 422). Choices of form, not of the law: texts are stripped and
blank means missing (purpose <= 2000 characters, names <= 300, addresses <= 500; only the
purpose and addresses span lines); instants are ISO 8601 with an offset, local years
2000..2100, kept as aware UTC; absent booleans are false; participants 1..1,000,000; a
phone is +7 and 10 digits (spaces, dashes, brackets, a leading 8 tolerated), kept as +7….
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any, Protocol

from assembly.errors import FieldError, InvalidInput
from assembly.notices.draft import Draft, Location, Organizer
from assembly.notices.identity import bin_problem, iin_problem

MAX_PURPOSE = 2000
MAX_NAME = 300
MAX_ADDRESS = 500
MAX_EMAIL = 254
MAX_ECHO = 60  # how much of an unknown value an error message repeats
YEARS = (2000, 2100)
MAX_PARTICIPANTS = 1_000_000
PLACE_CHOICES = ("site", "route", "point")
ORGANIZER_KINDS = ("person", "organization")

BOOLEAN_FIELDS = ("sound_amplification", "vehicles", "structures")
DRAFT_FIELDS = ("form", "purpose", "starts_at", "ends_at", "place", "expected_participants",
                *BOOLEAN_FIELDS, "organizer")
PLACE_FIELDS = (*PLACE_CHOICES, "address")
CONTACT_FIELDS = ("address", "email", "phone")
ORGANIZER_FIELDS: dict[str | None, tuple[str, ...]] = {
    "person": ("kind", "full_name", "iin", *CONTACT_FIELDS),
    "organization": ("kind", "name", "bin", *CONTACT_FIELDS),
    None: ("kind", "full_name", "iin", "name", "bin", *CONTACT_FIELDS),  # kind unknown
}

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_LINE_BREAKS = re.compile(r"[\t\n\r]")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]+")
_PHONE_NOISE = re.compile(r"[\s\-()]")
_PHONE = re.compile(r"(?:\+7|8)(\d{10})")


class KnowsIds(Protocol):
    """What validation needs of a Rulebook: the ids of every version of the rules."""

    known_forms: frozenset[str]
    known_places: frozenset[str]

    def place_kind(self, place_id: str) -> str | None: ...


def _path(parent: str, key: str) -> str:
    return f"{parent}.{key}" if parent else key


def _echo(value: str) -> str:
    return value if len(value) <= MAX_ECHO else value[: MAX_ECHO - 1] + "…"


class _Parser:
    """Reads one untrusted document, collecting every field error on the way."""

    def __init__(self, ids: KnowsIds) -> None:
        self.ids = ids
        self.errors: list[FieldError] = []

    def add(self, field: str, code: str, **params: Any) -> None:
        self.errors.append(FieldError(field, code, params))

    def wrong(self, field: str, value: Any, expected: str) -> None:
        """A missing value (required) or one of the wrong JSON type (invalid_type)."""
        if value is None and field:
            self.add(field, "required")
        else:
            self.add(field, "invalid_type", expected=expected)

    def object(self, value: Any, path: str, allowed: tuple[str, ...]) -> Mapping | None:
        """The value as a mapping, its unknown keys reported; None if not a mapping."""
        if not isinstance(value, Mapping):
            self.wrong(path, value, "object")
            return None
        for key in value:
            if key not in allowed:
                self.add(_path(path, str(key)), "unknown_field")
        return value

    def text(self, obj: Mapping, key: str, path: str, limit: int, *,
             required: bool = True, lines: bool = False) -> str | None:
        """A stripped text field; blank counts as missing."""
        field, value = _path(path, key), obj.get(key)
        if value is not None and not isinstance(value, str):
            self.add(field, "invalid_type", expected="string")
            return None
        text = (value or "").strip()
        if not text:
            if required:
                self.add(field, "required")
        elif len(text) > limit:
            self.add(field, "too_long", max=limit)
        elif _CONTROL.search(text) or (not lines and _LINE_BREAKS.search(text)):
            self.add(field, "invalid_characters")
        else:
            return text
        return None

    def instant(self, value: Any, field: str) -> datetime | None:
        """An ISO 8601 instant with an offset, local year within YEARS, as aware UTC."""
        if not isinstance(value, str):
            self.wrong(field, value, "string")
            return None
        try:
            parsed = datetime.fromisoformat(value.strip()) if len(value) <= 64 else None
        except ValueError:
            parsed = None
        if parsed is None or parsed.utcoffset() is None:
            self.add(field, "invalid_datetime")
        elif not YEARS[0] <= parsed.year <= YEARS[1]:
            self.add(field, "out_of_range", min=YEARS[0], max=YEARS[1], kind="year")
        else:
            return parsed.astimezone(UTC)
        return None

    def known(self, obj: Mapping, key: str, path: str, known: frozenset[str]) -> str | None:
        """An id among `known` (every version of the rules)."""
        value = self.text(obj, key, path, MAX_NAME)
        if value is not None and value not in known:
            self.add(_path(path, key), "unknown", value=_echo(value))
            return None
        return value

    def place_id(self, obj: Mapping, kind: str) -> str | None:
        """A site or route id, given as the kind it is."""
        place_id = self.known(obj, kind, "place", self.ids.known_places)
        actual = self.ids.place_kind(place_id) if place_id is not None else kind
        if actual != kind:
            self.add(f"place.{kind}", "unknown", value=_echo(place_id or ""), kind=actual)
            return None
        return place_id

    def coordinate(self, obj: Mapping, key: str, bound: float) -> float | None:
        field, value = f"place.point.{key}", obj.get(key)
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.wrong(field, value, "number")
        elif not (math.isfinite(value) and -bound <= value <= bound):
            self.add(field, "out_of_range", min=-bound, max=bound)
        else:
            return float(value)
        return None

    def location(self, value: Any) -> Location | None:
        """Exactly one of a site, a route or a point; an address may come with it."""
        obj = self.object(value, "place", PLACE_FIELDS)
        if obj is None:
            return None
        before = len(self.errors)
        given = [k for k in PLACE_CHOICES if obj.get(k) is not None]
        if len(given) != 1:
            self.add("place", "invalid_choice", choices=list(PLACE_CHOICES))
        address = self.text(obj, "address", "place", MAX_ADDRESS, required=False, lines=True)
        site = self.place_id(obj, "site") if "site" in given else None
        route = self.place_id(obj, "route") if "route" in given else None
        lat = lon = None
        if "point" in given and (point := self.object(obj["point"], "place.point", ("lat", "lon"))):
            lat, lon = self.coordinate(point, "lat", 90.0), self.coordinate(point, "lon", 180.0)
        if len(self.errors) > before:
            return None
        return Location(site=site, route=route, lat=lat, lon=lon, address=address)

    def contact(self, obj: Mapping) -> tuple[str | None, str | None]:
        """The organizer's e-mail and mobile number (both optional), the phone normalised."""
        email = self.text(obj, "email", "organizer", MAX_EMAIL, required=False)
        if email is not None and not _EMAIL.fullmatch(email):
            self.add("organizer.email", "invalid_email")
            email = None
        phone = self.text(obj, "phone", "organizer", MAX_NAME, required=False)
        match = _PHONE.fullmatch(_PHONE_NOISE.sub("", phone)) if phone is not None else None
        if phone is not None and match is None:
            self.add("organizer.phone", "invalid_phone")
        return email, f"+7{match.group(1)}" if match else None

    def organizer(self, value: Any) -> Organizer | None:
        """A person (full name, IIN) or an organization (name, BIN), with address (Art. 1(4))."""
        kind = value.get("kind") if isinstance(value, Mapping) else None
        allowed = ORGANIZER_FIELDS[kind if kind in ORGANIZER_KINDS else None]
        obj = self.object(value, "organizer", allowed)
        if obj is None:
            return None
        before = len(self.errors)
        if kind is None:
            self.add("organizer.kind", "required")
        elif kind not in ORGANIZER_KINDS:
            self.add("organizer.kind", "invalid_choice", choices=list(ORGANIZER_KINDS))
        name_key, number_key = ("name", "bin") if kind == "organization" else ("full_name", "iin")
        name = self.text(obj, name_key, "organizer", MAX_NAME)
        number = self.text(obj, number_key, "organizer", MAX_NAME)
        if number is not None and kind in ORGANIZER_KINDS:
            # LAW.md §6: 12 digits and a checksum; an IIN's first digits are a birth date.
            problem = iin_problem(number) if number_key == "iin" else bin_problem(number)
            if problem:
                self.add(f"organizer.{number_key}", problem)
        address = self.text(obj, "address", "organizer", MAX_ADDRESS, lines=True)
        email, phone = self.contact(obj)
        if len(self.errors) > before:
            return None
        return Organizer(kind, name, number, address, email, phone)  # type: ignore[arg-type]

    def participants(self, value: Any) -> int | None:
        if value is None:
            self.add("expected_participants", "required")
        elif isinstance(value, bool) or not isinstance(value, int) or value < 1:
            self.add("expected_participants", "positive_integer")
        elif value > MAX_PARTICIPANTS:
            self.add("expected_participants", "out_of_range", min=1, max=MAX_PARTICIPANTS)
        else:
            return value
        return None

    def boolean(self, obj: Mapping, key: str) -> bool:
        value = obj.get(key, False)
        if value is None or isinstance(value, bool):
            return bool(value)
        self.add(key, "invalid_type", expected="boolean")
        return False

    def draft(self, data: Any) -> Draft | None:
        """The whole draft; None when any error was found."""
        obj = self.object(data, "", DRAFT_FIELDS)
        if obj is None:
            return None
        form = self.known(obj, "form", "", self.ids.known_forms)
        purpose = self.text(obj, "purpose", "", MAX_PURPOSE, lines=True)
        starts_at = self.instant(obj.get("starts_at"), "starts_at")
        ends_at = self.instant(obj.get("ends_at"), "ends_at")
        if starts_at and ends_at and ends_at <= starts_at:
            self.add("ends_at", "not_after_start")
        place = self.location(obj.get("place"))
        participants = self.participants(obj.get("expected_participants"))
        flags = {key: self.boolean(obj, key) for key in BOOLEAN_FIELDS}
        organizer = self.organizer(obj.get("organizer"))
        if self.errors:
            return None
        return Draft(
            form=form, purpose=purpose, starts_at=starts_at, ends_at=ends_at,  # type: ignore[arg-type]
            place=place, expected_participants=participants, organizer=organizer,  # type: ignore[arg-type]
            **flags,
        )


def parse_draft(data: Any, rulebook: KnowsIds) -> Draft:
    """A Draft from API.md's JSON shape, or InvalidInput listing every field problem."""
    parser = _Parser(rulebook)
    draft = parser.draft(data)
    if draft is None:
        raise InvalidInput(parser.errors)
    return draft


def parse_precheck(data: Any, rulebook: KnowsIds) -> tuple[Draft, datetime | None]:
    """A precheck body: a draft plus an optional `filed_at` instant (None: the caller's now)."""
    parser = _Parser(rulebook)
    filed_at = None
    if isinstance(data, Mapping) and "filed_at" in data:
        if data["filed_at"] is not None:
            filed_at = parser.instant(data["filed_at"], "filed_at")
        data = {k: v for k, v in data.items() if k != "filed_at"}
    draft = parser.draft(data)
    if draft is None:
        raise InvalidInput(parser.errors)
    return draft, filed_at


def draft_to_json(draft: Draft) -> dict[str, Any]:
    """The draft in API.md's shape (times in UTC): `parse_draft` gives it back unchanged."""
    loc = draft.place
    place: dict[str, Any] = (
        {"site": loc.site} if loc.site is not None
        else {"route": loc.route} if loc.route is not None
        else {"point": {"lat": loc.lat, "lon": loc.lon}}
    )
    if loc.address is not None:
        place["address"] = loc.address
    who = draft.organizer
    name_key, number_key = ("full_name", "iin") if who.kind == "person" else ("name", "bin")
    organizer = {"kind": who.kind, name_key: who.name, number_key: who.id_number}
    organizer["address"] = who.address
    organizer.update({k: v for k, v in (("email", who.email), ("phone", who.phone)) if v})
    data = {key: getattr(draft, key) for key in DRAFT_FIELDS}
    data.update(starts_at=draft.starts_at.isoformat(), ends_at=draft.ends_at.isoformat())
    data.update(place=place, organizer=organizer)
    return data


def parse_instant(value: Any, field: str) -> datetime:
    """An ISO 8601 instant with an offset as aware UTC, or InvalidInput on `field`."""
    parser = _Parser(None)  # type: ignore[arg-type]  (an instant names no id)
    instant = parser.instant(value, field)
    if instant is None:
        raise InvalidInput(parser.errors)
    return instant
