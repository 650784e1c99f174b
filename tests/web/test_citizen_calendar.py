"""The legal calendar at the wizard's "When" step (issue 15.2): a month of days a filing now
can still be timely for, taken at the chosen place or not, in kk, ru and en; a day tapped
fills the day / month / year boxes, which are read strictly, and nothing is kept from
boxes that make no date."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from assembly.actors import Actor
from assembly.models import CitizenDraft
from assembly.services.closures import record_closure
from tests.conftest import at
from tests.web.citizen_helpers import FILED, STEPS, file_for, fill_steps, start_draft
from tests.web.conftest import html


@pytest.fixture
def citizen_client(client, login, now):
    """A client signed in as a citizen reading English, on Thu 13 May 2021."""
    now(FILED)
    client.user = login(client, "citizen", language="en")
    return client


@pytest.fixture
def when_url(citizen_client):
    """The "When" step of a rally draft, its date already 20 May 2021."""
    draft_id = start_draft(citizen_client)
    fill_steps(citizen_client, draft_id, upto="place")
    return f"/file/{draft_id}/when"


def calendar_of(body: str) -> str:
    return body.split('class="legal-calendar"', 1)[1].split("</section>", 1)[0]


def box(body: str, name: str) -> str:
    match = re.search(rf'name="{name}" value="([^"]*)"', body)
    assert match is not None, name
    return match.group(1)


def kept_date(session) -> str:
    value = session.scalars(select(CitizenDraft)).one().data.get("date")
    session.rollback()
    return value


def test_the_when_step_shows_the_month_with_the_days_too_late_and_those_still_open(
    citizen_client, when_url
):
    body = html(citizen_client.get(when_url))

    cal = calendar_of(body)
    assert "<caption>May 2021" in cal
    assert "the earliest date you can still choose is May 20, 2021" in body
    assert "19<span class=\"day-mark\" aria-hidden=\"true\">–</span>" \
           "<span class=\"visually-hidden\">, too late to file</span>" in cal
    assert re.search(r'href="[^"]*pick=2021-05-20[^"]*#date" aria-label="20 May, available"',
                     cal.replace("&amp;", "&"))
    assert 'aria-label="19 May' not in cal  # a day too late is no link
    assert '<abbr title="Monday">Mo</abbr>' in cal


@pytest.mark.parametrize(("language", "caption", "label", "weekday"), [
    ("kk", "Мамыр 2021", "20 мамыр, таңдауға болады", "дүйсенбі"),
    ("ru", "Май 2021", "20 мая, можно выбрать", "понедельник"),
    ("en", "May 2021", "20 May, available", "Monday"),
])
def test_the_calendar_names_months_weekdays_and_days_in_the_page_language(
    client, login, now, language, caption, label, weekday
):
    now(FILED)
    client.user = login(client, "citizen", language=language)
    draft_id = start_draft(client)
    fill_steps(client, draft_id, upto="place")

    cal = calendar_of(html(client.get(f"/file/{draft_id}/when")))

    assert f"<caption>{caption}" in cal
    assert f'aria-label="{label}"' in cal
    assert f'<abbr title="{weekday}">' in cal


def test_tapping_a_day_fills_the_date_boxes_and_keeps_nothing_until_saved(
    citizen_client, when_url, session
):
    body = html(citizen_client.get(f"{when_url}?month=2021-05&pick=2021-05-27"))

    assert (box(body, "date-day"), box(body, "date-month"), box(body, "date-year")) == \
        ("27", "5", "2021")
    assert 'class="day day-available day-chosen"' in calendar_of(body)
    assert kept_date(session) == "2021-05-20"


def test_the_month_links_move_to_the_next_and_previous_months(citizen_client, when_url):
    cal = calendar_of(html(citizen_client.get(f"{when_url}?month=2021-06")))

    assert "<caption>June 2021" in cal
    assert f'href="{when_url}?month=2021-05#calendar-title">Previous month' in cal
    assert f'href="{when_url}?month=2021-07#calendar-title">Next month' in cal


def test_a_day_taken_at_the_chosen_place_is_no_link_and_a_partly_taken_one_lists_its_hours(
    citizen_client, when_url, session, create_user
):
    other = create_user(role="citizen")
    file_for(session, other, starts_at="2021-05-21T09:00:00+06:00",
             ends_at="2021-05-21T20:00:00+06:00")
    file_for(session, other, starts_at="2021-05-24T11:00:00+06:00",
             ends_at="2021-05-24T13:00:00+06:00")

    body = html(citizen_client.get(
        f"{when_url}?place=site:sary-arka-square&pick=2021-05-24"))

    cal = calendar_of(body)
    assert "<caption>May 2021 — square behind the Sary-Arka cinema" in cal
    assert "21<span class=\"day-mark\" aria-hidden=\"true\">✕</span>" \
           "<span class=\"visually-hidden\">, taken at this place</span>" in cal
    assert 'aria-label="24 May, partly taken, some hours free"' in cal
    slots = cal.split('class="calendar-slots"', 1)[1].split("</div>", 1)[0]
    assert "Free at square behind the Sary-Arka cinema on May 24, 2021:" in slots
    assert "<li>09:00–11:00</li><li>13:00–20:00</li>" in slots


BAD_BOXES = [
    ({"date-day": "10122026", "date-month": "", "date-year": ""},
     "Type the day, the month and the year each in its own box"),
    ({"date-day": "32", "date-month": "5", "date-year": "2021"},
     "Enter the day as a number from 1 to 31."),
    ({"date-day": "x", "date-month": "5", "date-year": "2021"},
     "Enter the day as a number from 1 to 31."),
    ({"date-day": "20", "date-month": "13", "date-year": "2021"},
     "Enter the month as a number from 1 to 12."),
    ({"date-day": "20", "date-month": "5", "date-year": "21"},
     "Enter the year as four digits, e.g. 2027."),
    ({"date-day": "20", "date-month": "5", "date-year": "1921"},
     "Enter a year from "),
    ({"date-day": "31", "date-month": "4", "date-year": "2021"},
     "Enter a real date: 31.4.2021 does not exist."),
    ({"date-day": "", "date-month": "", "date-year": ""},
     "Enter the date of the assembly"),
]


@pytest.mark.parametrize(("boxes", "message"), BAD_BOXES,
                         ids=[m[:24] for _, m in BAD_BOXES])
def test_boxes_that_make_no_date_show_an_error_beside_the_date_and_keep_nothing(
    citizen_client, when_url, session, boxes, message
):
    response = citizen_client.submit(when_url, {**boxes, "start_time": "10:00",
                                                "end_time": "12:00"})

    assert response.status_code == 422
    body = html(response)
    error = body.split('id="date-error"', 1)[1].split("</p>", 1)[0]
    assert message in error
    assert '<a href="#date">' in body.split('class="error-summary"', 1)[1]
    assert box(body, "date-day") == boxes["date-day"]  # what was typed is shown again
    draft = session.scalars(select(CitizenDraft)).one()
    assert (draft.data["date"], draft.data["start_time"]) == ("2021-05-20", "11:00")
    session.rollback()


def test_a_whole_date_in_the_day_box_is_never_read_as_another_date(citizen_client, when_url,
                                                                   session):
    citizen_client.submit(when_url, {"date-day": "10122026", "date-month": "",
                                     "date-year": "", **_times()})

    assert kept_date(session) == "2021-05-20"  # not 12 October, nor any date


def _times() -> dict[str, str]:
    return {k: v for k, v in STEPS["when"].items() if k != "date"}


def test_boxes_that_make_a_date_keep_it_and_move_on(citizen_client, when_url, session):
    response = citizen_client.submit(when_url, {"date-day": "21", "date-month": "05",
                                                "date-year": "2021", **_times()})

    assert response.status_code == 302
    assert response.headers["Location"].endswith("/place")
    assert kept_date(session) == "2021-05-21"


@pytest.mark.parametrize(("start", "ok"), [("9.00", True), ("09:00", True), ("9 am", False),
                                           ("11:00 PM", False), ("24:00", False)])
def test_times_are_read_as_24_hour_hours_and_minutes(citizen_client, when_url, start, ok):
    response = citizen_client.submit(when_url, {"date-day": "20", "date-month": "5",
                                                "date-year": "2021", "start_time": start,
                                                "end_time": "13:00"})

    assert (response.status_code == 302) is ok
    if not ok:
        assert "Enter a time in hours and minutes" in html(response).split(
            'id="start_time-error"', 1)[1].split("</p>", 1)[0]


def test_the_date_and_times_are_text_boxes_not_native_inputs(citizen_client, when_url):
    body = html(citizen_client.get(when_url))

    assert 'type="date"' not in body and 'type="time"' not in body
    assert 'name="date-day" value="20" inputmode="numeric"' in body
    assert 'id="start_time" name="start_time" required type="text"' in body


def test_the_calendar_is_also_json_with_the_states_and_free_hours(citizen_client, session,
                                                                 create_user):
    file_for(session, create_user(role="citizen"), starts_at="2021-05-24T11:00:00+06:00",
             ends_at="2021-05-24T13:00:00+06:00")

    response = citizen_client.get(
        "/file/calendar.json?form=rally&place=site:sary-arka-square&month=2021-05")

    assert response.status_code == 200
    data = response.get_json()
    assert (data["month"], data["earliest"], data["place"]) == \
        ("2021-05", "2021-05-20", "site:sary-arka-square")
    days = {d["date"]: d for d in data["days"]}
    assert days["2021-05-12"]["state"] == "past" and days["2021-05-19"]["state"] == "late"
    assert days["2021-05-24"]["free"] == [{"start": "09:00", "end": "11:00"},
                                          {"start": "13:00", "end": "20:00"}]


def test_the_json_calendar_of_an_unknown_form_is_not_found(citizen_client):
    assert citizen_client.get("/file/calendar.json?form=flashmob").status_code == 404


def test_days_the_place_is_closed_for_works_read_as_closed(citizen_client, when_url, session,
                                                          create_user):
    officer = create_user(role="officer")
    record_closure(session, {
        "place": "sary-arka-square", "starts_at": "2021-05-25T08:00:00+06:00",
        "ends_at": "2021-05-26T21:00:00+06:00", "kind": "works",
        "reason": "Replacing the paving of the square.", "source": "Akimat letter No. 12-345",
    }, actor=Actor.of(officer), now=at(FILED))
    session.commit()

    cal = calendar_of(html(citizen_client.get(f"{when_url}?place=site:sary-arka-square")))

    for day in (25, 26):
        assert f"{day}<span class=\"day-mark\" aria-hidden=\"true\">⊗</span>" \
               "<span class=\"visually-hidden\">, the place is closed</span>" in cal
    assert 'aria-label="27 May, available"' in cal


def test_a_calendar_query_that_means_nothing_shows_the_draft_s_month_without_a_place(
    citizen_client, when_url
):
    response = citizen_client.get(f"{when_url}?month=9999-99&pick=10122026&place=site:nowhere")

    assert response.status_code == 200
    body = html(response)
    assert "<caption>May 2021</caption>" in calendar_of(body)
    assert box(body, "date-day") == "20"  # the kept date, not a guess
