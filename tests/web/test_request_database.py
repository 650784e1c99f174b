"""A request's database access: one connection, the session's own transaction on it."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from assembly import db
from assembly.models import ReferenceCounter
from assembly.web import database


def _counters(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(connection.scalar(select(func.count()).select_from(ReferenceCounter)) or 0)


def test_a_session_opened_after_a_read_uses_the_same_connection_and_commits_its_writes(
    app: Flask, engine: Engine, session: Session
) -> None:
    with app.test_request_context():
        with db.reading_only():
            reading = database.reading()
            reading.execute(select(func.count()).select_from(ReferenceCounter))
        database.end_reading()
        request_session = database.session()
        assert request_session.connection() is reading
        request_session.add(ReferenceCounter(prefix="TST", year=2021, last=1))
        database.commit()
    assert _counters(engine) == 1


def test_a_write_inside_a_read_still_open_is_committed_not_left_in_it(
    app: Flask, engine: Engine, session: Session
) -> None:
    with app.test_request_context():
        with db.reading_only():
            database.reading().execute(select(func.count()).select_from(ReferenceCounter))
        database.session().add(ReferenceCounter(prefix="TST", year=2022, last=1))
        database.commit()
    assert _counters(engine) == 1


def test_nothing_a_request_leaves_uncommitted_is_stored(
    app: Flask, engine: Engine, session: Session
) -> None:
    with app.test_request_context():
        with db.reading_only():
            database.reading().execute(select(func.count()).select_from(ReferenceCounter))
        database.end_reading()
        database.session().add(ReferenceCounter(prefix="TST", year=2023, last=1))
        database.session().flush()
    assert _counters(engine) == 0
