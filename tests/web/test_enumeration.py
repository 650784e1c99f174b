"""No account enumeration: sign-in, the token endpoint and registration answer a known and
an unknown address alike, and do the same work for both (one password hash each: the
time it takes follows from that, so nothing here is timed)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import func, select

import assembly.services.users as users
from assembly.models import OutboxMessage, User
from tests.web.conftest import PASSWORD, at_once, html

FORM = {"full_name": "Айгерим Сапарова", "language": "ru",
        "password": "a long enough secret", "password_confirm": "a long enough secret"}


def counting(monkeypatch: pytest.MonkeyPatch, name: str) -> list[str]:
    """Count the calls of `assembly.services.users.<name>` (it still does its work)."""
    calls: list[str] = []
    real: Callable[..., Any] = getattr(users, name)

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(name)
        return real(*args, **kwargs)

    monkeypatch.setattr(users, name, counted)
    return calls


def page_without_tokens(response: Any) -> str:
    return re.sub(r'name="csrf_token"[^>]*value="[^"]+"', "", html(response))


@pytest.fixture
def addresses(create_user, session) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """A known, a deactivated and an unknown address."""
    known = create_user("citizen", email="known@example.kz")
    gone = create_user("citizen", email="gone@example.kz")
    gone.active = False
    session.commit()
    return {"known": known.email, "deactivated": gone.email, "unknown": "nobody@example.kz"}


def test_sign_in_checks_one_password_hash_and_answers_alike_for_every_address(
    app, addresses, monkeypatch
):
    checks = counting(monkeypatch, "check_password_hash")
    pages = {}
    for kind, email in addresses.items():
        checks.clear()
        response = app.test_client().submit("/sign-in", {"email": email, "password": "wrong!"})
        assert (response.status_code, len(checks)) == (401, 1), kind
        pages[kind] = page_without_tokens(response).replace(email, "EMAIL")
    assert pages["known"] == pages["unknown"] == pages["deactivated"]


def test_the_token_endpoint_checks_one_password_hash_and_answers_alike_for_every_address(
    app, addresses, monkeypatch
):
    checks = counting(monkeypatch, "check_password_hash")
    answers = {}
    for kind, email in addresses.items():
        checks.clear()
        response = app.test_client().post("/api/v1/tokens",
                                          json={"email": email, "password": PASSWORD})
        answers[kind] = (response.status_code, response.get_json(), len(checks))
    assert answers["unknown"] == answers["deactivated"] == (
        401, answers["unknown"][1], 1)
    assert answers["known"][0] == 201 and answers["known"][2] == 1


def test_the_dummy_hash_is_made_as_real_ones_are(monkeypatch):
    import werkzeug.security

    monkeypatch.setattr(users, "generate_password_hash", werkzeug.security.generate_password_hash)
    real = users.hash_password("a real password")
    dummy = users._dummy_hash(users.generate_password_hash)
    assert dummy.rsplit("$", 2)[0] == real.rsplit("$", 2)[0]  # method and cost alike
    assert real.startswith("scrypt:")


def test_unknown_and_known_addresses_are_kept_waiting_alike(app, addresses):
    client = app.test_client()
    sequences = {kind: [client.submit("/sign-in", {"email": email, "password": "wrong!"})
                        .status_code for _ in range(6)] for kind, email in addresses.items()}
    assert sequences["known"] == sequences["unknown"] == sequences["deactivated"]


def register(app, email: str, **change: str):  # type: ignore[no-untyped-def]
    client = app.test_client()
    response = client.submit("/register", {**FORM, "email": email, **change},
                             headers={"Accept-Language": "en"})
    return response, client


def test_registration_answers_a_new_and_a_taken_address_alike_and_hashes_once_each(
    app, addresses, monkeypatch, session
):
    hashes = counting(monkeypatch, "generate_password_hash")
    answers = []
    for email in ("new@example.kz", addresses["known"]):
        hashes.clear()
        response, client = register(app, email)
        following = client.get(response.headers["Location"], headers={"Accept-Language": "en"})
        answers.append((response.status_code, response.headers["Location"], len(hashes),
                        page_without_tokens(following).replace(email, "EMAIL")))
    assert answers[0] == answers[1]
    assert answers[0][:3] == (302, "/sign-in?next=/file", 1)


def test_the_owner_of_a_taken_address_is_told_by_email_and_nothing_of_theirs_changes(
    app, create_user, session
):
    owner = create_user("officer", email="owner@example.kz", language="kk", full_name="Ерлан")
    session.commit()
    before = owner.password_hash
    response, _ = register(app, "Owner@Example.KZ", full_name="Someone Else", language="en")
    assert response.status_code == 302
    session.rollback()
    [user] = session.scalars(select(User)).all()
    assert (user.password_hash, user.full_name, user.role, user.language) == (
        before, "Ерлан", "officer", "kk")
    [message] = session.scalars(select(OutboxMessage)).all()
    assert (message.template, message.recipient, message.language) == (
        "registration_attempt", "owner@example.kz", "kk")
    assert message.context["email"] == "owner@example.kz"


def test_a_stranger_repeating_a_taken_address_sends_its_owner_one_message_a_day(
    app, addresses, session, now
):
    now("2021-05-13T10:00:00+06:00")
    for _ in range(3):
        assert register(app, addresses["known"])[0].status_code == 302
    now("2021-05-14T10:00:00+06:00")
    assert register(app, addresses["known"])[0].status_code == 302
    count = session.scalar(select(func.count()).select_from(OutboxMessage))
    assert count == 2


def test_registration_errors_are_the_same_for_a_new_and_a_taken_address(app, addresses):
    pages = []
    for email in ("new@example.kz", addresses["known"]):
        response, _ = register(app, email, password_confirm="something else")
        assert response.status_code == 422
        pages.append(page_without_tokens(response).replace(email, "EMAIL"))
    assert pages[0] == pages[1]
    assert "already" not in pages[0]


def test_two_registrations_of_one_new_address_at_once_make_one_account_and_answer_alike(
    app, session
):
    clients = [app.test_client() for _ in range(2)]
    tokens = [c.csrf_token("/register") for c in clients]
    answers = at_once([
        lambda c=c, t=t: c.post("/register", data={**FORM, "email": "twice@example.kz",
                                                  "csrf_token": t})
        for c, t in zip(clients, tokens, strict=True)])
    answers = [(r.status_code, r.headers.get("Location", "")) for r in answers]
    assert answers == [(302, "/sign-in?next=/file")] * 2
    assert session.scalar(select(func.count()).select_from(User)) == 1


def test_an_address_taken_by_a_concurrent_registration_is_answered_as_a_taken_one(
    create_user, session, monkeypatch
):
    import assembly.services.registration as registration

    owner = create_user("citizen", email="raced@example.kz")
    session.commit()
    looked_up: list[str] = []

    def not_yet_then_found(db, email):  # type: ignore[no-untyped-def]
        # The first look sees no account: the other registration commits just after it.
        looked_up.append(email)
        return None if len(looked_up) == 1 else users.find_user(db, email)

    monkeypatch.setattr(registration, "find_user", not_yet_then_found)
    registration.register_citizen(session, "raced@example.kz", password="a long enough secret",
                                  full_name="X", language="ru", now=owner.created_at)
    session.commit()
    assert len(looked_up) == 2
    assert session.scalar(select(func.count()).select_from(User)) == 1
    assert session.scalars(select(OutboxMessage.recipient)).all() == ["raced@example.kz"]
