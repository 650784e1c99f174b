"""Proposals only to free slots (issue 11): the officer's form refuses a place and time an
assembly that may go ahead holds, beside the field that proposed it; the organizer who
accepts a proposal whose slot was taken meanwhile is told so plainly, and may decline."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from assembly.actors import Actor
from assembly.models import Notice
from assembly.services.decisions import DecisionInput
from assembly.services.review import decide
from tests.conftest import at
from tests.web.conftest import html
from tests.web.officer_helpers import DURING_REVIEW, decision_page, file, slot

TAKEN = "site:sary-arka-square|2021-05-20T08:00:00+00:00|2021-05-20T10:00:00+00:00"


def status_of(session_factory, reference: str) -> str:
    with session_factory() as session:
        return session.scalar(select(Notice.status).where(Notice.reference == reference))


@pytest.fixture
def notices(session, create_user, now) -> dict[str, Notice]:
    """"held": an approved rally at Sary-Arka square, 20 May 14:00-16:00; "asking": a
    rally there from 11:00 to 13:00, received."""
    now(DURING_REVIEW)
    owner = create_user("citizen", email="asking.owner@example.kz")
    held = file(session, create_user("citizen"), **slot("20", "14:00", "16:00"))
    decide(session, held, DecisionInput("approve"), actor=Actor.of(create_user("officer")),
           now=at(DURING_REVIEW))
    asking = file(session, owner)
    session.commit()
    return {"held": held, "asking": asking}


@pytest.mark.parametrize(("form", "field"), [
    ({"slot": "", "proposal_start": "15:00", "proposal_end": "17:00"}, "proposal_date"),
    ({"slot": TAKEN}, "slot"),
], ids=["typed", "a-suggestion-taken-meanwhile"])
def test_the_officer_cannot_propose_a_held_slot_and_reads_why_beside_the_field(
    client, login, session_factory, notices, form, field
):
    login(client, "officer")
    page = decision_page(notices["asking"]) + "?lang=en"

    response = client.submit(page, {"outcome": "propose_change", **form})

    assert response.status_code == 422
    body = html(response)
    beside = body.split(f'id="{field}-error"', 1)[1].split("</p>", 1)[0]
    assert "The proposed place is already held at that time by an assembly that may go " \
           f"ahead ({notices['held'].reference}), from May 20, 2021, 14:00 to May 20, 2021, " \
           "16:00" in beside
    assert status_of(session_factory, notices["asking"].reference) == "received"


@pytest.mark.parametrize(("lang", "words"), [
    ("en", "The proposed place and time are no longer free"),
    ("ru", "Предложенные место и время уже не свободны"),
    ("kk", "Ұсынылған орын мен уақыт енді бос емес"),
])
def test_accepting_a_proposal_whose_slot_was_taken_meanwhile_says_so_and_offers_to_decline(
    client, session, session_factory, create_user, notices, lang, words
):
    asking, officer = notices["asking"], Actor.of(create_user("officer"))
    other = file(session, create_user("citizen"), **slot("20", "17:00", "19:00"))
    decide(session, asking, DecisionInput("propose_change", proposal={
        "starts_at": "2021-05-20T17:00:00+06:00", "ends_at": "2021-05-20T19:00:00+06:00"}),
        actor=officer, now=at(DURING_REVIEW))
    decide(session, other, DecisionInput("approve"), actor=officer, now=at(DURING_REVIEW))
    reference, other_reference = asking.reference, other.reference
    session.commit()
    client.submit("/sign-in", {"email": "asking.owner@example.kz",
                               "password": "correct horse battery"})
    page = f"/my/notices/{reference}/proposal?lang={lang}"

    response = client.submit(page, {"answer": "accept"})

    assert response.status_code == 409
    body = html(response)
    assert words in body and "17:00" in body and "19:00" in body
    assert other_reference not in body
    assert 'value="decline"' in body  # the way out is on the same page
    assert status_of(session_factory, reference) == "change_proposed"
    declined = client.submit(page, {"answer": "decline"})
    assert declined.status_code == 302
    assert status_of(session_factory, reference) == "in_review"
