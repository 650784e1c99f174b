"""One session per request, closed at the end; the view commits once (`commit()`).

A view that only reads with Core statements may take `reading()` instead: a connection
without the ORM session's bookkeeping, its transaction rolled back at the end.
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
    """The request's session (opened on first use)."""
    if "db_session" not in g:
        g.db_session = current_app.extensions["assembly.sessions"]()
    return g.db_session


def reading() -> Connection:
    """The request's read-only connection (opened on first use, inside `db.reading_only()`
    on SQLite: its BEGIN takes no write lock); nothing written on it is ever committed."""
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
