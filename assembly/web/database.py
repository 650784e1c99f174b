"""The request's session, opened here in the kind of transaction its method calls for.

GET, HEAD and OPTIONS requests only read: their transactions never take SQLite's write
lock (nor wait for it), and a write in them fails (SQLite's `query_only`, PostgreSQL's
READ ONLY). Every other method writes: its transaction begins with BEGIN IMMEDIATE on
SQLite (`assembly.db`). The view commits once (`commit()`); whatever the request reads
after that (the page or the answer it shows) is read as a GET reads. Views never choose.
The transaction ends when the view has answered, before the response is sent. Who calls
(the API's bearer token, the portal's session) may be read apart, before it
(`read_apart`), and a signed-in visit recorded apart too (`write_apart`).

The report pages (the managers' dashboard and exports, the occupancy, the yearly report)
read through `report_session()`: on a read replica when ASSEMBLY_DATABASE_REPLICA_URL
names one, never to write; else the request's own session.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from flask import Flask, Response, current_app, g, has_request_context, request
from sqlalchemy.exc import OperationalError

from assembly import db

READING_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
T = TypeVar("T")


def init_app(app: Flask, engine: db.Engine, replica: db.Engine | None = None) -> None:
    """Bind the app to an engine (and the report pages to a read replica, if any); end the
    request's sessions once its view has answered."""
    # "assembly.engine" and "assembly.sessions" (writing) serve the scheduler and commands too.
    app.extensions["assembly.engine"] = engine
    app.extensions["assembly.sessions"] = db.make_session_factory(engine)
    app.extensions["assembly.reading_engine"] = reading = db.reading_engine(engine)
    app.extensions["assembly.reading_sessions"] = db.make_session_factory(reading)
    app.extensions["assembly.no_wait_sessions"] = db.make_session_factory(
        db.no_wait_engine(engine))
    app.extensions["assembly.report_sessions"] = (
        db.make_session_factory(db.reading_engine(replica)) if replica is not None else None)
    app.after_request(_end)
    app.teardown_appcontext(_close)


def _reads_only() -> bool:
    # Outside a request (a command, a test's app context) the session may write.
    return has_request_context() and request.method in READING_METHODS


def session() -> db.Session:
    """The request's session (opened on first use, in the kind the method calls for)."""
    if "db_session" not in g:
        kind = "assembly.reading_sessions" if _reads_only() else "assembly.sessions"
        g.db_session = current_app.extensions[kind]()
    return g.db_session


def report_session() -> db.Session:
    """The session of a report page: on the read replica when one is configured (its
    transactions only read), else the request's own."""
    factory = current_app.extensions["assembly.report_sessions"]
    if factory is None:
        return session()
    if "db_report_session" not in g:
        g.db_report_session = factory()
    return g.db_report_session


def read_apart(read: Callable[[db.Session], T]) -> T:
    """`read(session)` before the request's own transaction, in a short one that only reads
    (a reading request's own): a writing request then holds SQLite's write lock for its
    work only (the API reads its caller's token so). Return values, not ORM objects."""
    if _reads_only():
        return read(session())
    with current_app.extensions["assembly.reading_sessions"]() as apart:
        return read(apart)


def write_apart(write: Callable[[db.Session], T]) -> T | None:
    """`write(session)` in a short writing transaction of its own, committed at once, or
    skipped (None) when SQLite's write lock is taken: what a request records by the way,
    whatever its view does (a signed-in visit, for the idle lifetime), never makes it wait
    (a GET answers while another connection writes). Called before the request's own
    transaction begins (`assembly.web.access` loads the visitor first)."""
    with current_app.extensions["assembly.no_wait_sessions"]() as apart:
        try:
            result = write(apart)
            apart.commit()
        except OperationalError as exc:
            if "locked" not in str(exc.orig) and "busy" not in str(exc.orig):
                raise
            return None
        return result


def commit() -> None:
    """Commit the request's one transaction; from then on the request only reads."""
    s = session()
    s.commit()
    # expire_on_commit=False: what the view loaded stays usable; what it reads next (a
    # lazy load, the history it shows) is read without SQLite's write lock.
    s.bind = current_app.extensions["assembly.reading_engine"]


def _end(response: Response) -> Response:
    # The view is done: its transaction ends before the response goes out (SQLite's write
    # lock is not held while it is encoded and sent). Registered first, this runs last.
    _close(None)
    return response


def _close(_exc: BaseException | None) -> None:
    for name in ("db_session", "db_report_session"):
        s = g.pop(name, None)
        if s is not None:
            s.rollback()
            s.close()
