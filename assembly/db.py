"""Engines and sessions: SQLite (WAL, BEGIN IMMEDIATE) by default, PostgreSQL in production."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from assembly import config

# The largest id a path, a query or a command may name (the id columns are 32-bit integers).
MAX_ID = 2**31 - 1

# Engine, Session and sessionmaker are named here for the layers above (the web's session
# per request) so that they import no SQLAlchemy of their own.
__all__ = [
    "BUSY_TIMEOUT_MS", "NO_WAIT", "READS_ONLY", "WAL_AUTOCHECKPOINT_PAGES", "Engine",
    "BadDatabaseUrl", "Session", "make_engine", "make_session_factory", "no_wait_engine",
    "normalise_url", "parse_url", "reading_engine", "sessionmaker", "unit_of_work",
]


class _NoRows(logging.Filter):
    """At DEBUG SQLAlchemy logs every row read: names, IINs, e-mails and phones. Dropped, as
    `hide_parameters` drops those sent (issue 11: no personal data in any log)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (isinstance(record.msg, str) and record.msg.startswith(("Row ", "Col ")))


logging.getLogger("sqlalchemy.engine.Engine").addFilter(_NoRows())


class BadDatabaseUrl(ValueError):
    """ASSEMBLY_DATABASE_URL (or a URL given) is not a database URL SQLAlchemy can use."""


def parse_url(url: str) -> URL:
    """The parsed URL, psycopg 3 for plain postgresql:// ones; one that does not parse, or
    names a database without an installed driver, is a BadDatabaseUrl (its text never
    repeated: it may carry a password)."""
    try:
        parsed = make_url(url)
        if parsed.drivername in ("postgresql", "postgres"):
            parsed = parsed.set(drivername="postgresql+psycopg")
        parsed.get_dialect().import_dbapi()
    except (ArgumentError, ImportError):
        raise BadDatabaseUrl(
            "the database URL does not parse or names a database this installation cannot "
            "use; set ASSEMBLY_DATABASE_URL to postgresql://user@host:5432/name or "
            "sqlite:///path"
        ) from None
    return parsed


def normalise_url(url: str) -> str:
    """Use psycopg 3 for plain postgresql:// URLs."""
    return parse_url(url).render_as_string(hide_password=False)


# The execution option of an engine whose transactions only read (`reading_engine`).
READS_ONLY = "assembly_reads_only"


def reading_engine(engine: Engine) -> Engine:
    """The same engine (pool, events) for transactions that only read: on SQLite a plain
    (deferred) BEGIN, so readers neither wait for the write lock nor hold it, and
    `query_only`; on PostgreSQL READ ONLY transactions. A write there fails loudly."""
    options: dict[str, object] = {READS_ONLY: True}
    if engine.dialect.name == "postgresql":
        options["postgresql_readonly"] = True  # psycopg's read_only, reset at check-in
    return engine.execution_options(**options)


# The execution option of an engine whose writing transactions never wait for SQLite's
# write lock (`no_wait_engine`): BEGIN IMMEDIATE is tried once and fails if it is taken.
NO_WAIT = "assembly_no_wait"


def no_wait_engine(engine: Engine) -> Engine:
    """The same engine for writes that may be skipped rather than wait (a signed-in visit
    recorded for the idle lifetime): on SQLite a taken write lock fails at once
    (OperationalError); on PostgreSQL nothing changes (readers never wait there)."""
    return engine.execution_options(**{NO_WAIT: True})


