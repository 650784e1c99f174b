"""The baseline server of `benchmarks/http.py`: a bare Flask app under the same gunicorn.

    .venv/bin/python benchmarks/_bare_app.py --database PATH --port P [--workers 2]

(started by http.py; by hand, it serves until Ctrl-C).

Two endpoints, nothing else (no CSRF, no limiter, no sessions, no auth):

- `POST /insert`: parse the JSON body, insert one row with SQLAlchemy Core (one
  transaction: BEGIN IMMEDIATE, INSERT, COMMIT) into an SQLite file opened with
  `assembly.db.make_engine` (WAL, synchronous=NORMAL, busy_timeout, BEGIN IMMEDIATE: the
  same kind of database as the app's), answer 201 `{"id": N}`;
- `POST /echo`: parse the JSON body and send it back, 200.

It is served by `assembly.cli_web.Server` with `assembly.cli_web.server_options` (the
settings of `assembly serve`: sync workers, access log to stdout, same timeouts, no
preloading), only the process name differs. Each worker opens its own engine.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import _util  # noqa: F401  first: puts the checkout on sys.path
from flask import Flask, abort, jsonify, request
from flask.typing import ResponseReturnValue
from sqlalchemy import JSON, Column, DateTime, Integer, MetaData, Table, Text, insert

from assembly import db
from assembly.cli_web import Server, server_options

metadata = MetaData()
filings = Table(
    "filings", metadata,
    Column("id", Integer, primary_key=True),
    Column("received_at", DateTime(timezone=True), nullable=False),
    Column("purpose", Text),
    Column("body", JSON, nullable=False),
)


def create_bare_app(url: str) -> Flask:
    """The bare app on the SQLite database at `url`."""
    engine = db.make_engine(url)
    app = Flask(__name__)

    def json_body() -> dict[str, Any]:
        body = request.get_json(silent=True)
        if not isinstance(body, dict):
            abort(400)
        return body

    @app.post("/insert")
    def insert_row() -> ResponseReturnValue:
        body = json_body()
        with engine.begin() as conn:
            new_id = conn.execute(insert(filings).values(
                received_at=datetime.now(UTC), purpose=body.get("purpose"), body=body,
            )).inserted_primary_key[0]
        return jsonify(id=new_id), 201

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
    parser.add_argument("--database", required=True, help="the SQLite file (created)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)
    url = f"sqlite:///{args.database}"
    engine = db.make_engine(url)
    metadata.create_all(engine)
    engine.dispose()  # before gunicorn forks: each worker opens its own
    options = server_options(args.host, args.port, args.workers)
    options["proc_name"] = "assembly-bare"
    BareServer(options, url).run()


if __name__ == "__main__":
    main()
