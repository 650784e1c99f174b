"""What the command groups share: a transaction on the configured database, the instant of
--now, field errors as messages."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

import click

from assembly import clock, db
from assembly.errors import InvalidInput
from assembly.i18n import field_error_message


@contextmanager
def transaction() -> Iterator[db.Session]:
    """One unit of work on the configured database: committed once, rolled back on error;
    its engine is closed afterwards."""
    engine = db.make_engine()
    try:
        with db.unit_of_work(db.make_session_factory(engine)) as session:
            yield session
    finally:
        engine.dispose()


@contextmanager
def reading() -> Iterator[db.Session]:
    """A transaction that only reads (READ ONLY on PostgreSQL, query_only on SQLite): a
    write there fails; rolled back at the end, its engine closed."""
    engine = db.make_engine()
    try:
        with db.make_session_factory(db.reading_engine(engine))() as session:
            try:
                yield session
            finally:
                session.rollback()
    finally:
        engine.dispose()


def instant_or_now(text: str | None) -> datetime:
    """The instant given with --now, or the clock's."""
    return clock.parse_instant(text) if text else clock.now()


def fail_invalid(exc: InvalidInput) -> None:
    """Print each field error on its own line and exit 2."""
    for error in exc.errors:
        click.echo(f"error: {error.field or '(body)'}: {field_error_message(error, 'en')}",
                   err=True)
    sys.exit(2)
