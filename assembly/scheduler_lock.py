"""One active scheduler per database: a PostgreSQL advisory lock, or a lock file on SQLite.

Either lock dies with its process (the server ends the session of a killed process; the
kernel drops the file lock), so a waiting scheduler takes over without any cleanup.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
from contextlib import suppress
from pathlib import Path
from typing import IO, Protocol

from sqlalchemy import Connection, Engine, func, select, text
from sqlalchemy.exc import DBAPIError

from assembly import config


class SchedulerLock(Protocol):
    """The right to run the jobs: taken once, held while the process lives."""

    description: str

    def acquire(self) -> bool: ...

    def held(self) -> bool: ...

    def release(self) -> None: ...


# This dedicated connection takes no other advisory lock: holding one means holding ours.
_HOLDING = text(
    "SELECT count(*) FROM pg_locks "
    "WHERE locktype = 'advisory' AND granted AND pid = pg_backend_pid()"
)


class PostgresLock:
    """A session-level advisory lock on a connection kept for the process's lifetime."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.connection: Connection | None = None
        self.key: int | None = None
        self.description = "PostgreSQL advisory lock"

    def _connect(self) -> Connection:
        if self.connection is None:
            connection = self.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
            database, schema = connection.execute(
                text("SELECT current_database(), current_schema()")
            ).one()
            # One scheduler per database and schema (tests run side by side in schemas).
            digest = hashlib.sha256(f"assembly.scheduler:{database}:{schema}".encode()).digest()
            self.key = int.from_bytes(digest[:8], "big", signed=True)
            self.description = f"PostgreSQL advisory lock {self.key} ({database}.{schema})"
            self.connection = connection
        return self.connection

    def acquire(self) -> bool:
        """Take the lock if no other scheduler holds it."""
        try:
            connection = self._connect()
            return bool(connection.scalar(select(func.pg_try_advisory_lock(self.key))))
        except DBAPIError:
            self._drop()
            return False

    def held(self) -> bool:
        """True while the session holding the lock is alive."""
        if self.connection is None:
            return False
        try:
            return bool(self.connection.scalar(_HOLDING))
        except DBAPIError:
            self._drop()
            return False

    def release(self) -> None:
        """Give the lock up and close its connection."""
        if self.connection is None:
            return
        with suppress(DBAPIError):
            self.connection.scalar(select(func.pg_advisory_unlock(self.key)))
        self._drop()

    def _drop(self) -> None:
        connection, self.connection = self.connection, None
        if connection is not None and not connection.closed:
            # Really close it: a connection that may hold the lock never goes back to the pool.
            connection.invalidate()
            connection.close()


class FileLock:
    """An exclusive flock on a file beside the SQLite database."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.handle: IO[str] | None = None
        self.description = f"lock file {path}"

    def acquire(self) -> bool:
        """Take the lock if no other scheduler holds it."""
        if self.handle is not None:
            return True
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = self.path.open("a+")
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            return False
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n")
        handle.flush()
        self.handle = handle
        return True

    def held(self) -> bool:
        """True once taken: the kernel keeps it until release or exit."""
        return self.handle is not None

    def release(self) -> None:
        """Give the lock up."""
        if self.handle is not None:
            fcntl.flock(self.handle.fileno(), fcntl.LOCK_UN)
            self.handle.close()
            self.handle = None


def lock_for(engine: Engine) -> SchedulerLock:
    """The lock that makes the scheduler a singleton on this engine's database."""
    if engine.dialect.name == "postgresql":
        return PostgresLock(engine)
    database = engine.url.database
    if database and database != ":memory:":
        return FileLock(Path(f"{database}.scheduler.lock"))
    return FileLock(config.instance_path() / "scheduler.lock")
