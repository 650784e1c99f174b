"""The request's session, opened here in the kind of transaction its method calls for.

GET, HEAD and OPTIONS requests only read: their transactions never take SQLite's write
lock (nor wait for it), and a write in them fails (SQLite's `query_only`, PostgreSQL's
READ ONLY). Every other method writes: its transaction begins with BEGIN IMMEDIATE on
SQLite (`assembly.db`). The view commits once (`commit()`); whatever the request reads
after that (the page or the answer it shows) is read as a GET reads. Views never choose.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask, current_app, g, has_request_context, request

from assembly import db

READING_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@dataclass(frozen=True)
class _Sessions:
    writing: db.sessionmaker[db.Session]
    reading: db.sessionmaker[db.Session]
    reading_engine: db.Engine


def init_app(app: Flask, engine: db.Engine) -> None:
    """Bind the app to an engine and close the request's session at teardown."""
    reading = db.reading_engine(engine)
    app.extensions["assembly.sessions"] = _Sessions(
        db.make_session_factory(engine), db.make_session_factory(reading), reading)
    app.teardown_appcontext(_close)


def _reads_only() -> bool:
    # Outside a request (a command, a test's app context) the session may write.
    return has_request_context() and request.method in READING_METHODS


def session() -> db.Session:
    """The request's session (opened on first use, in the kind the method calls for)."""
    if "db_session" not in g:
        sessions: _Sessions = current_app.extensions["assembly.sessions"]
        g.db_session = (sessions.reading if _reads_only() else sessions.writing)()
    return g.db_session


def commit() -> None:
    """Commit the request's one transaction; from then on the request only reads."""
    s = session()
    s.commit()
    # expire_on_commit=False: what the view loaded stays usable; what it reads next (a
    # lazy load, the history it shows) is read without SQLite's write lock.
    s.bind = current_app.extensions["assembly.sessions"].reading_engine


def _close(_exc: BaseException | None) -> None:
    s = g.pop("db_session", None)
    if s is not None:
        s.rollback()
        s.close()
