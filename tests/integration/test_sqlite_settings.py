"""What every SQLite connection of `db.make_engine` is set to (a file, not :memory:)."""

from __future__ import annotations

from pathlib import Path

from assembly import db


def test_an_sqlite_file_runs_in_wal_mode_with_a_larger_checkpoint_interval(
    tmp_path: Path,
) -> None:
    engine = db.make_engine(f"sqlite:///{tmp_path / 'settings.db'}")
    try:
        with engine.connect() as connection:
            pragma = connection.connection.driver_connection.execute
            assert pragma("PRAGMA journal_mode").fetchone()[0] == "wal"
            assert pragma("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL
            assert pragma("PRAGMA foreign_keys").fetchone()[0] == 1
            assert pragma("PRAGMA wal_autocheckpoint").fetchone()[0] == (
                db.WAL_AUTOCHECKPOINT_PAGES)
            assert db.WAL_AUTOCHECKPOINT_PAGES > 1000  # SQLite's default
    finally:
        engine.dispose()
