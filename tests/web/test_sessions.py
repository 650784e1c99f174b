"""Sessions that end: kept on the server, ended by signing out, a new password, "sign out
everywhere" or a deactivation, and by time (idle and absolute lifetimes)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from assembly import clock
from assembly.models import SignInThrottle, WebSession
from assembly.services.users import deactivate_user
from tests.conftest import at
from tests.web.conftest import PASSWORD, html

COOKIE = "assembly_session"
NEW = "a brand new passphrase"


@pytest.fixture
def timer(monkeypatch):  # type: ignore[no-untyped-def]
    """The sessions' clock (the system clock, not the law's), moved by hand: timer(minutes=5)."""
    state = {"now": at("2026-03-02T09:00:00+05:00")}
    monkeypatch.setattr(clock, "system_now", lambda: state["now"])

    def move(**delta: float):  # type: ignore[no-untyped-def]
        state["now"] += timedelta(**delta)
        return state["now"]

    return move


def copy_of(app, client):  # type: ignore[no-untyped-def]
    """Another browser holding a copy of `client`'s session cookie."""
    other = app.test_client()
    other.set_cookie(COOKIE, client.get_cookie(COOKIE).value)
    return other


def signed_in(client) -> bool:  # type: ignore[no-untyped-def]
    response = client.get("/account")
    assert response.status_code in (200, 302)
    return response.status_code == 200


def api_token(client, email: str, password: str = PASSWORD) -> str:  # type: ignore[no-untyped-def]
    response = client.post("/api/v1/tokens", json={"email": email, "password": password})
    assert response.status_code == 201, response.get_data(as_text=True)
    return response.get_json()["token"]


def api_works(client, token: str) -> bool:  # type: ignore[no-untyped-def]
    status = client.get("/api/v1/notices", headers={"Authorization": f"Bearer {token}"}
                        ).status_code
    assert status in (200, 401)
    return status == 200


def change_password(client, current: str = PASSWORD, new: str = NEW,  # type: ignore[no-untyped-def]
                    confirm: str | None = None, **kwargs):
    return client.submit("/account/password", {
        "current_password": current, "new_password": new,
        "new_password_confirm": new if confirm is None else confirm}, **kwargs)


def test_a_cookie_copied_before_signing_out_stops_working_when_its_owner_signs_out(
    app, client, login
):
    login(client)
    copy = copy_of(app, client)
    assert signed_in(copy)  # the copy works while the session lives
    client.submit("/sign-out")
    assert not signed_in(copy)
    assert not signed_in(client)


def test_the_cookie_holds_a_session_token_not_the_user_s_id(app, client, login, session):
    user = login(client)
    with client.session_transaction() as cookie:
        assert cookie["_user_id"] != str(user.id) and len(cookie["_user_id"]) >= 40
    forged = app.test_client()
    with forged.session_transaction() as cookie:  # what a cookie from before held
        cookie["_user_id"] = str(user.id)
    assert not signed_in(forged)


def test_a_new_password_ends_every_other_session_and_api_token_and_keeps_this_browser(
    app, client, login, session
):
    user = login(client, language="en")
    laptop = app.test_client()
    laptop.submit("/sign-in", {"email": user.email, "password": PASSWORD})
    copy = copy_of(app, client)
    token = api_token(app.test_client(), user.email)

    response = change_password(client, headers={"Accept-Language": "en"})
    assert response.status_code == 302 and response.headers["Location"] == "/account"
    assert "Your password has been changed." in html(client.get("/account"))
    assert signed_in(client)
    assert not signed_in(laptop) and not signed_in(copy)
    assert not api_works(app.test_client(), token)
    old = app.test_client().submit("/sign-in", {"email": user.email, "password": PASSWORD})
    assert old.status_code == 401
    assert app.test_client().submit("/sign-in", {"email": user.email, "password": NEW}
                                    ).status_code == 302


def test_a_wrong_current_password_changes_nothing_and_counts_as_a_wrong_password(
    app, client, login, session
):
    user = login(client, language="en")
    laptop = app.test_client()
    laptop.submit("/sign-in", {"email": user.email, "password": PASSWORD})
    response = change_password(client, current="not my password",
                               headers={"Accept-Language": "en"})
    assert response.status_code == 422
    body = html(response)
    error = body.split('id="current_password-error"', 1)[1].split("</p>", 1)[0]
    assert "This is not your current password." in error
    assert signed_in(client) and signed_in(laptop)
    assert session.scalars(select(SignInThrottle.failures)).all() == [1]
    session.rollback()


