"""Rate limits in the API: wrong passwords at the token endpoint are counted (per address
and per e-mail, `test_robustness.py`); no other operation is limited, even when limits are
declared for the whole application."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import Engine

from assembly.web.extensions import limiter
from tests.api.conftest import Api, Caller
from tests.conftest import dummy_draft
from tests.web.conftest import make_app


def _limit_headers(response: Any) -> list[str]:
    return [name for name, _ in response.headers.items() if name.startswith("X-RateLimit")]


def _unlimited_calls(api: Api, citizen: Caller) -> list[Any]:
    """One call of each kind: open and authenticated, reading and writing, a document."""
    return [
        api.get("/places"), api.get("/notices", citizen), api.post("/precheck", json=dummy_draft()),
        api.get("/openapi.json"), api.get("/no-such-operation"),
    ]


def test_only_the_token_endpoint_counts_calls_and_says_so(api: Api) -> None:
    citizen = api.sign_in("citizen")
    wrong = api.post("/tokens", json={"email": citizen.user.email, "password": "wrong"})
    assert wrong.status_code == 401
    assert _limit_headers(wrong)  # the limit it counts against, and what remains of it
    for response in _unlimited_calls(api, citizen):
        assert response.status_code in (200, 404), response.get_data(as_text=True)
        assert _limit_headers(response) == []


@pytest.fixture
def app_wide_limits(engine: Engine, empty_rate_limits: None) -> Iterator[Flask]:
    """An app whose configuration declares application-wide and default limits (two calls
    an hour). The limiter is shared by every app of the process: they are taken back."""
    app = make_app(engine, RATELIMIT_APPLICATION="2 per hour", RATELIMIT_DEFAULT="2 per hour")
    yield app
    limiter.limit_manager.set_application_limits([])
    limiter.limit_manager.set_default_limits([])
    limiter.reset()


def test_limits_declared_for_the_whole_application_do_not_apply_to_the_api(
    app_wide_limits: Flask, api: Api
) -> None:
    citizen = api.sign_in("citizen")
    pages = [app_wide_limits.test_client().get("/procedure").status_code for _ in range(3)]
    assert pages == [200, 200, 429]  # the portal's pages are limited so
    api.client = app_wide_limits.test_client()
    for _ in range(3):
        for response in _unlimited_calls(api, citizen):
            assert response.status_code in (200, 404), response.get_data(as_text=True)
