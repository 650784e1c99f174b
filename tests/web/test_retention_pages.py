"""After the retention job, the citizen's own pages and the officer's notice page still work
and show the notice as pseudonymised (issue 16.5)."""

from __future__ import annotations

from datetime import date

import pytest

from assembly.pseudonyms import pseudonym
from assembly.services.retention import run_retention
from tests.conftest import at
from tests.web.citizen_helpers import IIN, decide_on, file_for
from tests.web.conftest import html

REASONING = "The notice was registered after the latest filing date."


@pytest.fixture
def pseudonymised(client, login, now, session, session_factory, create_user, law):
    """A citizen's refused rally of 20 May 2021, its retention period over; the citizen
    signed in, reading English."""
    now("2021-05-14T12:00:00+06:00")
    citizen = login(client, "citizen", language="en")
    officer = create_user("officer")
    session.commit()
    notice = file_for(session, citizen)
    decide_on(session, notice, officer, "refuse", grounds=["14.1.3"], reasoning=REASONING)
    years = law.at(date(2021, 5, 20)).retention_years
    after = at(f"{2021 + years}-05-21T12:00:00+06:00")
    session.rollback()
    assert run_retention(session_factory, after).pseudonymised == [notice.reference]
    now(after.isoformat())
    return notice


def test_the_citizen_still_finds_the_notice_in_my_notices(client, pseudonymised):
    body = html(client.get("/my/notices"))

    assert pseudonymised.reference in body


def test_the_citizen_s_notice_page_shows_it_pseudonymised(client, pseudonymised):
    response = client.get(f"/my/notices/{pseudonymised.reference}")
    body = html(response)

    assert response.status_code == 200
    assert "replaced by a pseudonym" in body
    assert pseudonym(IIN) in body
    assert IIN not in body and "Сапарова" not in body and "parks" not in body
    assert "removed: the retention period is over" in body


def test_the_decision_letter_still_downloads(client, pseudonymised):
    response = client.get(f"/my/notices/{pseudonymised.reference}/letter.pdf")

    assert response.status_code == 200
    assert response.mimetype == "application/pdf"


def test_the_officer_s_notice_page_shows_the_pseudonym_and_the_event(
        app, login, pseudonymised):
    officer = app.test_client()
    login(officer, "officer", language="en")

    response = officer.get(f"/officer/notices/{pseudonymised.reference}")
    body = html(response)

    assert response.status_code == 200
    assert "personal data pseudonymised: the retention period is over" in body
    assert pseudonym(IIN) in body and IIN not in body


@pytest.mark.parametrize("language,words", [
    ("ru", "заменены псевдонимом"), ("kk", "бүркеншік атпен ауыстырылды")])
def test_the_notice_page_says_so_in_russian_and_kazakh(
        app, login, pseudonymised, language, words):
    officer = app.test_client()
    login(officer, "officer", language=language)

    body = html(officer.get(f"/officer/notices/{pseudonymised.reference}"))

    assert words in body


def test_the_api_gives_the_owner_the_pseudonymised_notice(app, pseudonymised, session):
    from assembly.models import User
    from tests.web.conftest import PASSWORD

    email = session.get(User, pseudonymised.owner_id).email
    session.rollback()
    api = app.test_client()
    token = api.post("/api/v1/tokens", json={"email": email, "password": PASSWORD}
                     ).get_json()["token"]

    response = api.get(f"/api/v1/notices/{pseudonymised.reference}",
                       headers={"Authorization": f"Bearer {token}"})

    assert response.status_code == 200
    body = response.get_json()
    assert body["organizer"]["iin"] == pseudonym(IIN)
    assert body["history"][-1]["trigger"] == "pseudonymise"
