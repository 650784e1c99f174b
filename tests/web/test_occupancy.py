"""The occupancy calendar and its ICS feed: planned assemblies at the special places, and
never a word about who organizes them (CC 61-НП)."""

from __future__ import annotations

from datetime import date

import pytest

from assembly.actors import Actor
from assembly.notices.identity import make_bin
from assembly.services.decisions import DecisionInput
from assembly.services.filing import file_notice
from assembly.services.review import decide, withdraw
from assembly.web import ics
from tests.conftest import at
from tests.web.conftest import html

PERIOD = "/occupancy?from=2021-05-01&to=2021-05-31"
FEED = "/occupancy.ics?from=2021-05-01&to=2021-05-31"
COMPANY = {"kind": "organization", "name": "ТОО «Жасыл Алматы»",
           "bin": make_bin(date(2015, 4, 1), 77), "address": "Алматы, пр. Достык 1, оф. 9",
           "email": "office@jasyl.kz", "phone": "+77272505050"}


@pytest.fixture
def notices(session, create_user, draft):
    """A rally approved at Sary-Arka, a meeting pending at Gandhi park (an organization),
    a picket at a point, and a withdrawn rally: with personal data that must not leak."""
    owner = create_user("citizen")
    officer = Actor.of(create_user("officer"))
    filed = at("2021-05-13T10:00:00+06:00")
    rally = file_notice(session, draft(), owner=owner, now=filed).notice
    decide(session, rally, DecisionInput("approve"), actor=officer,
           now=at("2021-05-14T10:00:00+06:00"))
    file_notice(session, draft(
        form="meeting", place={"site": "gandhi-park"}, expected_participants=1000,
        starts_at="2021-05-21T14:00:00+06:00", ends_at="2021-05-21T16:00:00+06:00",
        organizer=COMPANY, purpose="Meeting of the residents about the new park plan",
    ), owner=owner, now=filed)
    file_notice(session, draft(form="picket", place={"point": {"lat": 43.2389, "lon": 76.8897}},
                               expected_participants=3), owner=owner, now=filed)
    gone = file_notice(session, draft(starts_at="2021-05-27T11:00:00+06:00",
                                      ends_at="2021-05-27T12:00:00+06:00"),
                       owner=owner, now=filed).notice
    withdraw(session, gone, statement="We withdraw it.", actor=Actor.of(owner), now=filed)
    references = [rally.reference, gone.reference]
    session.commit()
    return references


def personal_data(draft) -> list[str]:
    person = draft()["organizer"]
    return [person["full_name"], person["iin"], person["email"], person["phone"],
            person["address"], "Айгерим", draft()["purpose"], COMPANY["name"], COMPANY["bin"],
            COMPANY["email"], COMPANY["phone"], COMPANY["address"], "residents", "ALA-2021"]


def test_the_calendar_lists_the_planned_assemblies_at_the_special_places(client, notices):
    body = html(client.get(PERIOD + "&lang=en"))
    rows = body.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    assert rows.count("<tr>") == 2  # not the picket at a point, not the withdrawn rally
    first, second = rows.split("</tr>")[:2]
    for text in ("May 20, 2021", "11:00–13:00", "square behind the Sary-Arka cinema", "rally",
                 "300", "may go ahead"):
        assert text in first
    for text in ("May 21, 2021", "14:00–16:00", "Mahatma Gandhi Park", "meeting", "1,000",
                 "registered, awaiting review"):
        assert text in second


@pytest.mark.parametrize("path", [PERIOD, FEED, PERIOD + "&lang=ru", FEED + "&lang=kk"])
def test_the_calendar_and_its_feed_publish_no_personal_data(client, notices, draft, path):
    body = html(client.get(path))
    assert "Sary-Arka" in body or "Сары" in body or "Сарыарқа" in body
    for secret in personal_data(draft):
        assert secret not in body
    for reference in notices:
        assert reference not in body


