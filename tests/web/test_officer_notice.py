"""The notice page of officers: the whole content with the organizer's data, the deadlines,
the findings in plain words, the notices at the same place and time, the capacity, the
organizer's earlier notices, the history; taking a notice for review."""

from __future__ import annotations

from datetime import date

import pytest

from assembly.models import Notice
from assembly.notices.identity import make_iin
from tests.conftest import dummy_draft
from tests.web.conftest import html
from tests.web.officer_helpers import DURING_REVIEW, LATE_FILED, file, notice_page, slot

OTHER_PERSON = {**dummy_draft()["organizer"], "full_name": "Ерлан Нұрланов",
                "iin": make_iin(date(1985, 7, 2), "male", 3)}


@pytest.fixture
def notices(session, create_user, now):
    """A timely rally, a late one overlapping it, another organizer's, an earlier one."""
    now(DURING_REVIEW)
    owner = create_user("citizen")
    earlier = file(session, owner, "2021-05-03T10:00:00+06:00", **slot("12", "11:00", "13:00"))
    first = file(session, owner, **slot("20", "11:00", "13:00"))
    late = file(session, owner, LATE_FILED, expected_participants=800,
                **slot("20", "12:00", "14:00"))
    stranger = file(session, owner, organizer=OTHER_PERSON, **slot("21", "11:00", "13:00"))
    session.commit()
    return {"earlier": earlier, "first": first, "late": late, "stranger": stranger}


def test_the_notice_page_shows_the_content_and_the_organizer_s_data(client, login, notices):
    login(client, "officer")
    late: Notice = notices["late"]
    body = html(client.get(notice_page(late) + "?lang=en"))
    for text in (late.reference, "Public discussion of the city&#39;s parks", "Айгерим Сапарова",
                 late.organizer_id_number, "Алматы, ул. Абая 10, кв. 5", "aigerim@example.kz",
                 "+77011234567", "square behind the Sary-Arka cinema", "12:00–14:00",
                 "Thursday, May 20, 2021", "registered, awaiting review", "May 19, 2021, 23:59",
                 "Latest timely filing date"):
        assert text in body, text


def test_the_notice_page_gives_the_findings_in_plain_words(client, login, notices):
    login(client, "officer")
    body = html(client.get(notice_page(notices["late"]) + "?lang=en"))
    assert "Filed too late: the latest filing date for this event was May 13, 2021" in body
    assert "supports refusal ground 14.1.4" in body
    assert "The place is already taken at this time by another assembly" in body
    assert "Checked again now, against the current bookings" in body


def test_the_notice_page_lists_the_notices_at_the_same_place_and_time(client, login, notices):
    login(client, "officer")
    body = html(client.get(notice_page(notices["late"]) + "?lang=en"))
    section = body.split("Other notices at the same place and time", 1)[1].split("<h2>", 1)[0]
    assert f'href="/officer/notices/{notices["first"].reference}"' in section
    assert "11:00–13:00" in section and "pending" in section
    assert notices["earlier"].reference not in section


def test_the_notice_page_compares_the_participants_with_the_place_s_capacity(
    client, login, notices
):
    login(client, "officer")
    over = html(client.get(notice_page(notices["late"]) + "?lang=en"))
    assert "Expected participants: 800; maximum occupancy of the place: 500." in over
    assert "notice notice-problem" in over
    within = html(client.get(notice_page(notices["first"]) + "?lang=en"))
    assert "Expected participants: 300; maximum occupancy of the place: 500." in within


def test_the_notice_page_lists_only_the_same_organizer_s_earlier_notices(client, login, notices):
    login(client, "officer")
    body = html(client.get(notice_page(notices["late"]) + "?lang=en"))
    section = body.split("The organizer's earlier notices", 1)[1].split("<h2>", 1)[0]
    assert notices["earlier"].reference in section and notices["first"].reference in section
    assert notices["stranger"].reference not in section
    stranger = html(client.get(notice_page(notices["stranger"]) + "?lang=en"))
    assert "this is the organizer's first notice" in stranger


def test_the_notice_page_shows_the_history(client, login, notices):
    login(client, "officer")
    body = html(client.get(notice_page(notices["first"]) + "?lang=en"))
    history = body.split("history-caption", 1)[1]
    assert "May 13, 2021, 10:00" in history and "filed" in history and "citizen" in history


def test_an_officer_takes_a_received_notice_for_review(client, login, notices):
    login(client, "officer")
    page = notice_page(notices["first"])
    assert "Take for review" in html(client.get(page + "?lang=en"))
    response = client.submit(page + "/review?lang=en")
    assert response.status_code == 302 and response.headers["Location"].endswith(page)
    body = html(client.get(page + "?lang=en"))
    assert "You have taken notice" in body and "under review" in body
    assert "Take for review" not in body
    assert "taken for review" in body.split("history-caption", 1)[1]


def test_taking_a_notice_twice_says_why_it_is_no_longer_possible(client, login, notices):
    login(client, "officer")
    page = notice_page(notices["first"])
    client.submit(page + "/review")
    response = client.submit(page + "/review?lang=en")
    assert response.status_code == 409
    assert "The notice is now “under review”: this is no longer possible." in html(response)


def test_an_administrator_reads_the_notice_without_the_officer_s_buttons(client, login, notices):
    login(client, "admin")
    body = html(client.get(notice_page(notices["first"]) + "?lang=en"))
    assert notices["first"].reference in body and "Findings" in body
    assert "Take for review" not in body and "/decision" not in body


def test_an_unknown_reference_is_not_found(client, login, notices):
    login(client, "officer")
    assert client.get("/officer/notices/ALA-2021-999999").status_code == 404
    assert client.get("/officer/notices/ALA-2021-999999/decision").status_code == 404
