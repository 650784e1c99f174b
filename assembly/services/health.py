"""Whether the database answers: what `GET /healthz` tells load balancers."""

from __future__ import annotations

import logging

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
