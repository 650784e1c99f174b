"""The baseline server of `benchmarks/http.py`: a bare Flask app under the same gunicorn.

    .venv/bin/python benchmarks/_bare_app.py --url URL --port P [--workers 2]

(started by http.py; by hand, it serves until Ctrl-C).

Two endpoints, nothing else (no CSRF, no limiter, no sessions, no auth):

- `POST /insert`: parse the JSON body, insert one row with the SQLAlchemy ORM (a small
  mapped model: session.add, commit) into the database at URL, opened with
  `assembly.db.make_engine` and sessions from `db.make_session_factory`, as the app's
  (SQLite: WAL, synchronous=NORMAL, BEGIN IMMEDIATE; PostgreSQL: psycopg 3, pre-ping),
  answer 201 `{"id": N}`;
- `POST /echo`: parse the JSON body and send it back, 200.

It is served by `assembly.cli.web.Server` with `assembly.cli.web.server_options` (the
settings of `assembly serve`: sync workers, access log to stdout, same timeouts, no
preloading), only the process name differs. Each worker opens its own engine. The table
is created at start in the database (on PostgreSQL, in the schema the URL's search_path
names).
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import _util  # noqa: F401  first: puts the checkout on sys.path
from flask import Flask, abort, jsonify, request
from flask.typing import ResponseReturnValue
from sqlalchemy import JSON, DateTime, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from assembly import db
from assembly.cli.web import Server, server_options


class Base(DeclarativeBase):
    pass


class Filing(Base):
    """One received body: the bare counterpart of a notice."""

    __tablename__ = "filings"

    id: Mapped[int] = mapped_column(primary_key=True)
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    purpose: Mapped[str | None] = mapped_column(Text)
    body: Mapped[dict[str, Any]] = mapped_column(JSON)


def create_bare_app(url: str) -> Flask:
    """The bare app on the database at `url`."""
    factory = db.make_session_factory(db.make_engine(url))
    app = Flask(__name__)

    def json_body() -> dict[str, Any]:
        body = request.get_json(silent=True)
        if not isinstance(body, dict):
            abort(400)
        return body

    @app.post("/insert")
    def insert_row() -> ResponseReturnValue:
        body = json_body()
        with factory() as session:
            filing = Filing(received_at=datetime.now(UTC), purpose=body.get("purpose"),
                            body=body)
            session.add(filing)
            session.commit()
            return jsonify(id=filing.id), 201

    @app.post("/echo")
    def echo() -> ResponseReturnValue:
        return jsonify(json_body())

    return app


class BareServer(Server):
    """`assembly serve`'s gunicorn application, loading the bare app instead."""

    def __init__(self, options: dict[str, Any], url: str) -> None:
        self.url = url
        super().__init__(options)

    def load(self) -> Any:
        return create_bare_app(self.url)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="The bare baseline app of benchmarks/http.py")
    parser.add_argument("--url", required=True, help="the database (SQLite file: created)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)
    engine = db.make_engine(args.url)
    Base.metadata.create_all(engine)
    engine.dispose()  # before gunicorn forks: each worker opens its own
    options = server_options(args.host, args.port, args.workers)
    options["proc_name"] = "assembly-bare"
    BareServer(options, args.url).run()


if __name__ == "__main__":
    main()
