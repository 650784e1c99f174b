"""Proposals only to free slots over the API (issue 11): a proposal of a slot an assembly
that may go ahead holds is a 422 on `proposal` naming the clash; accepting a proposal
whose slot was taken meanwhile is a 409 `place_taken` saying so plainly (never by which
notice), and the notice waits for an answer still."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.conftest import DURING_REVIEW, Api, errors_of

LATER = {"starts_at": "2021-05-20T15:00:00+06:00", "ends_at": "2021-05-20T17:00:00+06:00"}


def approve_at(api: Api, officer: Any, citizen: Any, starts: str, ends: str) -> str:
    """A rally at Sary-Arka square on 20 May, approved; its reference."""
    reference = api.file(citizen, starts_at=f"2021-05-20T{starts}:00+06:00",
                         ends_at=f"2021-05-20T{ends}:00+06:00")["reference"]
    response = api.post(f"/notices/{reference}/decision", officer, json={"outcome": "approve"})
    assert response.status_code == 200, response.get_data(as_text=True)
    return reference


@pytest.mark.parametrize(("lang", "words"), [
    ("en", "The proposed place is already held at that time"),
    ("ru", "Предложенное место в это время уже занято"),
    ("kk", "Ұсынылған орын бұл уақытта"),
])
def test_a_proposal_of_a_held_slot_is_refused_on_the_proposal_field(
    api: Api, now: Any, lang: str, words: str
) -> None:
    now(DURING_REVIEW)  # (filed late for 20 May: no matter here)
    citizen, officer = api.sign_in("citizen"), api.sign_in("officer")
    asking = api.file(citizen)["reference"]
    held = approve_at(api, officer, citizen, "16:00", "18:00")

    response = api.post(f"/notices/{asking}/decision", officer,
                        headers={"Accept-Language": lang},
                        json={"outcome": "propose_change", "proposal": LATER})

    assert response.status_code == 422
    [error] = errors_of(response)
    assert (error["field"], error["code"]) == ("proposal", "place_taken")
    assert error["message"].startswith(words) and held in error["message"]
    assert "16:00" in error["message"] and "18:00" in error["message"]
    assert api.get(f"/notices/{asking}", officer).get_json()["status"] == "received"


@pytest.mark.parametrize(("lang", "words"), [
    ("en", "The proposed place and time are no longer free"),
    ("ru", "Предложенные место и время уже не свободны"),
    ("kk", "Ұсынылған орын мен уақыт енді бос емес"),
])
def test_accepting_a_proposal_taken_meanwhile_is_a_409_that_says_so(
    api: Api, now: Any, lang: str, words: str
) -> None:
    now(DURING_REVIEW)  # (filed late for 20 May: no matter here)
    citizen, officer = api.sign_in("citizen"), api.sign_in("officer")
    asking = api.file(citizen)["reference"]
    proposed = api.post(f"/notices/{asking}/decision", officer,
                        json={"outcome": "propose_change", "proposal": LATER})
    assert proposed.status_code == 200, proposed.get_data(as_text=True)
    other = approve_at(api, officer, api.sign_in("citizen"), "16:00", "18:00")

    response = api.post(f"/notices/{asking}/proposal-response", citizen,
                        headers={"Accept-Language": lang}, json={"accept": True})

    assert response.status_code == 409
    [error] = errors_of(response)
    assert (error["field"], error["code"]) == (None, "place_taken")
    assert error["message"].startswith(words)
    assert "16:00" in error["message"] and "18:00" in error["message"]
    assert other.encode() not in response.get_data()
    assert api.get(f"/notices/{asking}", citizen).get_json()["status"] == "change_proposed"
    declined = api.post(f"/notices/{asking}/proposal-response", citizen,
                        json={"accept": False})
    assert declined.status_code == 200 and declined.get_json()["status"] == "in_review"


def test_approving_a_notice_whose_place_is_held_is_a_409_place_taken(
    api: Api, now: Any
) -> None:
    now(DURING_REVIEW)  # (filed late for 20 May: no matter here)
    citizen, officer = api.sign_in("citizen"), api.sign_in("officer")
    asking = api.file(citizen)["reference"]
    approve_at(api, officer, citizen, "12:00", "14:00")

    response = api.post(f"/notices/{asking}/decision", officer, json={"outcome": "approve"})

    assert response.status_code == 409
    assert [e["code"] for e in errors_of(response)] == ["place_taken"]
    assert "from May 20, 2021, 12:00 to May 20, 2021, 14:00" in errors_of(response)[0]["message"]
