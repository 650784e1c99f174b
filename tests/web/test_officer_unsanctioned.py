"""The log of unsanctioned events: the form (a point, or a special place; the related notice
found by a search), the nearest special place computed and shown, the year's list."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from assembly.models import UnsanctionedEvent
from tests.web.conftest import html
from tests.web.officer_helpers import DURING_REVIEW, file

NEW = "/officer/unsanctioned/new"
# A point about 250 m east of the square behind the Sary-Arka cinema (2021 places).
NEAR_SARY_ARKA = {"lat": "43.2298", "lon": "76.8686"}


def event_data(**overrides: str) -> dict[str, str]:
    data = {
        "occurred_on": "2021-05-12", "occurred_time": "15:30", **NEAR_SARY_ARKA,
        "address": "пр. Абая, у кинотеатра «Сары-Арка»", "form": "picket",
        "category": "no_notice", "estimated_participants": "12",
        "description": "A picket with placards, without a notice.",
        "source": "Police report No. 17",
    }
    data.update(overrides)
    return data


def logged(session_factory) -> list[tuple]:
    with session_factory() as session:
        return [(e.nearest_place_id, e.nearest_place_m, e.related_notice_id, e.lat)
                for e in session.scalars(select(UnsanctionedEvent))]


@pytest.fixture
def officer(client, login, now):
    now(DURING_REVIEW)
    return login(client, "officer")


def test_logging_an_event_at_a_point_stores_and_shows_the_nearest_special_place(
    client, officer, session_factory
):
    response = client.submit(NEW + "?lang=en", event_data())
    assert response.status_code == 302
    [(place, metres, related, lat)] = logged(session_factory)
    assert place == "sary-arka-square" and 100 < metres < 400 and related is None
    assert lat == pytest.approx(43.2298)
    page = html(client.get(response.headers["Location"] + "?lang=en"))
    assert "The event has been logged." in page
    assert "Nearest special place: square behind the Sary-Arka cinema" in page
    assert f"{round(metres)} m away" in page
    assert 'class="map-point"' in page and "map-highlighted" in page


def test_an_event_at_a_special_place_is_placed_there(client, officer, session_factory):
    data = event_data(place="site:gandhi-park", lat="", lon="", form="rally")
    assert client.submit(NEW, data).status_code == 302
    [(place, metres, _, _)] = logged(session_factory)
    assert (place, metres) == ("gandhi-park", 0.0)


def test_what_is_missing_is_shown_beside_each_field_once(client, officer, session_factory):
    response = client.submit(NEW + "?lang=en", {"category": "no_notice"})
    assert response.status_code == 422
    body = html(response)
    expected = {
        "occurred_on": "Enter the date of the event, e.g. 20.05.2021.",
        "occurred_time": "Enter the time the event began, e.g. 11:00.",
        "lat": "Enter the latitude, e.g. 43.2389.",
        "lon": "Enter the longitude, e.g. 76.8897.",
        "form": "Choose the form of assembly.",
        "estimated_participants": "Enter a whole number greater than zero.",
        "description": "Describe what happened.",
        "source": "Give the source: the act, letter or report behind it.",
    }
    for field, message in expected.items():
        assert message in body.split(f'id="{field}-error"', 1)[1].split("</p>", 1)[0], field
    assert body.count('id="lat-error"') == 1
    assert "Unknown form of assembly" not in body and "None" not in body
    assert "There is a problem" in body
    assert logged(session_factory) == []


@pytest.mark.parametrize(
    ("overrides", "field", "text"),
    [
        ({"occurred_on": "2021-05-15"}, "occurred_on", "This cannot be in the future."),
        ({"occurred_time": "25:00"}, "occurred_time", "Enter a time in hours and minutes"),
        ({"lat": "north"}, "lat", "Enter a number of degrees"),
        ({"lat": "95"}, "lat", "Latitude must be from -90 to 90"),
        ({"estimated_participants": "a dozen"}, "estimated_participants",
         "Enter a whole number greater than zero."),
        ({"related_notice": "ALA-2021-999999"}, "related_notice",
         "There is no notice with this reference."),
    ],
    ids=["future", "bad-time", "bad-latitude", "latitude-out-of-range", "participants",
         "unknown-notice"],
)
def test_a_wrong_entry_is_shown_beside_its_field(client, officer, session_factory, overrides,
                                                  field, text):
    response = client.submit(NEW + "?lang=en", event_data(**overrides))
    assert response.status_code == 422
    assert text in html(response).split(f'id="{field}-error"', 1)[1].split("</p>", 1)[0]
    assert logged(session_factory) == []


def test_the_related_notice_is_found_by_reference_or_organizer_and_then_linked(
    client, officer, session, create_user, session_factory
):
    notice = file(session, create_user("citizen"))
    session.commit()
    for query in (notice.reference[:10].lower(), "Айгерим"):
        found = html(client.get(f"{NEW}?q={query}&lang=en"))
        assert f'href="/officer/unsanctioned/new?related={notice.reference}"' in found, query
    assert "No notice matches" in html(client.get(f"{NEW}?q=Zzyzx&lang=en"))
    picked = html(client.get(f"{NEW}?related={notice.reference}"))
    assert f'name="related_notice" type="text" value="{notice.reference}"' in picked
    response = client.submit(NEW, event_data(related_notice=notice.reference.lower(),
                                             category="held_although_refused"))
    assert response.status_code == 302
    assert logged(session_factory)[0][2] == notice.id
    listing = html(client.get("/officer/unsanctioned?year=2021&lang=en"))
    assert f'href="/officer/notices/{notice.reference}"' in listing
    assert "held although refused" in listing


def test_the_list_shows_the_events_of_the_year_asked(client, officer):
    client.submit(NEW, event_data())
    listing = html(client.get("/officer/unsanctioned?lang=en"))  # every year
    assert "Events logged: 1." in listing and "square behind the Sary-Arka cinema" in listing
    assert "May 12, 2021, 15:30" in listing and "Police" not in listing
    assert "Events logged: 0." in html(client.get("/officer/unsanctioned?year=2020&lang=en"))
    wrong = client.get("/officer/unsanctioned?year=21st&lang=en")
    assert wrong.status_code == 422 and "from 2000 to 2100" in html(wrong)


def test_the_list_opens_on_every_year_the_latest_first_with_counts_per_kind(client, officer):
    client.submit(NEW, event_data(occurred_on="2020-09-01"))
    client.submit(NEW, event_data(occurred_on="2021-05-01", form="rally"))
    client.submit(NEW, event_data(occurred_on="2021-05-10", category="held_although_refused"))
    listing = html(client.get("/officer/unsanctioned?lang=en"))
    assert "Events logged: 3." in listing
    assert listing.index("May 10, 2021") < listing.index("May 1, 2021") \
        < listing.index("September 1, 2020")
    assert 'data-count="no_notice">2<' in listing
    assert 'data-count="held_although_refused">1<' in listing
    assert '<option value="2020">2020</option>' in listing  # the years with events
    rallies = html(client.get("/officer/unsanctioned?form=rally&year=2021&lang=en"))
    assert "Events logged: 1." in rallies and "May 1, 2021" in rallies
    kind = html(client.get("/officer/unsanctioned?category=held_although_refused&lang=en"))
    assert "Events logged: 1." in kind and "May 10, 2021" in kind