def test_the_feed_is_an_rfc_5545_calendar_with_one_event_per_assembly(client, notices):
    response = client.get(FEED + "&lang=en")
    assert response.mimetype == "text/calendar"
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    raw = response.get_data()
    assert raw.endswith(b"\r\n") and b"\n" not in raw.replace(b"\r\n", b"")
    lines = raw.decode("utf-8").split("\r\n")[:-1]
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    assert "VERSION:2.0" in lines and any(line.startswith("PRODID:") for line in lines)
    assert all(len(line.encode("utf-8")) <= 75 for line in lines)
    unfolded = "\r\n".join(lines).replace("\r\n ", "").split("\r\n")
    assert unfolded.count("BEGIN:VEVENT") == unfolded.count("END:VEVENT") == 2
    assert "DTSTART:20210520T050000Z" in unfolded and "DTEND:20210520T070000Z" in unfolded
    assert "STATUS:CONFIRMED" in unfolded and "STATUS:TENTATIVE" in unfolded
    assert "SUMMARY:rally: square behind the Sary-Arka cinema" in unfolded
    uids = [line for line in unfolded if line.startswith("UID:")]
    assert len(set(uids)) == 2


def test_the_feed_speaks_the_language_asked(client, notices):
    body = client.get(FEED + "&lang=ru").get_data(as_text=True).replace("\r\n ", "")
    assert "SUMMARY:митинг: сквер за кинотеатром «Сары-Арка»" in body
    assert "Статус: можно проводить" in body


def test_the_calendar_filters_by_place(client, notices):
    body = html(client.get(PERIOD + "&place=gandhi-park&lang=en"))
    assert "Mahatma Gandhi Park" in body.split("<tbody>", 1)[1]
    assert "Sary-Arka cinema" not in body.split("<tbody>", 1)[1]


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("from=2021-05-10&to=2021-05-01", "to", "must not be before its start"),
        ("from=2021-01-01&to=2022-06-01", "to", "at most 366 days"),
        ("from=tomorrow", "from", "Enter a date"),
        ("place=red-square", "place", "Unknown special place or route: “red-square”."),
    ],
)
def test_the_calendar_explains_a_period_or_place_it_cannot_show(client, query, field, message):
    response = client.get(f"/occupancy?{query}&lang=en")
    assert response.status_code == 422
    assert message in html(response).split(f'id="{field}-error"', 1)[1].split("</p>", 1)[0]
    feed = client.get(f"/occupancy.ics?{query}&lang=en")
    assert feed.status_code == 422 and message in feed.get_data(as_text=True)


def test_an_empty_period_says_so(client):
    body = html(client.get("/occupancy?from=2030-01-01&to=2030-01-02&lang=en"))
    assert "No assembly is planned at the special places in this period." in body


def test_text_values_are_escaped_and_long_lines_folded_without_breaking_characters():
    assert ics.escape("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"
    folded = ics.fold("SUMMARY:" + "ж" * 100)
    parts = folded.split("\r\n")
    assert all(len(part.encode("utf-8")) <= 75 for part in parts)
    assert all(part.startswith(" ") for part in parts[1:])
    assert "".join(part[1:] if i else part for i, part in enumerate(parts)) == (
        "SUMMARY:" + "ж" * 100)


def _rows(body: str) -> str:
    return body.split("<tbody>", 1)[1].split("</tbody>", 1)[0]


def test_the_calendar_shows_a_bounded_page_and_links_the_next_and_previous(
        client, notices, monkeypatch):
    from assembly.web.public import occupancy

    monkeypatch.setattr(occupancy, "PAGE_ROWS", 1)
    first = html(client.get(PERIOD + "&lang=en"))
    assert _rows(first).count("<tr>") == 1 and "May 20, 2021" in _rows(first)
    assert 'rel="next"' in first and 'rel="prev"' not in first
    assert "page=2" in first.split('rel="next"', 1)[0].rsplit("<a", 1)[1]
    second = html(client.get(PERIOD + "&page=2&lang=en"))
    assert _rows(second).count("<tr>") == 1 and "May 21, 2021" in _rows(second)
    assert "14:00–16:00" in _rows(second) and "1,000" in _rows(second)
    assert 'rel="prev"' in second and 'rel="next"' not in second


@pytest.mark.parametrize("page", ["0", "-1", "abc", "1e9", ""])
def test_a_page_number_that_is_not_a_page_shows_the_first(client, notices, page, monkeypatch):
    from assembly.web.public import occupancy

    monkeypatch.setattr(occupancy, "PAGE_ROWS", 1)
    body = html(client.get(f"{PERIOD}&page={page}&lang=en"))
    assert "May 20, 2021" in _rows(body) and 'rel="prev"' not in body


def test_a_page_past_the_last_says_nothing_is_planned(client, notices):
    body = html(client.get(PERIOD + "&page=99&lang=en"))
    assert "No assembly is planned at the special places in this period." in body
    assert 'rel="prev"' in body
