"""Fixtures of the mail tests: a real SMTP server on loopback and the app that sends to it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask

from assembly.web import create_app
from tests.integration.conftest import cheap_password_hashes, create_notice  # noqa: F401
from tests.mailserver import MailServer

MAIL_SETTINGS = {
    "MAIL_DEFAULT_SENDER": "noreply@assembly.almaty.kz",
    "MAIL_TIMEOUT": 5,
    "MAIL_MAX_ATTEMPTS": 3,
    "MAIL_RETRY_SECONDS": 60,
    "MAIL_CLAIM_TIMEOUT": 300,
}


@pytest.fixture(autouse=True)
def no_portal_link(monkeypatch: pytest.MonkeyPatch) -> None:
    """Snapshots are rendered without ASSEMBLY_PUBLIC_URL."""
    monkeypatch.delenv("ASSEMBLY_PUBLIC_URL", raising=False)


@pytest.fixture
def smtp() -> Iterator[MailServer]:
    """aiosmtpd on 127.0.0.1 and a free port, collecting what it accepts."""
    server = MailServer()
    server.start()
    yield server
    server.stop()


def mail_app(port: int | None, **overrides: Any) -> Flask:
    """The web app as the scheduler builds it, sending to 127.0.0.1:port (None: no SMTP)."""
    return create_app({
        "SECRET_KEY": "test",
        "DATABASE_URL": "sqlite://",
        "MAIL_SERVER": "127.0.0.1" if port else None,
        "MAIL_PORT": port or 25,
        **MAIL_SETTINGS,
        **overrides,
    })


@pytest.fixture
def app(smtp: MailServer) -> Flask:
    """The app bound to the test SMTP server."""
    return mail_app(smtp.port)
