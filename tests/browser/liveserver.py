"""The portal served for real on 127.0.0.1, in a thread of the test process.

Each `LiveServer` has its own SQLite file (never the suite's test database, so the browser
tests read the same on the SQLite and PostgreSQL passes), migrated with Alembic, a fixed
secret key, and map tiles from the local tile server (`tiles.local_tiles()`). It runs in
the test process, so `assembly.clock.set_now` pins the server's clock too.
"""

from __future__ import annotations

import threading
from itertools import count
from pathlib import Path
from typing import Any

from flask import Flask
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker
from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server

from assembly import db, schema
from assembly.models import User
from assembly.services.filing import file_notice
from assembly.services.users import add_user
from assembly.web import create_app
from tests.browser.tiles import local_tiles
from tests.conftest import at, dummy_draft
from tests.eds import suite

PASSWORD = "browser tests password"
SECRET_KEY = "browser-tests-secret-key-not-for-production"


class QuietHandler(WSGIRequestHandler):
    """Werkzeug's request handler without the access log (pytest shows failures anyway)."""

    def log_request(self, *args: Any, **kwargs: Any) -> None:
        pass


def read_whole(app: Any) -> Any:
    """The app with each answer read whole, and its file closed, before werkzeug writes
    it: a browser that drops a connection mid-answer (a page closed while its favicon
    loads) otherwise leaves the static file open, which the suite counts as an error."""

    def wsgi(environ: dict[str, Any], start_response: Any) -> list[bytes]:
        answer = app(environ, start_response)
        try:
            return list(answer)
        finally:
            if hasattr(answer, "close"):
                answer.close()

    return wsgi


class LiveServer:
    """The app on its own SQLite database, served by werkzeug in a daemon thread."""

    def __init__(self, folder: Path, **config: Any) -> None:
        self.engine: Engine = db.make_engine(f"sqlite:///{folder / 'assembly.db'}")
        schema.upgrade(self.engine)
        self.sessions: sessionmaker[Session] = db.make_session_factory(self.engine)
        self.app: Flask = create_app({"SECRET_KEY": SECRET_KEY, "DATABASE_ENGINE": self.engine,
                                      "MAP_TILES_URL": local_tiles(), **config})
        self._server: BaseWSGIServer = make_server(
            "127.0.0.1", 0, read_whole(self.app), threaded=True,
            request_handler=QuietHandler,
        )
        self.url = f"http://127.0.0.1:{self._server.server_port}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True,
                                        name="browser-tests-live-server")
        self._emails = count(1)

    def start(self) -> LiveServer:
        """Start serving; returns self."""
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and close the database."""
        self._server.shutdown()
        self._thread.join(timeout=10)
        self._server.server_close()
        self.engine.dispose()

    def __call__(self, path: str = "/") -> str:
        """The absolute address of a path on this server."""
        return self.url + path

    def create_user(self, role: str, *, language: str = "ru", full_name: str | None = None,
                    email: str | None = None, iin: str | None = None) -> User:
        """A committed account of a role, with PASSWORD, e.g. officer3@browser.example.kz."""
        email = email or f"{role}{next(self._emails)}@browser.example.kz"
        with db.unit_of_work(self.sessions) as session:
            user = add_user(session, email, role=role, password=PASSWORD, language=language,
                            full_name=full_name or f"Test {role.capitalize()}", iin=iin,
                            now=at("2021-01-04T09:00:00+06:00"))
        return user

    def file_notice(self, owner: User, filed_at: str, **draft: Any) -> str:
        """File `dummy_draft(**draft)` for `owner` at `filed_at` (ISO), certified by the
        organizer's EDS (the suite's test authority); its reference."""
        body = dummy_draft(**draft)
        with db.unit_of_work(self.sessions) as session:
            notice = file_notice(session, body, owner=owner, now=at(filed_at),
                                 language=owner.language, signature=suite().sign_draft(body),
                                 signing=suite().signing(enforced=False)).notice
            return notice.reference
