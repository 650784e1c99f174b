"""What anyone may read carries no personal data of filed notices (CC 61-НП, LAW.md §8):
the organizers' names, IIN, BIN, e-mail addresses, phone numbers, addresses and the
purposes never appear in the raw bytes of the public endpoints' responses.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest

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
    allowed = {"place", "date", "starts_at", "ends_at", "form", "expected_participants",
               "status"}
    assert all(set(item) == allowed for item in items)
    assert {item["status"] for item in items} == {"approved", "received"}


@pytest.mark.parametrize("who", ["anonymous", "citizen"])
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
    assert "place_occupied" in {f["code"] for f in found}  # the check did look at it
    raw = response.get_data()
    # (The finding names the notice in the way by its reference: no personal data.)
    for secret in [*_secrets(PERSON), *_secrets(ORGANIZATION), PURPOSE, "private.citizen"]:
        for form in _forms(secret):
            assert form not in raw, f"{secret!r} leaks from /precheck"
