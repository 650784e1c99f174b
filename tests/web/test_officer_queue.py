"""The officers' queue: pending notices, overdue first, then by the legal deadline; filters by
status, form, place and event date; pages."""

from __future__ import annotations

import re

import pytest

from assembly.actors import Actor
from assembly.services.decisions import DecisionInput
from assembly.services.review import decide, take_for_review
from tests.conftest import at
from tests.web.conftest import html
from tests.web.officer_helpers import DURING_REVIEW, file, slot

REFERENCE = re.compile(r">(ALA-\d{4}-\d{6})</a>")


def listed(response) -> list[str]:
    """The references the queue lists, in order."""
    body = html(response)
    rows = body.split("<tbody>", 1)[1].split("</tbody>", 1)[0] if "<tbody>" in body else ""
    return REFERENCE.findall(rows)


def row(body: str, reference: str) -> str:
    """The table row of a reference, after its link."""
    return body.split(f">{reference}</a>", 1)[1].split("</tr>", 1)[0]


@pytest.fixture
def queue(session, create_user, now):
    """Notices pending on Fri 2021-05-14, filed in an order unlike their deadlines."""
    now(DURING_REVIEW)
    owner = create_user("citizen")
    officer = Actor.of(create_user("officer"))
    due_19 = file(session, owner, "2021-05-14T09:00:00+06:00", **slot("20", "15:00", "17:00"))
    due_18 = file(session, owner, "2021-05-13T10:00:00+06:00", **slot("20", "11:00", "13:00"))
    # A march filed on Mon 2021-04-26: its seven working days ended before 14 May.
    overdue = file(session, owner, "2021-04-26T10:00:00+06:00", form="march",
                   place={"route": "shevchenko-street"})
    due_17 = file(session, owner, "2021-05-12T10:00:00+06:00",
                  **slot("21", "11:00", "13:00", "gandhi-park"), form="meeting")
    picket = file(session, owner, "2021-05-13T10:00:00+06:00", form="picket",
                  place={"point": {"lat": 43.2389, "lon": 76.9457}}, expected_participants=5,
                  **{k: v for k, v in slot("24", "10:00", "11:00").items() if k != "place"})
    decided = file(session, owner, "2021-05-13T10:00:00+06:00", **slot("20", "17:00", "19:00"))
    decide(session, decided, DecisionInput("approve"), actor=officer, now=at(DURING_REVIEW))
    take_for_review(session, due_18, actor=officer, now=at(DURING_REVIEW))
    session.commit()
    return {"due_19": due_19.reference, "due_18": due_18.reference,
            "overdue": overdue.reference, "due_17": due_17.reference,
            "picket": picket.reference, "decided": decided.reference}


def test_the_queue_lists_overdue_notices_first_then_the_soonest_deadline(client, login, queue):
    login(client, "officer")
    response = client.get("/officer/?lang=en")
    assert response.status_code == 200
    # The picket's deadline is the same as due_18's (both filed on 13 May): filing order.
    assert listed(response) == [queue["overdue"], queue["due_17"], queue["due_18"],
                                queue["picket"], queue["due_19"]]


def test_the_queue_leaves_out_notices_already_decided(client, login, queue):
    login(client, "officer")
    assert queue["decided"] not in listed(client.get("/officer/"))


def test_the_queue_says_how_long_is_left_or_how_long_it_is_overdue(client, login, queue):
    login(client, "officer")
    body = html(client.get("/officer/?lang=en"))
    overdue_row = row(body, queue["overdue"])
    assert "overdue by" in overdue_row and 'class="overdue"' in overdue_row
    due_row = row(body, queue["due_19"])
    # From 10:00 on 14 May to 23:59:59 on 19 May.
    assert "May 19, 2021, 23:59" in due_row and "5 d 13 h left" in due_row


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status=in_review", ["due_18"]),
        ("status=received&form=rally", ["due_19"]),
        ("form=march", ["overdue"]),
        ("place=gandhi-park", ["due_17"]),
        ("place=point", ["picket"]),
        ("from=2021-05-21&to=2021-05-24", ["due_17", "picket"]),
        ("to=20.05.2021", ["overdue", "due_18", "due_19"]),
    ],
)
def test_the_queue_filters_by_status_form_place_and_event_date(client, login, queue, query,
                                                                expected):
    login(client, "officer")
    response = client.get(f"/officer/?{query}")
    assert response.status_code == 200
    assert listed(response) == [queue[name] for name in expected]


def test_a_date_that_cannot_be_read_is_shown_beside_its_filter(client, login, queue):
    login(client, "officer")
    response = client.get("/officer/?from=someday&lang=en")
    assert response.status_code == 422
    assert "Enter a date, e.g. 20.05.2021." in html(response)
    assert len(listed(response)) == 5  # the other filters still apply


def test_an_end_before_the_start_is_an_error(client, login, queue):
    login(client, "officer")
    response = client.get("/officer/?from=2021-05-21&to=2021-05-20&lang=en")
    assert response.status_code == 422
    assert "must not be before its start" in html(response)


def test_the_queue_pages_keep_the_filters(client, login, queue, monkeypatch):
    monkeypatch.setattr("assembly.web.officer.notices.PER_PAGE", 2)
    login(client, "officer")
    everything = client.get("/officer/?lang=en")
    assert listed(everything) == [queue["overdue"], queue["due_17"]]
    assert "Page 1 of 3" in html(everything)
    assert 'href="/officer/?page=2"' in html(everything)
    filtered = html(client.get("/officer/?status=received&lang=en"))
    assert "Page 1 of 2" in filtered
    next_page = re.search(r'href="/officer/\?[^"]*page=2[^"]*"', filtered).group(0)
    assert "status=received" in next_page
    assert listed(client.get("/officer/?page=3")) == [queue["due_19"]]
    assert listed(client.get("/officer/?page=99")) == [queue["due_19"]]  # the last page
