"""GET /notices: the page, and how many notices match (exactly, or a floor said so)."""

from __future__ import annotations

from typing import Any

from assembly.services import listing
from tests.api.conftest import FILED, Api, errors_of


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


def test_pages_followed_by_their_cursor_list_every_notice_once_in_order(
        api: Api, now: Any) -> None:
    now(FILED)  # five notices filed at the same instant: the id decides their order
    citizen, officer = api.sign_in("citizen"), api.sign_in("officer")
    for h in ("09", "10", "11", "12", "13"):
        api.file(citizen, starts_at=f"2021-05-20T{h}:00:00+06:00",
                 ends_at=f"2021-05-20T{h}:50:00+06:00")
    by_number = [i["reference"] for i in api.get("/notices?per_page=5", officer)
                 .get_json()["items"]]

    followed, path, cursors = [], "/notices?per_page=2", []
    while path:
        body = api.get(path, officer).get_json()
        followed += [i["reference"] for i in body["items"]]
        cursors.append(body["next_after"])
        path = f"/notices?per_page=2&after={body['next_after']}" if body["next_after"] else ""

    assert followed == by_number and len(set(followed)) == 5
    assert len(cursors) == 3 and cursors[-1] is None


def test_a_cursor_that_is_not_one_is_a_field_error(api: Api) -> None:
    officer = api.sign_in("officer")

    for cursor in ("abc", "1.2.3", "-5.1", "999999999999999999.1"):
        response = api.get(f"/notices?after={cursor}", officer)
        assert response.status_code == 422, cursor
        assert [(e["field"], e["code"]) for e in errors_of(response)] == [("after", "invalid")]
