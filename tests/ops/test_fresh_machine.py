"""A fresh machine (issue 16): scripts/test makes its PostgreSQL database when the server
answers without it, and says which of the two failed; a Redis URL without its package is
refused by name (tests/web/test_serve_limits.py)."""

from __future__ import annotations

import importlib.util
import socket
import uuid
from pathlib import Path
from types import ModuleType

import psycopg
import pytest
from psycopg import sql

from tests.conftest import TEST_URL

ROOT = Path(__file__).resolve().parents[2]


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("test_database", ROOT / "scripts" /
                                                  "test_database.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _with(url: str, **parts: str) -> str:
    return psycopg.conninfo.make_conninfo(url.replace("postgresql+psycopg://", "postgresql://"),
                                          **parts)


def _admin(url: str) -> psycopg.Connection:
    return psycopg.connect(_with(url, dbname="postgres"), autocommit=True)


def test_a_server_that_does_not_answer_is_named_as_the_server(tmp_path: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    code, said = _script().ensure(f"postgresql://postgres@127.0.0.1:{port}/test")
    assert code == 3
    assert "server does not answer" in said


@pytest.mark.postgres
def test_a_missing_test_database_is_created_when_the_server_answers() -> None:
    name = f"assembly_probe_{uuid.uuid4().hex[:8]}"
    url = _with(TEST_URL, dbname=name)
    try:
        code, said = _script().ensure(url)
        assert (code, said) == (0, f"the server answered without database {name}: created it")
        assert _script().ensure(url) == (0, f"database {name} answers")
    finally:
        with _admin(TEST_URL) as admin:
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))


@pytest.mark.postgres
def test_a_database_the_role_may_not_create_is_named_as_the_database() -> None:
    role, name = f"assembly_nocreate_{uuid.uuid4().hex[:8]}", f"assembly_no_{uuid.uuid4().hex[:8]}"
    with _admin(TEST_URL) as admin:
        admin.execute(sql.SQL("CREATE ROLE {} LOGIN NOCREATEDB").format(sql.Identifier(role)))
    try:
        code, said = _script().ensure(_with(TEST_URL, dbname=name, user=role))
        assert code == 4
        assert f"database {name} is missing and could not be created" in said
    finally:
        with _admin(TEST_URL) as admin:
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
            admin.execute(sql.SQL("DROP ROLE {}").format(sql.Identifier(role)))
