"""`assembly backup` and `assembly restore` (SQLite's online backup API): a round trip that
`assembly audit verify` accepts, and the refusals that keep a live database safe."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from tests.ops.conftest import invoke


def _report() -> dict[str, int]:
    return json.loads(invoke("report", "--year", "2021", "--format", "json"))


def _users(db: Path) -> int:
    with closing(sqlite3.connect(db)) as connection:
        return connection.execute("SELECT count(*) FROM users").fetchone()[0]


def test_a_backup_restored_into_an_empty_instance_verifies_and_reports_the_same_year(
        instance: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = _report()
    invoke("backup", str(tmp_path / "copy.db"))
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    (fresh / "audit_keys").write_bytes((instance / "audit_keys").read_bytes())  # kept apart
    monkeypatch.setenv("ASSEMBLY_INSTANCE_PATH", str(fresh))
    assert "restored" in invoke("restore", str(tmp_path / "copy.db"))
    assert invoke("audit", "verify").strip().endswith("0 break(s)")
    assert _report() == before
    assert before["received"] == 196


def test_restore_refuses_to_overwrite_a_live_database_without_force_and_changes_nothing(
        instance: Path, tmp_path: Path) -> None:
    invoke("backup", str(tmp_path / "copy.db"))
    invoke("users", "add", "late@example.kz", "--role", "citizen", "--password", "long enough pw")
    live = (instance / "assembly.db").read_bytes()
    output = invoke("restore", str(tmp_path / "copy.db"), code=2)
    assert "live database" in output and "--force" in output
    assert (instance / "assembly.db").read_bytes() == live


def test_restore_with_force_puts_the_backup_back_and_the_chain_still_verifies(
        instance: Path, tmp_path: Path) -> None:
    invoke("backup", str(tmp_path / "copy.db"))
    users = _users(instance / "assembly.db")
    invoke("users", "add", "late@example.kz", "--role", "citizen", "--password", "long enough pw")
    assert _users(instance / "assembly.db") == users + 1
    assert "replacing one at" in invoke("restore", "--force", str(tmp_path / "copy.db"))
    assert _users(instance / "assembly.db") == users
    assert invoke("audit", "verify").strip().endswith("0 break(s)")


def test_a_backup_taken_during_an_open_write_holds_only_what_was_committed(
        instance: Path, tmp_path: Path) -> None:
    users = _users(instance / "assembly.db")
    with closing(sqlite3.connect(instance / "assembly.db", isolation_level=None)) as writer:
        writer.execute("BEGIN IMMEDIATE")
        writer.execute("UPDATE users SET full_name = 'uncommitted'")
        invoke("backup", str(tmp_path / "copy.db"))
        writer.execute("ROLLBACK")
    with closing(sqlite3.connect(tmp_path / "copy.db")) as copy:
        names = {row[0] for row in copy.execute("SELECT full_name FROM users")}
        assert copy.execute("SELECT count(*) FROM users").fetchone()[0] == users
    assert "uncommitted" not in names


def test_a_backup_never_overwrites_an_existing_file(instance: Path, tmp_path: Path) -> None:
    target = tmp_path / "taken.db"
    target.write_text("precious")
    assert "exists" in invoke("backup", str(target), code=2)
    assert target.read_text() == "precious"


@pytest.mark.parametrize("content", [b"not a database at all", b""])
def test_restore_refuses_a_file_that_is_not_an_assembly_backup(
        instance: Path, tmp_path: Path, content: bytes) -> None:
    bad = tmp_path / "bad.db"
    bad.write_bytes(content)
    live = (instance / "assembly.db").read_bytes()
    invoke("restore", "--force", str(bad), code=2)
    assert (instance / "assembly.db").read_bytes() == live


def test_backup_on_postgresql_points_to_pg_dump(
        instance: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASSEMBLY_DATABASE_URL", "postgresql://postgres@127.0.0.1:1/none")
    assert "pg_dump" in invoke("backup", str(tmp_path / "x.db"), code=2)
    assert not (tmp_path / "x.db").exists()
