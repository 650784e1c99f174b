"""Nothing public leads to a notice's reference or its organizer (issue 11): a place taken
says when, and by which notice to officers only, on every page that checks a draft or
shows a notice's findings; the calendar's feed names each entry by a random id the notice
stores; kept e-mails read by administrators and e-mails to officers carry no organizer's
personal data."""

from __future__ import annotations

import hashlib
import re

import pytest
from sqlalchemy import select

from assembly.actors import Actor
from assembly.models import Notice, OutboxMessage
from assembly.services.decisions import DecisionInput
from assembly.services.filing import file_notice
from assembly.services.review import decide
from tests.conftest import at, dummy_draft
from tests.web.citizen_helpers import complete_draft
from tests.web.conftest import html
from tests.web.test_personal_data_by_role import FIELDS, PERSON, shown_fields
from tests.web.test_precheck import RALLY

FILED = "2021-05-13T10:00:00+06:00"
DURING_REVIEW = "2021-05-14T10:00:00+06:00"
WHEN = "from May 20, 2021, 11:00 to May 20, 2021, 13:00"


@pytest.fixture
def holder(session, create_user, now) -> str:
    """An approved rally at Sary-Arka square on 20 May, 11:00-13:00, of a person with
    recognisable personal data; its reference."""
    now(DURING_REVIEW)
    officer = Actor.of(create_user("officer"))
    notice = file_notice(session, dummy_draft(organizer=PERSON), owner=create_user("citizen"),
                         now=at(FILED)).notice
    decide(session, notice, DecisionInput("approve"), actor=officer, now=at(DURING_REVIEW))
    reference = notice.reference
    session.commit()
    return reference


def occupied_text(body: str) -> str:
    """The place_occupied findings of a page as read (the officers' page shows them as
    filed and as checked again today: both must read alike)."""
    found = {text.strip() for text in re.findall(r"The place is already taken[^<]*", body)}
    assert len(found) == 1, found
    return found.pop()


@pytest.mark.parametrize("role", ["anonymous", "citizen", "manager", "admin"])
def test_the_public_precheck_says_when_the_place_is_taken_never_by_which_notice(
    client, login, holder, role
):
    if role != "anonymous":
        login(client, role)
    response = client.submit("/precheck?lang=en", {**RALLY, "start_time": "12:00",
                                                   "end_time": "14:00"})
    body = html(response)

    assert response.status_code == 200
    assert WHEN in occupied_text(body)
    assert holder not in body and "ALA-2021" not in body
    assert shown_fields(body) == set()  # of the holder's organizer


def test_an_officer_reads_the_precheck_with_the_notice_in_the_way(client, login, holder):
    login(client, "officer")
    body = html(client.submit("/precheck?lang=en", RALLY))

    assert holder in occupied_text(body) and WHEN in occupied_text(body)


def test_the_citizen_s_review_step_says_when_never_by_which_notice(
    client, login, holder
):
    login(client, "citizen")
    draft_id = complete_draft(client)

    body = html(client.get(f"/file/{draft_id}/review?lang=en"))

    assert WHEN in occupied_text(body) and holder not in body


@pytest.fixture
def later(session, create_user, holder) -> tuple[str, str]:
    """A rally filed after the holder at the same place, 12:00-14:00: (owner's e-mail,
    reference)."""
    owner = create_user("citizen", email="later.owner@example.kz")
    notice = file_notice(session, dummy_draft(starts_at="2021-05-20T12:00:00+06:00",
                                              ends_at="2021-05-20T14:00:00+06:00"),
                         owner=owner, now=at(DURING_REVIEW)).notice
    reference = notice.reference
    session.commit()
    return "later.owner@example.kz", reference


@pytest.mark.parametrize(("role", "page", "named"), [
    ("owner", "/my/notices/{}", False),
    ("admin", "/officer/notices/{}", False),
    ("officer", "/officer/notices/{}", True),
])
def test_a_notice_s_finding_names_the_notice_in_the_way_to_officers_only(
    client, login, holder, later, role, page, named
):
    email, reference = later
    if role == "owner":
        client.submit("/sign-in", {"email": email, "password": "correct horse battery"})
    else:
        login(client, role)

    body = html(client.get(page.format(reference) + "?lang=en"))

    assert "12:00" in body and WHEN in occupied_text(body)
    assert (holder in occupied_text(body)) == named
    assert (holder in body) == named  # nor in the list of notices holding the place


def test_the_feed_names_each_assembly_by_the_random_id_its_notice_stores(
    client, session, holder
):
    body = client.get("/occupancy.ics?from=2021-05-01&to=2021-05-31").get_data(as_text=True)
    public_id = session.scalar(select(Notice.public_id).where(Notice.reference == holder))
    session.rollback()

    uids = [line for line in body.split("\r\n") if line.startswith("UID:")]
    assert uids == [f"UID:{public_id}@assembly"]
    derived = hashlib.sha256(f"occupancy:{holder}".encode()).hexdigest()[:24]
    assert derived not in body and holder not in body and len(public_id) == 24


def test_e_mails_to_officers_carry_no_personal_data_and_the_organizer_s_do(
    session, holder
):
    from assembly.emails import render

    rows = session.execute(select(OutboxMessage)).scalars().all()
    texts = [(m.recipient, render(m.template, "en", m.context)) for m in rows]
    session.rollback()

    to_officers = [t for r, t in texts if r != PERSON["email"]]
    to_organizer = [t for r, t in texts if r == PERSON["email"]]
    assert len(to_officers) >= 1 and len(to_organizer) == 2  # registered, decided
    assert all(shown_fields(t.subject + t.text + t.html) == set() for t in to_officers)
    assert all(f"Dear {PERSON['full_name']}," in t.text for t in to_organizer)


def test_an_administrator_reads_a_kept_message_to_an_organizer_without_their_data(
    client, login, session, holder
):
    message = session.scalars(select(OutboxMessage).where(
        OutboxMessage.recipient == PERSON["email"])).first()
    message.status, message.attempts = "failed", 8
    message.last_error = f"550 5.1.1 <{PERSON['email']}>: Recipient address rejected"
    session.commit()
    message_id = message.id
    login(client, "admin", language="en")

    listed = html(client.get("/admin/outbox?status=failed"))
    page = html(client.get(f"/admin/outbox/{message_id}"))

    for body in (listed, page):
        assert shown_fields(body) == set(), [v for f in FIELDS.values() for v in f
                                             if v in body]
        assert "the organizer (hidden: personal data)" in body
    # (Masked in the message's language, as its text.)
    assert "550 5.1.1 &lt;(скрыто: персональные данные)&gt;: Recipient address rejected" in page
    # The text as the organizer reads it (in Russian), their name hidden.
    assert "(скрыто: персональные данные)" in page.split('class="message-text"', 1)[1]


def test_the_organizer_s_e_mail_says_when_the_place_is_taken_and_the_officers_say_by_whom(
    session, holder, later
):
    from assembly.emails import render

    _, reference = later
    rows = session.execute(select(OutboxMessage).join(Notice).where(
        Notice.reference == reference, OutboxMessage.template.in_(
            ("notice_registered", "new_notice")))).scalars().all()
    texts = {m.template: render(m.template, "en", m.context).text for m in rows}
    session.rollback()

    assert WHEN in texts["notice_registered"] and holder not in texts["notice_registered"]
    assert WHEN in texts["new_notice"] and f"({holder})" in texts["new_notice"]
