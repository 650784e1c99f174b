"""One active scheduler per database: the lock is exclusive and dies with its holder."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from assembly.scheduler_lock import FileLock, PostgresLock, lock_for


def test_a_lock_file_admits_one_scheduler_until_it_lets_go(tmp_path):
    path = tmp_path / "db.scheduler.lock"
    first, second = FileLock(path), FileLock(path)

    assert first.acquire() and first.held()
    assert not second.acquire()
    first.release()
    assert second.acquire()
    second.release()


def test_sqlite_locks_a_file_beside_the_database(tmp_path):
    from assembly import db

    engine = db.make_engine(f"sqlite:///{tmp_path / 'assembly.db'}")
    try:
        lock = lock_for(engine)
    finally:
        engine.dispose()

    assert isinstance(lock, FileLock) and lock.path == tmp_path / "assembly.db.scheduler.lock"


@pytest.mark.postgres
def test_a_postgres_advisory_lock_admits_one_scheduler_and_dies_with_its_session(engine):
    first, second = PostgresLock(engine), PostgresLock(engine)
    try:
        assert first.acquire() and first.held()
        assert not second.acquire()
        pid = first.connection.scalar(text("SELECT pg_backend_pid()"))
        with engine.connect() as admin:  # the holder's connection dies, as with kill -9
            admin.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})

        assert not first.held()
        assert second.acquire() and second.held()
    finally:
        first.release()
        second.release()
