"""My drafts: what a citizen types is kept on the server, to resume, go back or delete."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from assembly.models import CitizenDraft
from assembly.services.citizen import MAX_DRAFTS, create_draft
from tests.conftest import at
from tests.web.citizen_helpers import FILED, STEPS, fill_steps, start_draft
from tests.web.conftest import PASSWORD, html


@pytest.fixture
def citizen_client(client, login, now):
    """A client signed in as a citizen reading English, on the last timely day."""
    now(FILED)
    client.user = login(client, "citizen", language="en")
    return client


def test_a_draft_saved_for_later_is_listed_and_resumes_at_the_step_left(
    citizen_client, session
):
    draft_id = start_draft(citizen_client)
    fill_steps(citizen_client, draft_id, upto="place")
    response = citizen_client.submit(f"/file/{draft_id}/place",
                                     {"expected_participants": "250", "action": "save"})
    assert response.headers["Location"] == "/my/drafts"

    listed = html(citizen_client.get("/my/drafts"))
    assert "Public discussion of the city&#39;s parks" in listed and "May 20, 2021" in listed
    assert f'href="/file/{draft_id}/place"' in listed  # the first step with a gap
    resumed = html(citizen_client.get(f"/file/{draft_id}/place"))
    assert 'name="expected_participants" required type="text" value="250"' in resumed


def test_drafts_are_kept_on_the_server_across_sign_ins(citizen_client):
    draft_id = start_draft(citizen_client)
    citizen_client.post("/sign-out", data={"csrf_token": citizen_client.csrf_token()})
    citizen_client.submit("/sign-in", {"email": citizen_client.user.email,
                                       "password": PASSWORD})

    assert f"/file/{draft_id}/" in html(citizen_client.get("/my/drafts"))
    page = html(citizen_client.get(f"/file/{draft_id}/form"))
    assert "Public discussion of the city&#39;s parks</textarea>" in page


def test_back_keeps_what_was_typed_without_checking_it(citizen_client, session):
    draft_id = start_draft(citizen_client)
    response = citizen_client.submit(f"/file/{draft_id}/when",
                                     {"date": "someday", "action": "back"})
    assert response.headers["Location"] == f"/file/{draft_id}/form"
    assert session.get(CitizenDraft, draft_id).data["date"] == "someday"
    session.rollback()


def test_a_new_draft_starts_with_the_citizen_as_organizer(citizen_client, session):
    draft_id = start_draft(citizen_client)
    page = html(citizen_client.get(f"/file/{draft_id}/organizer"))
    assert f'value="{citizen_client.user.email}"' in page
    assert 'checked id="organizer_kind-0"' in page


def test_nothing_typed_keeps_no_draft(citizen_client, session):
    response = citizen_client.submit("/file", {"action": "save"})
    assert response.headers["Location"] == "/my/drafts"
    assert session.scalars(select(CitizenDraft)).first() is None
    session.rollback()


def test_deleting_a_draft_removes_it_from_my_drafts(citizen_client, session):
    draft_id = start_draft(citizen_client)
    response = citizen_client.submit(f"/my/drafts/{draft_id}/delete")
    assert response.headers["Location"] == "/my/drafts"
    body = html(citizen_client.get("/my/drafts"))
    assert "The draft is deleted." in body and "You have no drafts." in body
    assert session.get(CitizenDraft, draft_id) is None
    session.rollback()


def test_a_citizen_keeps_at_most_twenty_drafts(citizen_client, session):
    for _ in range(MAX_DRAFTS):
        create_draft(session, citizen_client.user, {"purpose": "x"}, names=["purpose"],
                     now=at(FILED))
    session.commit()

    response = citizen_client.submit("/file", STEPS["form"])

    assert response.status_code == 422
    assert "You can keep at most 20 drafts: file or delete one first." in html(response)
    assert len(session.scalars(select(CitizenDraft)).all()) == MAX_DRAFTS
    session.rollback()
