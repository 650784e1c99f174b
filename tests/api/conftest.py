"""Fixtures of the JSON API tests: the app on the test database, bearer tokens got from
POST /api/v1/tokens, the clock pinned, the shared rate limiter emptied before each test.

Most tests follow the dummy rally at Sary-Arka square on Thu 2021-05-20, 11:00-13:00
(UTC+6): filed on Thu 2021-05-13, the last timely day; its review period ends at
23:59:59 local on Tue 2021-05-18 (LAW.md §2).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import Engine, delete, func, select
from sqlalchemy.orm import Session

from assembly import clock
from assembly.models import Notice, SignInThrottle, User
from assembly.web.extensions import limiter
from tests.conftest import at, dummy_draft
from tests.eds import signed, suite
from tests.web.conftest import PASSWORD, make_app
from tests.web.conftest import cheap_password_hashes as cheap_password_hashes  # autouse

FILED = "2021-05-13T10:00:00+06:00"  # registration 2021-05-13: the latest timely date
DURING_REVIEW = "2021-05-14T10:00:00+06:00"
LATE_FILED = "2021-05-14T10:00:00+06:00"  # one working day too late for 2021-05-20
AFTER_REVIEW = "2021-05-19T09:00:00+06:00"  # the review period ended 2021-05-18 23:59:59
API = "/api/v1"


def count_notices(session: Session) -> int:
    """How many notices the database holds (read in a fresh transaction)."""
    session.rollback()
    n = session.scalar(select(func.count()).select_from(Notice)) or 0
    session.rollback()
    return n


def errors_of(response: Any) -> list[dict[str, Any]]:
    """The error list of an API error response, checked to have the documented shape."""
    assert response.mimetype == "application/json", response.get_data(as_text=True)
    body = response.get_json()
    assert set(body) == {"errors"} and body["errors"], body
    for error in body["errors"]:
        assert set(error) == {"field", "code", "message"}, error
        assert isinstance(error["code"], str) and isinstance(error["message"], str)
        assert error["message"].strip()
    return body["errors"]


def codes(response: Any) -> set[str]:
    return {e["code"] for e in errors_of(response)}


def forget_wrong_passwords(session: Session) -> None:
    """Empty the wrong-password counts (kept in the database, per account)."""
    session.rollback()
    session.execute(delete(SignInThrottle))
    session.commit()


@dataclass
class Caller:
    """A signed-in account: its user row and bearer token."""

    user: User
    token: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


class Api:
    """A test client speaking JSON to /api/v1, with accounts signed in through the API."""

    def __init__(self, app: Flask, session: Session, create_user: Callable[..., User]):
        self.app = app
        self.client = app.test_client()
        self.session = session
        self.create_user = create_user

    def request(self, method: str, path: str, caller: Caller | str | None = None,
                json: Any = None, headers: dict[str, str] | None = None, **kwargs: Any) -> Any:
        """A request to API + path; `caller` a Caller or a raw token."""
        sent = dict(headers or {})
        if isinstance(caller, Caller):
            sent.update(caller.headers)
        elif isinstance(caller, str):
            sent["Authorization"] = f"Bearer {caller}"
        if json is not None:
            kwargs["json"] = json
        return self.client.open(API + path, method=method, headers=sent, **kwargs)

    def get(self, path: str, caller: Caller | str | None = None, **kwargs: Any) -> Any:
        return self.request("GET", path, caller, **kwargs)

    def post(self, path: str, caller: Caller | str | None = None, **kwargs: Any) -> Any:
        return self.request("POST", path, caller, **kwargs)

    def delete(self, path: str, caller: Caller | str | None = None, **kwargs: Any) -> Any:
        return self.request("DELETE", path, caller, **kwargs)

    def token_for(self, user: User) -> str:
        """A fresh bearer token for an existing account, as of the clock."""
        response = self.post("/tokens", json={"email": user.email, "password": PASSWORD})
        assert response.status_code == 201, response.get_data(as_text=True)
        body = response.get_json()
        assert body["role"] == user.role
        return body["token"]

    def sign_in(self, role: str = "citizen", **kwargs: Any) -> Caller:
        """A new account of `role`, committed, with a bearer token from POST /tokens."""
        user = self.create_user(role, **kwargs)
        self.session.commit()
        return Caller(user, self.token_for(user))

    def refresh(self, caller: Caller) -> Caller:
        """The same account with a new token (after the clock moved past the old one)."""
        return Caller(caller.user, self.token_for(caller.user))

    def file(self, caller: Caller, expected: int = 201, headers: dict[str, str] | None = None,
             **overrides: Any) -> dict[str, Any]:
        """File the dummy rally (with overrides) as `caller`; the Notice returned."""
        response = self.post("/notices", caller, json=signed(dummy_draft(**overrides)),
                             headers=headers)
        assert response.status_code == expected, response.get_data(as_text=True)
        return response.get_json()


@pytest.fixture
def empty_rate_limits(app: Flask) -> None:
    """The limiter's memory storage is shared by every app of the process: start empty."""
    limiter.reset()


@pytest.fixture(scope="session")
def shared_app(engine: Engine) -> Flask:
    """One app for the run (building one per test is most of a small test's time), trusting
    the suite's test authority, unsigned filings taken as a training instance takes them."""
    return make_app(engine, EDS_SIGNING=suite().signing(enforced=False))


@pytest.fixture
def app(shared_app: Flask, session: Session) -> Flask:
    """The app (the `session` fixture empties the database after the test)."""
    return shared_app


@pytest.fixture
def now() -> Iterator[Callable[[str], Any]]:
    """Pin the app's clock: now("2021-05-13T10:00:00+06:00"); unpinned after the test."""

    def pin(text: str) -> Any:
        instant = at(text)
        clock.set_now(instant)
        return instant

    pin(FILED)
    yield pin
    clock.set_now(None)


@pytest.fixture
def api(app: Flask, session: Session, create_user: Callable[..., User], now: Any,
        empty_rate_limits: None) -> Api:
    """The JSON API client; the clock starts pinned at FILED (2021-05-13 10:00 +06:00)."""
    return Api(app, session, create_user)
