"""The README's pg_dump recipe: the demo dumped, restored into a new database, verified by
`assembly audit verify` and reporting the same year."""

from __future__ import annotations

import json
import subprocess
import uuid
from pathlib import Path

import psycopg
import pytest
from psycopg import sql

from tests.conftest import TEST_URL
from tests.ops.conftest import invoke

pytestmark = pytest.mark.postgres


def _url(dbname: str) -> str:
    return psycopg.conninfo.make_conninfo(
        TEST_URL.replace("postgresql+psycopg://", "postgresql://"), dbname=dbname)


def _as_uri(dbname: str) -> str:
    info = psycopg.conninfo.conninfo_to_dict(_url(dbname))
    user = f"{info['user']}@" if info.get("user") else ""
    return f"postgresql://{user}{info.get('host', '127.0.0.1')}:{info.get('port', 5432)}/{dbname}"


def _admin() -> psycopg.Connection:
    return psycopg.connect(_url("postgres"), autocommit=True)


@pytest.fixture
def databases():
    names = [f"assembly_dump_{uuid.uuid4().hex[:8]}" for _ in range(2)]
    with _admin() as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(names[0])))
    yield names
    with _admin() as admin:
        for name in names:
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)")
                          .format(sql.Identifier(name)))


def test_a_pg_dump_restored_into_a_new_database_verifies_and_reports_the_same_year(
        databases: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source, target = databases
    monkeypatch.setenv("ASSEMBLY_INSTANCE_PATH", str(tmp_path / "instance"))
    monkeypatch.setenv("ASSEMBLY_DATABASE_URL", _as_uri(source))
    invoke("init")
    invoke("demo", "--quiet")
    before = json.loads(invoke("report", "--year", "2021", "--format", "json"))

    dump = tmp_path / "assembly.dump"
    subprocess.run(["pg_dump", "--format=custom", "--no-owner", f"--file={dump}",
                    _as_uri(source)], check=True, capture_output=True)
    with _admin() as admin:
        admin.execute(sql.SQL("CREATE DATABASE {} TEMPLATE template0")
                      .format(sql.Identifier(target)))
    subprocess.run(["pg_restore", "--no-owner", "--exit-on-error", f"--dbname={_as_uri(target)}",
                    str(dump)], check=True, capture_output=True)

    monkeypatch.setenv("ASSEMBLY_DATABASE_URL", _as_uri(target))
    assert invoke("audit", "verify").strip().endswith("0 break(s)")
    assert json.loads(invoke("report", "--year", "2021", "--format", "json")) == before
    assert "nothing to fix" in invoke("doctor")