def _prepare_sqlite(engine: Engine) -> None:
    # With the default deferred BEGIN, concurrent check-then-insert requests all read
    # the slot free and double-book a place (DESIGN.md "Booking integrity"): take the
    # write lock at the start of every transaction (SQLAlchemy's documented recipe).
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):  # type: ignore[no-untyped-def]
        # SQLAlchemy's pysqlite recipe: the driver begins nothing itself, we BEGIN below.
        dbapi_connection.isolation_level = None
        pragmas = ["foreign_keys=ON", f"busy_timeout={BUSY_TIMEOUT_MS}"]
        if engine.url.database not in (None, "", ":memory:"):
            pragmas += ["journal_mode=WAL", "synchronous=NORMAL",
                        f"wal_autocheckpoint={WAL_AUTOCHECKPOINT_PAGES}"]
        for pragma in pragmas:
            dbapi_connection.execute(f"PRAGMA {pragma}")
        _record.info[READS_ONLY] = False  # PRAGMA query_only, as this connection has it

    @event.listens_for(engine, "begin")
    def _on_begin(connection):  # type: ignore[no-untyped-def]
        reads = bool(connection.get_execution_options().get(READS_ONLY))
        info = connection.connection.info  # lives as long as the driver's connection
        if info.get(READS_ONLY) is not reads:  # a pooled connection serves both kinds
            connection.exec_driver_sql(f"PRAGMA query_only={int(reads)}")
            info[READS_ONLY] = reads
        if reads:
            connection.exec_driver_sql("BEGIN")
        else:
            _begin_immediate(connection, wait=not connection.get_execution_options().get(NO_WAIT))


# A filing writes some 18 pages (the notice and its indexes, the audit event, the outbox
# message, the counter): at SQLite's default of 1,000 pages a request checkpoints (copies
# the WAL into the database and syncs both) every ~55 filings. Every 10,000 pages (40 MB
# of WAL at most) the copies and syncs are fewer (each hot page is copied once), and
# `benchmarks/http.py` filed ~15% more notices per second.
WAL_AUTOCHECKPOINT_PAGES = 10_000

# How long a statement waits for a lock before "database is locked".
BUSY_TIMEOUT_MS = 30_000
# SQLite's own busy handler sleeps 1, 2, 5, 10, 15, 20, 25... ms between tries, so a
# writer queued behind a 3 ms transaction sleeps ~8 ms while the lock lies free. BEGIN
# IMMEDIATE, where writers queue, is retried here instead, from 0.1 ms up to 2 ms apart.
_FIRST_RETRY_S, _LONGEST_RETRY_S = 0.0001, 0.002


def _begin_immediate(connection, wait: bool = True) -> None:  # type: ignore[no-untyped-def]
    connection.exec_driver_sql("PRAGMA busy_timeout=0")
    try:
        deadline = time.monotonic() + (BUSY_TIMEOUT_MS / 1000 if wait else 0)
        pause = _FIRST_RETRY_S
        while True:
            try:
                connection.exec_driver_sql("BEGIN IMMEDIATE")
                return
            except OperationalError as exc:
                if "locked" not in str(exc.orig) and "busy" not in str(exc.orig):
                    raise
                if time.monotonic() + pause > deadline:
                    raise
            time.sleep(pause)
            pause = min(pause * 2, _LONGEST_RETRY_S)
    finally:
        connection.exec_driver_sql(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")


def make_engine(url: str | None = None, **kwargs: object) -> Engine:
    """An engine for `url` (default: the configured database). Errors are logged without
    their parameters (names, IINs, e-mails: `hide_parameters`); a new SQLite file is made
    readable by its owner only, and SQLite gives its WAL and SHM the same mode."""
    url = normalise_url(url or config.database_url())
    kwargs.setdefault("hide_parameters", True)
    if url.startswith("sqlite"):
        database = parse_url(url).database
        if database and database != ":memory:" and not database.startswith("file:"):
            from pathlib import Path

            config.create_private(Path(database))
        engine = create_engine(url, connect_args={"timeout": 30}, **kwargs)
        _prepare_sqlite(engine)
        return engine
    return create_engine(url, pool_pre_ping=True, **kwargs)


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions that keep loaded objects usable after the one commit of a request or job."""
    return sessionmaker(bind=engine, expire_on_commit=False)


@contextmanager
def unit_of_work(factory: sessionmaker[Session]) -> Iterator[Session]:
    """One transaction: commit once at the end, roll back on any error."""
    session = factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