@pytest.mark.parametrize(
    ("current", "new", "confirm", "field", "message"),
    [
        ("", NEW, NEW, "current_password", "Enter your current password."),
        (PASSWORD, "short", "short", "new_password",
         "The password is too short: at least 10 characters."),
        (PASSWORD, "x" * 257, "x" * 257, "new_password", "Too long: at most 256 characters."),
        (PASSWORD, NEW, "another passphrase", "new_password_confirm",
         "The two passwords do not match"),
        (PASSWORD, NEW, "", "new_password_confirm",
         "Type the new password again, the same as above."),
    ],
)
def test_a_new_password_s_problems_are_shown_beside_their_fields_and_change_nothing(
    app, client, login, current, new, confirm, field, message
):
    user = login(client, language="en")
    response = client.post("/account/password", data={
        "current_password": current, "new_password": new, "new_password_confirm": confirm,
        "csrf_token": client.csrf_token("/account")}, headers={"Accept-Language": "en"})
    assert response.status_code == 422
    body = html(response)
    assert message in body.split(f'id="{field}-error"', 1)[1].split("</p>", 1)[0]
    assert 'aria-invalid="true"' in body and f'<a href="#{field}">' in body
    assert app.test_client().submit("/sign-in", {"email": user.email, "password": PASSWORD}
                                    ).status_code == 302


def test_sign_out_everywhere_ends_every_session_this_one_included_and_every_api_token(
    app, client, login
):
    user = login(client, language="en")
    laptop = app.test_client()
    laptop.submit("/sign-in", {"email": user.email, "password": PASSWORD})
    token = api_token(app.test_client(), user.email)
    response = client.submit("/account/sign-out-everywhere", headers={"Accept-Language": "en"})
    assert response.status_code == 302 and response.headers["Location"] == "/sign-in"
    assert "You have signed out on every device" in html(client.get("/sign-in"))
    assert not signed_in(client) and not signed_in(laptop)
    assert not api_works(app.test_client(), token)


@pytest.mark.parametrize("path", ["/account/password", "/account/sign-out-everywhere",
                                  "/sign-out"])
def test_the_account_s_forms_need_their_csrf_token(app, client, login, path):
    login(client)
    response = client.post(path, data={"current_password": PASSWORD, "new_password": NEW,
                                       "new_password_confirm": NEW})
    assert response.status_code == 400
    assert signed_in(client)


@pytest.mark.parametrize("path", ["/account/password", "/account/sign-out-everywhere"])
def test_the_account_s_forms_send_anonymous_visitors_to_sign_in(client, path):
    response = client.submit(path, {})
    assert response.status_code == 302 and "/sign-in" in response.headers["Location"]


def test_deactivating_an_account_ends_its_sessions_and_tokens_for_good(
    app, client, login, session
):
    user = login(client)
    token = api_token(app.test_client(), user.email)
    deactivate_user(session, user.email, now=clock.system_now())
    session.commit()
    assert not signed_in(client) and not api_works(app.test_client(), token)
    user.active = True  # reactivated: what was ended stays ended
    session.commit()
    assert not signed_in(client) and not api_works(app.test_client(), token)


def test_a_session_ends_after_the_idle_lifetime_without_a_visit(app, client, login, timer):
    app.config["SESSION_IDLE_MINUTES"] = 30
    login(client)
    for _ in range(4):  # a visit every 29 minutes keeps it alive
        timer(minutes=29)
        assert signed_in(client)
    timer(minutes=30)
    assert not signed_in(client)
    response = client.get("/my/notices")
    assert response.status_code == 302 and "/sign-in" in response.headers["Location"]


def test_a_session_ends_after_the_absolute_lifetime_however_often_it_is_used(
    app, client, login, timer
):
    app.config["SESSION_MAX_HOURS"] = 2
    login(client)
    for _ in range(7):  # a visit every 17 minutes: 1 h 59 min
        timer(minutes=17)
        assert signed_in(client)
    timer(minutes=1)
    assert not signed_in(client)


def test_a_visit_is_recorded_at_most_once_a_minute(app, client, login, session, timer):
    login(client)
    started = clock.system_now()

    def last_seen():  # type: ignore[no-untyped-def]
        seen = session.scalars(select(WebSession.last_seen_at)).one()
        session.rollback()
        return seen

    timer(seconds=30)
    assert signed_in(client) and last_seen() == started
    moved = timer(seconds=40)
    assert signed_in(client) and last_seen() == moved


def test_the_account_page_offers_a_new_password_and_signing_out_everywhere_in_kazakh(
    client, login
):
    login(client, language="kk")
    body = html(client.get("/account"))
    for text in ("Құпиясөзді өзгерту", "Ағымдағы құпиясөз", "Барлық құрылғылардан шығу",
                 "осы браузерді қоса: 1."):
        assert text in body
    assert '<label for="current_password"' in body and 'autocomplete="current-password"' in body
    assert body.count('autocomplete="new-password"') == 2
    assert body.count('name="csrf_token"') >= 3
