"""Writing without the unit of work, where a decision's speed needs it (benchmarks/core.py).

A decision changes a few columns of one notice and appends rows (the decision, its
grounds, deliveries, the audit event, the outbox message). `store_changes` stores the
notice's changes in one UPDATE under its optimistic lock; `store_rows` inserts
append-only rows with Core and attaches them to the session as loaded objects, so the
caller's objects look exactly as after a flush. `flush_or_conflict` is the plain flush,
with a lost lock or the booking constraint as a Conflict.
"""

from __future__ import annotations

from functools import cache
from typing import Any, TypeVar

from sqlalchemy import Insert, Table, bindparam, insert, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, make_transient_to_detached
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.exc import StaleDataError

from assembly.errors import Conflict
from assembly.models import Decision, DecisionGround, Delivery, Notice, NoticeFinding
from assembly.services.direct import Direct

Stored = TypeVar("Stored", Notice, NoticeFinding, Decision, DecisionGround, Delivery)


def flush_or_conflict(session: Session) -> None:
    """Flush; a lost optimistic lock or the booking constraint (23P01) becomes a Conflict."""
    try:
        session.flush()
    except StaleDataError as exc:
        raise Conflict("the notice was changed by someone else meanwhile") from exc
    except IntegrityError as exc:
        if getattr(exc.orig, "sqlstate", None) == "23P01":
            raise Conflict("the place is already held at that time") from exc
        raise


class Changes:
    """A notice as a trigger sees it: reads fall through to the notice, writes are kept."""

    __slots__ = ("notice", "values")

    def __init__(self, notice: Notice) -> None:
        object.__setattr__(self, "notice", notice)
        object.__setattr__(self, "values", {})

    def __getattr__(self, name: str) -> Any:
        values = self.values
        return values[name] if name in values else getattr(self.notice, name)

    def __setattr__(self, name: str, value: Any) -> None:
        self.values[name] = value


# Built once: the decisions write their notice through it, under the optimistic lock.
_NOTICES = Notice.__table__.c
_UPDATE_NOTICE = update(Notice.__table__).where(
    _NOTICES.id == bindparam("notice_id_"), _NOTICES.version_id == bindparam("version_id_")
)


def store_changes(session: Session, notice: Notice, values: dict[str, Any]) -> None:
    """Store changed columns of a notice in one UPDATE, checking and bumping its version.

    The values then become the notice's stored state, as after a flush: the unit of work
    has nothing left to write. Pending changes of the session are flushed first.
    """
    flush_or_conflict(session)
    version = notice.version_id
    values = {**values, "version_id": version + 1}
    try:
        result = session.connection().execute(
            _UPDATE_NOTICE, {**values, "notice_id_": notice.id, "version_id_": version}
        )
    except IntegrityError as exc:
        if getattr(exc.orig, "sqlstate", None) == "23P01":
            raise Conflict("the place is already held at that time") from exc
        raise
    if result.rowcount != 1:
        raise Conflict("the notice was changed by someone else meanwhile")
    for key, value in values.items():
        set_committed_value(notice, key, value)


def store_rows(session: Session, model: type[Stored], rows: list[dict[str, Any]]) -> list[Stored]:
    """Insert rows of an append-only model (Core); the rows as persistent objects.

    Each row names every column but the id. The objects join the session as if loaded
    (nothing left to flush); the caller sets their relationships.
    """
    return attach_rows(session, model, rows, insert_rows(session, model, rows))


def insert_rows(session: Session, model: type[Stored], rows: list[dict[str, Any]]) -> list[int]:
    """Insert rows of an append-only model (Core), in the session's transaction; their ids.

    Several rows go as one INSERT ... RETURNING id where the database keeps their order
    (PostgreSQL; SQLite: one per row).
    """
    if not rows:
        return []
    one, many = _inserts(model.__table__)  # type: ignore[attr-defined]
    connection = session.connection()
    if len(rows) == 1:
        return [one.scalar(connection, rows[0])]
    return list(connection.scalars(many, rows))  # insertmanyvalues, ids in row order


def attach_rows(session: Session, model: type[Stored], rows: list[dict[str, Any]],
                ids: list[int]) -> list[Stored]:
    """Rows inserted with `insert_rows` as persistent objects of the session (as if loaded:
    nothing to flush, no query made)."""
    stored = [model(id=id_, **row) for id_, row in zip(ids, rows, strict=True)]
    for item in stored:
        make_transient_to_detached(item)
    session.add_all(stored)
    return stored


@cache
def _inserts(table: Table) -> tuple[Direct, Insert]:
    """The INSERT ... RETURNING id of one row (run directly) and of several, built once."""
    return (Direct(insert(table).returning(table.c.id)),
            insert(table).returning(table.c.id, sort_by_parameter_order=True))
