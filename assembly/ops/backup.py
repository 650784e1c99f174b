"""`assembly backup` and `assembly restore` for SQLite, through its online backup API: a copy
taken while the web workers and the scheduler run is consistent (a transaction is in it
whole or not at all). PostgreSQL is backed up with pg_dump (README "Backups")."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from sqlalchemy.engine import make_url


class BackupError(Exception):
    """Why a backup or a restore was refused, in words an operator reads."""


def sqlite_path(url: str) -> Path:
    """The file of a SQLite database URL; refuses another engine or an in-memory database."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        raise BackupError(
            f"the database is {parsed.get_backend_name()}, not SQLite: back it up with "
            "pg_dump and restore it with pg_restore (README, \"Backups\")")
    if not parsed.database or parsed.database == ":memory:":
        raise BackupError("an in-memory SQLite database has nothing to back up")
    return Path(parsed.database)


def _schema_revision(path: Path) -> str | None:
    """The Alembic revision a SQLite file is at, None when it has no schema (or no file)."""
    if not path.exists() or path.stat().st_size == 0:
        return None
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as connection:
        try:
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        except sqlite3.DatabaseError:
            return None
    return row[0] if row else None


def _copy(source: Path, target: Path) -> None:
    """Copy one SQLite database onto another page by page (sqlite3's backup API)."""
    with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(target)) as dst:
        src.backup(dst)


def backup(url: str, target: Path) -> str:
    """Copy the live database of `url` to `target` (which must not exist); its revision."""
    source = sqlite_path(url)
    revision = _schema_revision(source)
    if revision is None:
        raise BackupError(f"{source} holds no assembly database (run `assembly init` first)")
    if target.exists():
        raise BackupError(f"{target} exists: choose a new file, a backup never overwrites")
    target.parent.mkdir(parents=True, exist_ok=True)
    _copy(source, target)
    return revision


def _check_backup(path: Path) -> str:
    if not path.is_file():
        raise BackupError(f"{path} is not a file")
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as connection:
            ok = connection.execute("PRAGMA integrity_check").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{path} is not a SQLite database ({exc})") from exc
    if ok != "ok":
        raise BackupError(f"{path} is damaged: {ok}")
    revision = _schema_revision(path)
    if revision is None:
        raise BackupError(f"{path} holds no assembly database")
    return revision


def restore(url: str, source: Path, *, force: bool = False) -> tuple[str, str | None]:
    """Put the backup `source` in place of the database of `url`: (the backup's revision,
    the revision it replaced). A database that holds a schema is replaced only with
    `force`, through the backup API, so that connections still open see it whole."""
    target = sqlite_path(url)
    revision = _check_backup(source)
    replaced = _schema_revision(target)
    if replaced is not None and not force:
        raise BackupError(
            f"{target} holds a live database (revision {replaced}): stop the web workers and "
            "the scheduler, then restore with --force to replace it")
    target.parent.mkdir(parents=True, exist_ok=True)
    _copy(source, target)
    return revision, replaced
