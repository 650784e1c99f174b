"""Fixtures of the web tests: the app on the test database, a client that can submit forms,
and signing in as a role.

CSRF protection stays on in every test: `client.submit(url, data)` posts a form with
the CSRF token of the client's session (read from a page, as a browser would), while
`client.post` sends none (what the CSRF tests do).

The app shares the test database with the `session` fixture; commit (or roll back) that
session before a request: SQLite write transactions take the lock at BEGIN, so a test
session left inside a transaction makes the app's request wait.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from assembly import clock
from assembly.models import User
from assembly.web import create_app
from tests.conftest import at

PASSWORD = "correct horse battery"  # what tests/conftest.py's create_user sets
ROLES = ("citizen", "officer", "manager", "admin")
_TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


class Client(FlaskClient):
    """Flask's test client, plus form submission with the session's CSRF token."""

    def csrf_token(self, page: str = "/") -> str:
        """The CSRF token a page of this session carries (every page has the switcher)."""
        html = self.get(page).get_data(as_text=True)
        match = _TOKEN.search(html)
        assert match, f"no CSRF token on {page}"
        return match.group(1)

    def submit(self, url: str, data: dict[str, Any] | None = None, **kwargs: Any) -> Any:
        """POST a form as a browser would: with the token of the page's session."""
        return self.post(url, data={**(data or {}), "csrf_token": self.csrf_token()}, **kwargs)


@pytest.fixture(autouse=True)
def cheap_password_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Accounts here only sign in; scrypt (~0.15 s an account) would dominate the run."""
    from werkzeug.security import generate_password_hash

    import assembly.services.users as users

    monkeypatch.setattr(
        users, "generate_password_hash",
        lambda password, method="": generate_password_hash(password, "pbkdf2:sha256:1"),
    )


def make_app(engine: Engine, **config: Any) -> Flask:
    """The app on the test database, CSRF and rate limits on, a fixed secret key."""
    app = create_app({
        "TESTING": True,
        "SECRET_KEY": "test-secret-key-not-for-production",
        "DATABASE_ENGINE": engine,
        "RATELIMIT_ENABLED": True,
        **config,
    })
    app.test_client_class = Client
    return app


@pytest.fixture
def app(engine: Engine, session: Session) -> Flask:
    """The app (the `session` fixture empties the database after the test)."""
    return make_app(engine)


@pytest.fixture
def client(app: Flask) -> Client:
    return app.test_client()  # type: ignore[return-value]


@pytest.fixture
def login(create_user: Callable[..., User], session: Session) -> Callable[..., User]:
    """Sign a client in as a new user of a role: login(client, "officer", language="kk")."""

    def sign_in(client: Client, role: str = "citizen", **kwargs: Any) -> User:
        user = create_user(role, **kwargs)
        session.commit()
        response = client.submit("/sign-in", {"email": user.email, "password": PASSWORD})
        assert response.status_code == 302, response.get_data(as_text=True)
        return user

    return sign_in


@pytest.fixture
def now() -> Iterator[Callable[[str], datetime]]:
    """Pin the app's clock: now("2021-05-13T10:00:00+06:00"); unpinned after the test."""

    def pin(text: str) -> datetime:
        instant = at(text)
        clock.set_now(instant)
        return instant

    yield pin
    clock.set_now(None)


def html(response: Any) -> str:
    """A response body as text, with CLDR's no-break spaces read as plain spaces."""
    return response.get_data(as_text=True).replace("\u202f", " ").replace("\xa0", " ")


def at_once(calls: list[Callable[[], Any]], timeout: float = 120) -> list[Any]:
    """Run the calls in threads released together (two users racing); their results."""
    import threading

    start = threading.Barrier(len(calls))
    results: list[Any] = []

    def run(call: Callable[[], Any]) -> None:
        start.wait()
        results.append(call())

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    return results
