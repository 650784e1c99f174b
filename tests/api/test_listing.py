"""GET /notices: the page, and how many notices match (exactly, or a floor said so)."""

from __future__ import annotations

from typing import Any

from assembly.services import listing
from tests.api.conftest import FILED, Api


def test_an_officer_lists_every_notice_with_an_exact_total(api: Api, now: Any) -> None:
    now(FILED)
    citizen, officer = api.sign_in("citizen"), api.sign_in("officer")
    filed = [api.file(citizen, starts_at=f"2021-05-20T{h}:00:00+06:00",
                      ends_at=f"2021-05-20T{h}:50:00+06:00")["reference"]
             for h in ("09", "10", "11")]

    body = api.get("/notices?per_page=2", officer).get_json()

    assert {k: body[k] for k in ("page", "per_page", "total", "total_exact")} == {
        "page": 1, "per_page": 2, "total": 3, "total_exact": True}
    assert len(body["items"]) == 2 and {i["reference"] for i in body["items"]} <= set(filed)


def test_past_the_count_ahead_the_total_is_a_floor_and_says_so(
        api: Api, now: Any, monkeypatch: Any) -> None:
    now(FILED)
    citizen, officer = api.sign_in("citizen"), api.sign_in("officer")
    for h in ("09", "10", "11"):
        api.file(citizen, starts_at=f"2021-05-20T{h}:00:00+06:00",
                 ends_at=f"2021-05-20T{h}:50:00+06:00")
    monkeypatch.setattr(listing, "COUNT_AHEAD", 0)

    body = api.get("/notices?per_page=1", officer).get_json()

    assert (body["total"], body["total_exact"], len(body["items"])) == (1, False, 1)
