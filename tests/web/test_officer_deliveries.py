"""Delivery tasks: a decision sent by e-mail also goes by registered mail (Art. 11(2), 13(2));
the officer records the letter's tracking number, which closes the task."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from assembly.actors import Actor
from assembly.models import Delivery
from assembly.services.decisions import DecisionInput
from assembly.services.review import decide
from tests.conftest import at
from tests.web.conftest import html
from tests.web.officer_helpers import DURING_REVIEW, file, notice_page, slot

TASKS = "/officer/deliveries"


def task_ids(body: str) -> list[int]:
    return [int(n) for n in re.findall(r'action="/officer/deliveries/(\d+)"', body)]


def letter_and_hand(body: str) -> tuple[int, int]:
    """The tasks of the registered letter (it asks for a tracking number) and by hand."""
    ids = task_ids(body)
    letters = [i for i in ids if f'id="delivery-{i}-tracking_number"' in body]
    others = [i for i in ids if i not in letters]
    assert len(letters) == 1 and len(others) == 1
    return letters[0], others[0]


def deliveries(session_factory) -> dict[str, tuple[str, str | None]]:
    """Each delivery's channel -> (status, tracking number), read in a session of its own."""
    with session_factory() as session:
        return {d.channel: (d.status, d.tracking_number) for d in session.scalars(select(Delivery))}


@pytest.fixture
def decided(session, create_user, now):
    """A rally approved, to be sent by e-mail (so by registered mail too) and by hand."""
    now(DURING_REVIEW)
    notice = file(session, create_user("citizen"), **slot("20", "11:00", "13:00"))
    decide(session, notice, DecisionInput("approve", channels=("email", "hand")),
           actor=Actor.of(create_user("officer")), now=at(DURING_REVIEW))
    session.commit()
    return notice


def test_the_tasks_list_the_letters_and_hand_deliveries_but_not_the_e_mail(client, login,
                                                                           decided):
    login(client, "officer")
    body = html(client.get(TASKS + "?lang=en"))
    assert len(task_ids(body)) == 2
    assert "by registered mail with acknowledgement of receipt" in body and "by hand" in body
    assert "by e-mail</h2>" not in body
    assert decided.reference in body and "Алматы, ул. Абая 10, кв. 5" in body


def test_recording_the_tracking_number_closes_the_task(client, login, decided, session_factory):
    login(client, "officer")
    letter, _ = letter_and_hand(html(client.get(TASKS)))
    response = client.submit(f"{TASKS}/{letter}?lang=en",
                             {f"delivery-{letter}-tracking_number": "rr123456785kz"})
    assert response.status_code == 302 and response.headers["Location"].endswith(TASKS)
    assert deliveries(session_factory)["registered_mail"] == ("sent", "RR123456785KZ")
    after = html(client.get(TASKS + "?lang=en"))
    assert letter not in task_ids(after) and "recorded" in after
    assert "tracking number RR123456785KZ" in html(client.get(notice_page(decided) + "?lang=en"))


def test_a_letter_cannot_be_recorded_without_its_tracking_number(client, login, decided,
                                                                  session_factory):
    login(client, "officer")
    letter, _ = letter_and_hand(html(client.get(TASKS)))
    response = client.submit(f"{TASKS}/{letter}?lang=en",
                             {f"delivery-{letter}-tracking_number": ""})
    assert response.status_code == 422
    body = html(response)
    error = body.split(f'id="delivery-{letter}-tracking_number-error"', 1)[1].split("</p>")[0]
    assert "Enter the tracking number from the post office&#39;s receipt." in error
    assert "There is a problem" in body
    bad = client.submit(f"{TASKS}/{letter}?lang=en",
                        {f"delivery-{letter}-tracking_number": "№ 12"})
    assert bad.status_code == 422 and "2 letters, 9 digits and 2 letters" in html(bad)
    typo = client.submit(f"{TASKS}/{letter}?lang=ru",
                         {f"delivery-{letter}-tracking_number": "RR123456789KZ"})
    assert typo.status_code == 422 and "Контрольная цифра" in html(typo)
    assert deliveries(session_factory)["registered_mail"] == ("pending", None)


def test_a_hand_delivery_is_recorded_without_a_number(client, login, decided, session_factory):
    login(client, "officer")
    _, by_hand = letter_and_hand(html(client.get(TASKS)))
    assert client.submit(f"{TASKS}/{by_hand}", {}).status_code == 302
    assert deliveries(session_factory)["hand"][0] == "sent"


def test_a_task_already_closed_or_unknown_is_not_found(client, login, decided):
    login(client, "officer")
    _, by_hand = letter_and_hand(html(client.get(TASKS)))
    client.submit(f"{TASKS}/{by_hand}", {})
    assert client.submit(f"{TASKS}/{by_hand}", {}).status_code == 404
    assert client.submit(f"{TASKS}/999999", {}).status_code == 404


def test_no_task_left_says_so(client, login):
    login(client, "officer")
    assert "Nothing to deliver" in html(client.get(TASKS + "?lang=en"))


def test_the_tasks_are_counted_per_channel_and_filtered_by_one(client, login, decided):
    login(client, "officer")
    body = html(client.get(TASKS + "?lang=en"))
    assert 'data-count="registered_mail">1<' in body and 'data-count="hand">1<' in body
    assert "Decisions to deliver: 2, the latest first." in body
    by_hand = html(client.get(TASKS + "?channel=hand&lang=en"))
    assert len(task_ids(by_hand)) == 1 and "tracking_number" not in by_hand
    assert "Decisions to deliver: 1" in by_hand
    unknown = html(client.get(TASKS + "?channel=pigeon&lang=en"))  # an unknown one: all
    assert len(task_ids(unknown)) == 2
