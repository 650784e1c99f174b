"""The operator's commands run in-process against throwaway SQLite instances."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from assembly.cli import main

Run = Callable[..., str]


def invoke(*args: str, code: int = 0) -> str:
    """Run `assembly ARGS` in this process; assert its exit code; its output."""
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert result.exit_code == code, result.output
    return result.output


@pytest.fixture(scope="module")
def demo_instance(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An instance folder holding the 2021 demo, built once per module."""
    folder = tmp_path_factory.mktemp("demo") / "instance"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("ASSEMBLY_INSTANCE_PATH", str(folder))
        mp.delenv("ASSEMBLY_DATABASE_URL", raising=False)
        mp.delenv("ASSEMBLY_AUDIT_KEYS_FILE", raising=False)
        invoke("init")
        invoke("demo", "--quiet")
    return folder


@pytest.fixture
def instance(demo_instance: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the demo instance (database and audit keys) that this test may change."""
    folder = tmp_path / "instance"
    shutil.copytree(demo_instance, folder)
    monkeypatch.setenv("ASSEMBLY_INSTANCE_PATH", str(folder))
    monkeypatch.delenv("ASSEMBLY_DATABASE_URL", raising=False)
    monkeypatch.delenv("ASSEMBLY_AUDIT_KEYS_FILE", raising=False)
    for name in ("ASSEMBLY_REDIS_URL", "ASSEMBLY_MAIL_SERVER", "ASSEMBLY_NOW"):
        monkeypatch.delenv(name, raising=False)
    return folder
