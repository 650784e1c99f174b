"""Officers record closures of special places and routes; the public sees "closed" only."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from assembly.models import Closure
from tests.web.conftest import html

PAGE = "/officer/closures"
NOW = "2021-05-14T10:00:00+06:00"


def closure_data(**overrides: str) -> dict[str, str]:
    data = {"place": "gandhi-park", "start_date": "2021-05-24", "start_time": "08:00",
            "end_date": "2021-05-28", "end_time": "20:00", "kind": "works",
            "reason": "Replacing the fountain's pipes.", "source": "Akimat letter No. 77"}
    data.update(overrides)
    return data


def stored(session_factory) -> list[tuple[str, str, str]]:
    with session_factory() as session:
        return [(c.place_id, c.kind, c.source) for c in session.scalars(select(Closure))]


@pytest.fixture
def officer(client, login, now):
    now(NOW)
    return login(client, "officer")


def test_an_officer_records_a_closure_and_sees_it_with_its_details(
    client, officer, session_factory
):
    response = client.submit(PAGE + "?lang=en", closure_data())
    assert response.status_code == 302
    assert stored(session_factory) == [("gandhi-park", "works", "Akimat letter No. 77")]
    page = html(client.get(PAGE + "?lang=en"))
    assert "The closure has been recorded." in page
    assert "Replacing the fountain&#39;s pipes." in page and "works under way" in page


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"end_date": "2021-05-23"}, "The end must be later than the start."),
        ({"start_time": ""}, "Enter the start time, e.g. 11:00."),
        ({"source": ""}, "Give the source: the act, letter or report behind it."),
        ({"place": ""}, "Choose the place."),
    ],
)
def test_a_bad_closure_is_shown_with_its_error_and_nothing_is_stored(
    client, officer, session_factory, change, message
):
    response = client.submit(PAGE + "?lang=en", closure_data(**change))
    assert response.status_code == 422
    assert message in html(response)
    assert stored(session_factory) == []


def test_the_public_calendar_and_map_show_the_place_closed_without_details(
    client, officer
):
    assert client.submit(PAGE, closure_data()).status_code == 302
    calendar = html(client.get("/occupancy?from=2021-05-20&to=2021-05-31&lang=en"))
    assert "closed" in calendar and "Mahatma Gandhi Park" in calendar
    assert "fountain" not in calendar and "Akimat letter" not in calendar
    feed = client.get("/occupancy.ics?from=2021-05-20&to=2021-05-31&lang=en").get_data(
        as_text=True)
    assert "Closed: Mahatma Gandhi Park" in feed and "fountain" not in feed
    on_map = html(client.get("/map?on=2021-05-25&lang=en"))
    assert "Closed on this date." in on_map and "map-closed" in on_map
    assert "Closed on this date." not in html(client.get("/map?on=2021-05-29&lang=en"))


@pytest.mark.parametrize("role", ["citizen", "manager"])
def test_other_roles_cannot_read_or_record_closures(client, login, now, role):
    now(NOW)
    login(client, role)
    assert client.get(PAGE).status_code == 403
    assert client.submit(PAGE, closure_data()).status_code == 403


def test_an_administrator_reads_the_closures_but_cannot_record_one(
    client, login, now, session_factory
):
    now(NOW)
    login(client, "admin")
    page = client.get(PAGE + "?lang=en")
    assert page.status_code == 200 and "Record a closure" not in html(page)
    assert client.submit(PAGE, closure_data()).status_code == 403
    assert stored(session_factory) == []
