"""Wrong passwords are counted per address in the database, by the portal and the API
alike, exactly even when attempts race; a stranger never keeps an owner out of a browser
where the owner signed in before (the known-device cookie)."""

from __future__ import annotations

from collections import Counter

import pytest

from tests.web.conftest import PASSWORD, at_once, html, make_app

FREE = 5  # wrong passwords before a wait (assembly.services.throttle.ThrottlePolicy)
DEVICE = "assembly_device"


def wrong(client, email: str) -> int:  # type: ignore[no-untyped-def]
    return client.submit("/sign-in", {"email": email, "password": "a wrong password"}
                         ).status_code


def right(client, email: str) -> int:  # type: ignore[no-untyped-def]
    return client.submit("/sign-in", {"email": email, "password": PASSWORD}).status_code


def test_a_stranger_guessing_keeps_strangers_waiting_but_not_the_owner_s_own_browser(
    app, create_user, session
):
    owner = create_user("officer")
    session.commit()
    laptop = app.test_client()
    assert right(laptop, owner.email) == 302
    assert laptop.get_cookie(DEVICE) is not None
    laptop.submit("/sign-out")

    stranger = app.test_client()
    assert [wrong(stranger, owner.email) for _ in range(FREE + 1)] == [401] * FREE + [429]
    assert right(stranger, owner.email) == 429  # a stranger who guessed it waits too
    assert right(app.test_client(), owner.email) == 429  # so does a new browser
    assert right(laptop, owner.email) == 302  # the owner's own browser does not


def test_a_device_cookie_of_another_account_or_forged_lets_no_one_pass(
    app, create_user, session
):
    owner, other = create_user("citizen"), create_user("citizen")
    session.commit()
    stranger = app.test_client()
    assert right(stranger, other.email) == 302  # the stranger's own account's cookie
    stranger.submit("/sign-out")
    assert [wrong(stranger, owner.email) for _ in range(FREE + 1)][-1] == 429
    forged = app.test_client()
    forged.set_cookie(DEVICE, stranger.get_cookie(DEVICE).value[:-3] + "abc")
    assert right(forged, owner.email) == 429
    assert right(stranger, owner.email) == 429


def test_a_known_browser_s_own_wrong_passwords_are_limited_apart(app, create_user, session):
    owner = create_user("citizen")
    session.commit()
    laptop = app.test_client()
    assert right(laptop, owner.email) == 302
    laptop.submit("/sign-out")
    assert [wrong(laptop, owner.email) for _ in range(FREE + 1)] == [401] * FREE + [429]
    assert right(app.test_client(), owner.email) == 302  # the address itself is not waiting


def test_the_portal_and_the_api_count_one_address_s_wrong_passwords_together(
    app, create_user, session
):
    owner = create_user("citizen")
    session.commit()
    portal, api = app.test_client(), app.test_client()
    for _ in range(3):
        assert wrong(portal, owner.email) == 401
    statuses = [api.post("/api/v1/tokens", json={"email": owner.email, "password": "wrong"}
                         ).status_code for _ in range(3)]
    assert statuses == [401, 401, 429]
    assert wrong(portal, owner.email) == 429


def test_the_wait_is_told_in_the_visitor_s_language(app, create_user, session):
    client = app.test_client()
    for _ in range(FREE):
        wrong(client, "someone@example.kz")
    response = client.submit("/sign-in", {"email": "someone@example.kz", "password": "x"},
                             headers={"Accept-Language": "ru"})
    assert response.status_code == 429
    assert "Попробуйте снова через 1 мин." in html(response)


@pytest.fixture
def racing_app(engine, session):  # type: ignore[no-untyped-def]
    """An app whose per-address limit stays out of the way of twelve racing attempts."""
    return make_app(engine, SIGNIN_LIMIT_PER_IP="1000 per minute")


def test_racing_wrong_passwords_let_through_exactly_the_free_ones(
    racing_app, create_user, session
):
    owner = create_user("citizen")
    session.commit()
    clients = [racing_app.test_client() for _ in range(12)]
    tokens = [c.csrf_token("/sign-in") for c in clients]
    statuses = at_once([
        lambda c=c, t=t: c.post("/sign-in", data={
            "email": owner.email, "password": "a wrong password", "csrf_token": t}).status_code
        for c, t in zip(clients, tokens, strict=True)])
    assert Counter(statuses) == {401: FREE, 429: len(clients) - FREE}
