"""One session per request, closed at the end; the view commits once (`commit()`).

A view that only reads with Core statements may take `reading()` instead: a connection
without the ORM session's bookkeeping (the API reads its caller's token so). A session
opened after it runs on the same connection: one connection per request.
"""

from __future__ import annotations

from flask import Flask, current_app, g
from sqlalchemy import Connection, Engine
from sqlalchemy.orm import Session

from assembly import db


def init_app(app: Flask, engine: Engine) -> None:
    """Bind the app to an engine and close the request's session at teardown."""
    app.extensions["assembly.engine"] = engine
    app.extensions["assembly.sessions"] = db.make_session_factory(engine)
    app.teardown_appcontext(_close)


def session() -> Session:
    """The request's session (opened on first use; on the request's read-only connection
    when one is open, so that a request checks out one connection: the session begins its
    own transaction there once `end_reading()` has ended the read)."""
    if "db_session" not in g:
        factory = current_app.extensions["assembly.sessions"]
        reading = g.get("db_reading")
        # control_fully: the session commits (or rolls back) whatever transaction the
        # connection is in, never leaves a write inside an outer one it does not commit.
        g.db_session = (factory(bind=reading, join_transaction_mode="control_fully")
                        if reading is not None else factory())
    return g.db_session


def reading() -> Connection:
    """The request's connection for Core reads (opened on first use; inside
    `db.reading_only()` on SQLite its BEGIN takes no write lock). Written to only through
    the session (`session()`), which commits; its own transaction is rolled back at the
    end of the request, or by `end_reading()`."""
    if "db_reading" not in g:
        g.db_reading = current_app.extensions["assembly.engine"].connect()
    return g.db_reading


def end_reading() -> None:
    """End the read-only connection's transaction, if any (its snapshot is let go)."""
    connection = g.get("db_reading")
    if connection is not None and connection.in_transaction():
        connection.rollback()


def commit() -> None:
    """Commit the request's one transaction."""
    session().commit()


def _close(_exc: BaseException | None) -> None:
    s = g.pop("db_session", None)
    if s is not None:
        s.rollback()
        s.close()
    connection = g.pop("db_reading", None)
    if connection is not None:
        connection.close()  # rolls back its transaction
