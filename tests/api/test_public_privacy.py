"""What anyone may read carries no personal data of filed notices (CC 61-НП, LAW.md §8):
the organizers' names, IIN, BIN, e-mail addresses, phone numbers, addresses and the
purposes never appear in the raw bytes of the public endpoints' responses; nor does
anything that leads to a notice's reference (issue 11): a place taken says when, and by
which notice to officers only; occupancy entries are named by a random stored id.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from assembly.models import Notice
from assembly.notices.identity import make_bin, make_iin
from tests.api.conftest import DURING_REVIEW, Api
from tests.conftest import dummy_draft

PERSON = {
    "kind": "person",
    "full_name": "Жанаргүл Ерекшеқызы Zhanargul",
    "iin": make_iin(date(1985, 7, 9), "female", 4321),
    "address": "Алматы, ул. Неповторимая 77, кв. 13",
    "email": "zhanargul.unique.organizer@example.kz",
    "phone": "+77019876543",
}
ORGANIZATION = {
    "kind": "organization",
    "name": "Unrepeatable Union of Gardeners LLP",
    "bin": make_bin(date(2019, 11, 1), 24680),
    "address": "Almaty, Distinctive Lane 5",
    "email": "union.distinctive@example.kz",
    "phone": "+77027654321",
}
PURPOSE = "Purpose-that-stays-private: the fate of Kok-Tobe's oaks"
PUBLIC = [
    "/occupancy?from=2021-05-13&to=2021-06-30",
    "/occupancy?from=2021-05-20&to=2021-05-20&place=sary-arka-square",
    "/occupancy?from=2021-05-13&to=2021-06-30&place=shevchenko-street",
    "/places?on=2021-05-20",
    "/prohibited-zones?on=2021-05-20",
    "/openapi.json",
]


def _secrets(organizer: dict[str, Any]) -> list[str]:
    """Every personal value of an organizer, and the parts a leak might show."""
    values = [v for k, v in organizer.items() if k != "kind"]
    values += [organizer["phone"].lstrip("+"), organizer["email"].split("@")[0]]
    values += organizer.get("full_name", organizer.get("name", "")).split()[:2]
    return values


def _forms(value: str) -> list[bytes]:
    """The value as it could appear in a JSON response: raw UTF-8 or ASCII-escaped."""
    return [value.encode(), json.dumps(value).strip('"').encode()]


@pytest.fixture
def filed(api: Api, now: Any) -> list[str]:
    """Notices with distinctive personal data in several states; their references."""
    citizen = api.sign_in("citizen", email="private.citizen@example.kz")
    references = []
    for organizer, changes in [
        (PERSON, {}),
        (ORGANIZATION, {"starts_at": "2021-05-20T14:00:00+06:00",
                        "ends_at": "2021-05-20T16:00:00+06:00"}),
        (PERSON, {"form": "march", "place": {"route": "shevchenko-street"},
                  "starts_at": "2021-06-10T11:00:00+06:00",
                  "ends_at": "2021-06-10T13:00:00+06:00"}),
    ]:
        notice = api.file(citizen, organizer=organizer, purpose=PURPOSE, **changes)
        references.append(notice["reference"])
    now(DURING_REVIEW)
    officer = api.sign_in("officer")
    approved = api.post(f"/notices/{references[0]}/decision", officer,
                        json={"outcome": "approve"})
    assert approved.status_code == 200, approved.get_data(as_text=True)
    return references


@pytest.mark.parametrize("path", PUBLIC)
@pytest.mark.parametrize("who", ["anonymous", "citizen", "officer"])
def test_public_endpoints_carry_no_personal_data_of_filed_notices(
    api: Api, filed: list[str], path: str, who: str
) -> None:
    caller = api.sign_in(who) if who != "anonymous" else None
    response = api.get(path, caller)

    assert response.status_code == 200, response.get_data(as_text=True)
    raw = response.get_data()
    for secret in [*_secrets(PERSON), *_secrets(ORGANIZATION), PURPOSE, "private.citizen",
                   *filed]:
        for form in _forms(secret):
            assert form not in raw, f"{secret!r} leaks from {path}"


def test_the_occupancy_lists_the_filed_assemblies_with_only_the_public_fields(
    api: Api, filed: list[str]
) -> None:
    response = api.get("/occupancy?from=2021-05-13&to=2021-06-30")

    items = response.get_json()["items"]
    assert len(items) == 3  # the scan above saw real entries, not an empty list
    allowed = {"id", "place", "date", "starts_at", "ends_at", "form",
               "expected_participants", "status"}
    assert all(set(item) == allowed for item in items)
    assert {item["status"] for item in items} == {"approved", "received"}


def test_occupancy_entries_are_named_by_the_random_id_each_notice_stores(
    api: Api, filed: list[str], session: Session
) -> None:
    first = api.get("/occupancy?from=2021-05-13&to=2021-06-30").get_json()["items"]
    again = api.get("/occupancy?from=2021-05-20&to=2021-06-30").get_json()["items"]

    session.rollback()
    stored = dict(session.execute(select(Notice.reference, Notice.public_id)).all())
    assert sorted(item["id"] for item in first) == sorted(stored[r] for r in filed)
    assert {item["id"] for item in again} == {item["id"] for item in first}  # stable
    for reference, public_id in stored.items():
        # Not the hash of the reference the calendar used before: nothing to compute.
        derived = hashlib.sha256(f"occupancy:{reference}".encode()).hexdigest()[:24]
        assert public_id != derived and reference[-6:] not in public_id
        assert len(public_id) == 24 and int(public_id, 16) >= 0


@pytest.mark.parametrize("who", ["anonymous", "citizen", "manager", "admin"])
def test_a_precheck_of_an_overlapping_draft_reveals_nothing_of_the_notice_in_the_way(
    api: Api, filed: list[str], now: Any, who: str
) -> None:
    caller = api.sign_in(who) if who != "anonymous" else None
    # The same slot as the approved notice, by another organizer.
    draft = dummy_draft(organizer={**PERSON, "full_name": "Other Person", "email": None,
                                   "phone": None, "address": "Almaty"},
                        filed_at=DURING_REVIEW)
    draft["organizer"]["iin"] = dummy_draft()["organizer"]["iin"]
    response = api.post("/precheck", caller, json=draft)

    assert response.status_code == 200, response.get_data(as_text=True)
    found = response.get_json()["findings"]
    occupied = [f["message"] for f in found if f["code"] == "place_occupied"]
    # The check did look at it, and says when the place is taken, but not by which notice.
    assert occupied == ["The place is already taken at this time by another assembly, from "
                        "May 20, 2021, 11:00 to May 20, 2021, 13:00: square behind the "
                        "Sary-Arka cinema."]
    raw = response.get_data()
    for secret in [*_secrets(PERSON), *_secrets(ORGANIZATION), PURPOSE, "private.citizen",
                   *filed, "ALA-2021"]:
        for form in _forms(secret):
            assert form not in raw, f"{secret!r} leaks from /precheck"


@pytest.mark.parametrize(("who", "named"), [("owner", False), ("manager", False),
                                             ("officer", True)])
@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_a_notice_s_place_occupied_finding_names_the_notice_in_the_way_to_officers_only(
    api: Api, filed: list[str], now: Any, who: str, named: bool, lang: str
) -> None:
    owner = api.sign_in("citizen")
    later = api.file(owner, starts_at="2021-05-20T12:00:00+06:00",
                     ends_at="2021-05-20T14:00:00+06:00")["reference"]
    caller = owner if who == "owner" else api.sign_in(who)

    response = api.get(f"/notices/{later}", caller, headers={"Accept-Language": lang})

    occupied = [f["message"] for f in response.get_json()["findings"]
                if f["code"] == "place_occupied"]
    assert len(occupied) == 1 and "11:00" in occupied[0] and "13:00" in occupied[0]
    assert {"kk": "өткізіледі", "ru": "занято", "en": "taken"}[lang] in occupied[0]
    assert (filed[0] in occupied[0]) == named
    assert (filed[0].encode() in response.get_data()) == named
