"""`assembly serve`: gunicorn serving the app, refusing a database without its schema."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from assembly.cli import main
from assembly.cli.web import server_options
from tests.serving import free_port


@pytest.fixture
def instance(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """An environment with its own instance folder and SQLite database."""
    env = {"ASSEMBLY_INSTANCE_PATH": str(tmp_path / "instance"),
           "ASSEMBLY_DATABASE_URL": f"sqlite:///{tmp_path / 'instance' / 'web.db'}"}
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    return env


def test_the_server_binds_the_address_with_the_workers_asked():
    options = server_options("127.0.0.1", 8000, 3)
    assert options["bind"] == "127.0.0.1:8000" and options["workers"] == 3
    assert options["preload_app"] is False
    assert server_options("::1", 8080, 1)["bind"] == "[::1]:8080"


def test_serve_refuses_a_database_without_its_schema(instance):
    result = CliRunner().invoke(main, ["serve", "--port", str(free_port())])
    assert result.exit_code == 2
    assert "assembly init" in result.output


def test_serve_answers_over_http_and_never_starts_the_scheduler(instance):
    assert CliRunner().invoke(main, ["init"]).exit_code == 0
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-c", "from assembly.cli import main; main()", "serve",
         "--port", str(port), "--workers", "1"],
        env={**os.environ, **instance}, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    try:
        health = None
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:
                    health = json.load(r)
                    break
            except OSError:
                time.sleep(0.1)
        assert health == {"status": "ok", "database": "ok"}
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/?lang=kk", timeout=5) as r:
            assert '<html lang="kk">' in r.read().decode()
    finally:
        server.terminate()
        output = server.communicate(timeout=30)[0].decode()
    assert "Booting worker" in output
    assert "scheduler" not in output.lower()


def test_the_checks_before_serving_leave_shapely_and_alembic_out_of_the_workers(instance):
    """The master's modules are every worker's (fork): the schema and the shapes are checked
    in a child process, so the master imports neither alembic (with mako and pygments) nor
    shapely (with numpy)."""
    assert CliRunner().invoke(main, ["init"]).exit_code == 0
    script = ("import sys\nfrom assembly.cli.web import _check_ready\n_check_ready()\n"
              "print(sorted({m.split('.')[0] for m in sys.modules}\n"
              "             & {'alembic', 'mako', 'pygments', 'shapely', 'numpy'}))")
    done = subprocess.run([sys.executable, "-c", script], env={**os.environ, **instance},
                          capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_serve_names_a_database_at_an_older_revision_in_one_line(instance):
    assert CliRunner().invoke(main, ["init"]).exit_code == 0
    import sqlite3

    with sqlite3.connect(instance["ASSEMBLY_DATABASE_URL"].removeprefix("sqlite:///")) as con:
        con.execute("UPDATE alembic_version SET version_num = '0001_old'")
    result = CliRunner().invoke(main, ["serve", "--port", str(free_port())])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: the database is at revision 0001_old")
    assert "run `assembly init`" in lines[0]
