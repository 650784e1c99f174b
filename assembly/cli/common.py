"""What the command groups share: a transaction on the configured database (that has a
schema), the instant of --now, mistakes said in one line (`CommandError`)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

import click

from assembly import clock, config, db, schema
from assembly.cli.mistakes import fail
from assembly.errors import InvalidInput
from assembly.i18n import field_error_message

INIT_FIRST = "run `assembly init` first"
# An id of a row given on the command line (the id columns are 32-bit integers).
ROW_ID = click.IntRange(1, db.MAX_ID)


def _missing_sqlite_file(url: str) -> Path | None:
    """The SQLite file a URL names when it does not exist yet (connecting would create it)."""
    parsed = db.parse_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    path = Path(parsed.database)
    return None if path.exists() else path


def ready_engine() -> db.Engine:
    """An engine on the configured database, which must have the latest schema: else the
    command stops saying so (and creates nothing, not even an empty SQLite file)."""
    from alembic.script import ScriptDirectory

    url = config.database_url()
    if _missing_sqlite_file(url) is not None:
        fail(f"there is no database at {url}: {INIT_FIRST}")
    engine = db.make_engine(url)
    try:
        current = schema.current_revision(engine)
        head = ScriptDirectory.from_config(schema.alembic_config(None)).get_current_head()
    except BaseException:
        engine.dispose()
        raise
    if current is None:
        engine.dispose()
        fail(f"the database has no schema yet: {INIT_FIRST}")
    if current != head:
        engine.dispose()
        fail(f"the database is at revision {current}, not {head}: run `assembly init`")
    return engine


@contextmanager
def transaction() -> Iterator[db.Session]:
    """One unit of work on the configured database (with its schema): committed once, rolled
    back on error; its engine is closed afterwards."""
    engine = ready_engine()
    try:
        with db.unit_of_work(db.make_session_factory(engine)) as session:
            yield session
    finally:
        engine.dispose()


@contextmanager
def reading() -> Iterator[db.Session]:
    """A transaction that only reads (READ ONLY on PostgreSQL, query_only on SQLite): a
    write there fails; rolled back at the end, its engine closed."""
    engine = ready_engine()
    try:
        with db.make_session_factory(db.reading_engine(engine))() as session:
            try:
                yield session
            finally:
                session.rollback()
    finally:
        engine.dispose()


class Instant(click.ParamType):
    """An ISO 8601 instant with its offset (--now)."""

    name = "instant"

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> datetime:
        if isinstance(value, datetime):
            return value
        try:
            return clock.parse_instant(str(value))
        except ValueError:
            self.fail(f"{value!r} is not an instant: give an ISO 8601 date and time with its "
                      "offset, e.g. 2021-06-01T09:00:00+06:00", param, ctx)


INSTANT = Instant()


def instant_or_now(given: datetime | None) -> datetime:
    """The instant given with --now, or the clock's."""
    return given if given is not None else clock.now()


def fail_invalid(exc: InvalidInput) -> None:
    """Print each field error on its own line and exit 2."""
    for error in exc.errors:
        click.echo(f"error: {error.field or '(body)'}: {field_error_message(error, 'en')}",
                   err=True)
    sys.exit(2)


# --now of the commands that act as of an instant (sweep, digest, remind).
now_option = click.option("--now", "now_given", type=INSTANT,
                          help="ISO 8601 instant with offset (default: the clock).")
