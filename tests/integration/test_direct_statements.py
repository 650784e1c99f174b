"""INSERTs run on the driver's connection (services.direct) store what Core stores."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from sqlalchemy import bindparam, insert, select
from sqlalchemy.exc import IntegrityError

from assembly.models import OutboxMessage
from assembly.services.direct import Direct
from tests.conftest import at

_OUTBOX = OutboxMessage.__table__


def message(**overrides: Any) -> dict[str, Any]:
    row = {
        "created_at": at("2021-05-13T10:00:00.123456+06:00"), "notice_id": None,
        "delivery_id": None, "recipient": "officer@example.kz", "language": "kk",
        "template": "new_notice", "dedupe_key": None, "status": "pending", "attempts": 0,
        "next_attempt_at": at("2021-05-13T10:00:00+06:00"), "possible_duplicate": False,
        "context": {"reference": "ALA-2021-000001", "findings": [{"code": "late_filing"}],
                    "text": "Қазақ тілі — «кавычки» \\u0000 \\\\"},
    }
    row.update(overrides)
    return row


def stored(session, row_id: int) -> dict[str, Any]:
    found = session.connection().execute(
        select(_OUTBOX).where(_OUTBOX.c.id == row_id)).mappings().one()
    return {key: value for key, value in found.items() if key != "id"}


def test_a_row_inserted_directly_reads_back_exactly_as_one_inserted_with_core(session) -> None:
    connection = session.connection()
    direct_id = Direct(insert(_OUTBOX).returning(_OUTBOX.c.id)).scalar(connection, message())
    core_id = connection.scalar(insert(_OUTBOX).returning(_OUTBOX.c.id), message())

    assert direct_id != core_id
    assert stored(session, direct_id) == stored(session, core_id)
    assert stored(session, direct_id)["created_at"] == at("2021-05-13T10:00:00.123456+06:00")


def test_several_rows_go_in_one_call_in_the_connection_s_transaction(session) -> None:
    connection = session.connection()
    Direct(insert(_OUTBOX)).execute(connection, [message(recipient=f"o{i}@example.kz")
                                                 for i in range(3)])
    recipients = connection.scalars(select(_OUTBOX.c.recipient).order_by(_OUTBOX.c.id)).all()
    assert recipients == ["o0@example.kz", "o1@example.kz", "o2@example.kz"]
    session.rollback()
    assert session.connection().scalars(select(_OUTBOX.c.id)).all() == []


def test_a_driver_error_is_raised_as_sqlalchemy_s_integrity_error(session) -> None:
    statement = Direct(insert(_OUTBOX))
    statement.execute(session.connection(), [message(dedupe_key="same")])
    with pytest.raises(IntegrityError):
        statement.execute(session.connection(), [message(dedupe_key="same")])


def test_rows_without_a_column_core_would_default_are_refused(session) -> None:
    row = message()
    del row["status"]
    with pytest.raises(ValueError, match="status"):
        Direct(insert(_OUTBOX)).execute(session.connection(), [row])


def test_a_direct_statement_begins_the_connection_s_transaction_as_execute_does(
    engine,
) -> None:
    with engine.connect() as connection:
        assert not connection.in_transaction()
        Direct(insert(_OUTBOX)).execute(connection, [message()])
        assert connection.in_transaction()
        connection.rollback()
        assert connection.scalars(select(_OUTBOX.c.id)).all() == []


def test_a_select_run_directly_gives_the_values_core_gives(session) -> None:
    connection = session.connection()
    Direct(insert(_OUTBOX)).execute(connection, [message(), message(status="sent")])
    query = select(_OUTBOX).where(_OUTBOX.c.recipient == bindparam("recipient")).order_by(
        _OUTBOX.c.id)
    direct = Direct(query).all(connection, {"recipient": "officer@example.kz"})
    core = [tuple(row) for row in connection.execute(query,
                                                     {"recipient": "officer@example.kz"})]
    assert direct == core
    assert len(direct) == 2 and isinstance(direct[0][1], datetime)


def test_the_engine_s_cursor_events_see_a_direct_statement(session, engine) -> None:
    from sqlalchemy import event

    seen: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany) -> None:
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        Direct(insert(_OUTBOX)).execute(session.connection(), [message()])
    finally:
        event.remove(engine, "before_cursor_execute", record)
    assert len(seen) == 1 and seen[0].startswith("INSERT INTO outbox")
