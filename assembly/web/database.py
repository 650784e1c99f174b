"""One session per request, closed at the end; the view commits once (`commit()`)."""

from __future__ import annotations

from flask import Flask, current_app, g
from sqlalchemy import Engine
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


def commit() -> None:
    """Commit the request's one transaction."""
    session().commit()


def _close(_exc: BaseException | None) -> None:
    s = g.pop("db_session", None)
    if s is not None:
        s.rollback()
        s.close()
