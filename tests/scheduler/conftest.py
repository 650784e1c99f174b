"""Fixtures of the scheduler tests: notices whose deadlines passed, the SMTP server, the app."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from assembly.models import Notice, NoticeEvent, OutboxMessage
from tests.conftest import at
from tests.integration.conftest import cheap_password_hashes, create_notice  # noqa: F401
from tests.mail.conftest import MAIL_SETTINGS, no_portal_link, smtp  # noqa: F401

AFTER_DEADLINES = "2021-05-19T09:00:00+06:00"  # Wed: the rallies' review periods are over
FAST = {"sweep_seconds": 0.2, "outbox_seconds": 0.1, "lock_poll_seconds": 0.1, "digest_hour": 8,
        "retention_seconds": 0.2}
FAST_ENV = {"ASSEMBLY_SWEEP_SECONDS": "0.3", "ASSEMBLY_OUTBOX_SECONDS": "0.2",
            "ASSEMBLY_SCHEDULER_POLL_SECONDS": "0.2", "ASSEMBLY_NOW": AFTER_DEADLINES}


def slots(first_hour: int, n: int) -> list[dict[str, Any]]:
    """Draft overrides: n one-hour rallies at Sary-Arka on 2021-05-20 from first_hour."""
    return [{"starts_at": f"2021-05-20T{h:02d}:00:00+06:00",
             "ends_at": f"2021-05-20T{h + 1:02d}:00:00+06:00"}
            for h in range(first_hour, first_hour + n)]


@pytest.fixture
def silent_notices(session: Session, create_notice: Callable[..., Notice]):  # noqa: F811
    """Factory: notifications filed on 13 May, never answered (review over on 18 May), committed."""

    def make(first_hour: int = 9, n: int = 3) -> list[str]:
        references = [create_notice(**overrides).reference for overrides in slots(first_hour, n)]
        session.commit()
        return references

    return make


def deem_accept_events(factory: sessionmaker[Session]) -> dict[str, int]:
    """How many deem_accept events each notice has."""
    with factory() as check:
        rows = check.execute(
            select(Notice.reference, func.count(NoticeEvent.id))
            .join(NoticeEvent, NoticeEvent.notice_id == Notice.id)
            .where(NoticeEvent.trigger == "deem_accept").group_by(Notice.reference)
        ).all()
    return dict(rows)


def outbox_rows(factory: sessionmaker[Session]) -> list[OutboxMessage]:
    with factory() as check:
        return list(check.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def in_progress(factory: sessionmaker[Session]) -> int:
    """Messages not yet sent (pending or being sent)."""
    return sum(m.status in ("pending", "sending") for m in outbox_rows(factory))


@pytest.fixture
def scheduler_app(engine, smtp) -> Flask:  # noqa: F811 - the smtp fixture
    """The app of an in-process scheduler: the test database, the test SMTP server."""
    from assembly.web import create_app

    return create_app({"SECRET_KEY": "test", "DATABASE_ENGINE": engine,
                       "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": smtp.port, **MAIL_SETTINGS})


NOW = at(AFTER_DEADLINES)
