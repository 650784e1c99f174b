"""Whether the database answers: what `GET /healthz` tells load balancers."""

from __future__ import annotations

import logging
from functools import cache

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

log = logging.getLogger(__name__)


def database_answers(session: Session) -> bool:
    """Whether the database answers a ping (SELECT 1); when it does not, the error is logged."""
    try:
        session.execute(select(1))
    except SQLAlchemyError:
        log.exception("health check: the database does not answer")
        return False
    return True


def schema_state(session: Session) -> tuple[str | None, str]:
    """(the revision the database is at, None when unreachable or without schema; the
    latest revision this version of the code knows)."""
    from alembic.runtime.migration import MigrationContext

    try:
        current = MigrationContext.configure(session.connection()).get_current_revision()
    except SQLAlchemyError:
        log.exception("readiness: the database does not answer")
        session.rollback()
        current = None
    return current, latest_revision()


@cache
def latest_revision() -> str:
    """The head of the migrations shipped with this code."""
    from alembic.script import ScriptDirectory

    from assembly import schema

    head = ScriptDirectory.from_config(schema.alembic_config(None)).get_current_head()
    assert head is not None
    return head
