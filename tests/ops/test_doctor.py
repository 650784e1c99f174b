"""`assembly doctor` names what is wrong in plain words and exits 1; 0 when nothing is."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from tests.ops.conftest import invoke


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _line(output: str, check: str) -> str:
    return next(line for line in output.splitlines() if f" {check}:" in f" {line[8:]}")


def test_a_healthy_instance_has_nothing_to_fix(instance: Path) -> None:
    output = invoke("doctor")
    assert output.strip().endswith("nothing to fix")
    assert _line(output, "database").startswith("ok")
    assert "messages are kept" in _line(output, "mail")


@pytest.mark.parametrize(("variable", "value", "check", "words"), [
    ("ASSEMBLY_DIGEST_HOUR", "25", "settings", "hour from 0 to 23"),
    ("ASSEMBLY_PROXY_FIX", "many", "settings", "number of proxies"),
    ("ASSEMBLY_REDIS_URL", "http://127.0.0.1:6379", "redis", "redis://"),
    ("ASSEMBLY_CITY", "atlantis", "rules", "the rules do not load"),
    ("ASSEMBLY_MAP_TILES_URL", "tiles.example.kz/{z}/{x}/{y}.png", "settings",
     "ASSEMBLY_MAP_TILES_URL must be an http:// or https:// URL template"),
])
def test_a_bad_setting_is_named_with_what_to_do(
        instance: Path, monkeypatch: pytest.MonkeyPatch, variable: str, value: str, check: str,
        words: str) -> None:
    from assembly.services.law import default_law

    default_law.cache_clear()
    monkeypatch.setenv(variable, value)
    try:
        output = invoke("doctor", code=1)
    finally:
        default_law.cache_clear()
    assert _line(output, check).startswith("PROBLEM")
    assert words in _line(output, check)


def test_a_database_without_schema_says_run_assembly_init(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASSEMBLY_INSTANCE_PATH", str(tmp_path / "empty"))
    monkeypatch.delenv("ASSEMBLY_DATABASE_URL", raising=False)
    assert "run `assembly init`" in _line(invoke("doctor", code=1), "database")


def test_a_database_that_does_not_answer_is_said_so(
        instance: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASSEMBLY_DATABASE_URL",
                       f"postgresql://nobody:secret@127.0.0.1:{_closed_port()}/none")
    line = _line(invoke("doctor", code=1), "database")
    assert "does not answer" in line
    assert "secret" not in line


def test_a_mail_server_that_does_not_answer_is_a_problem(
        instance: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASSEMBLY_MAIL_SERVER", "127.0.0.1")
    monkeypatch.setenv("ASSEMBLY_MAIL_PORT", str(_closed_port()))
    assert "does not answer" in _line(invoke("doctor", code=1), "mail")


def test_a_redis_that_does_not_answer_is_a_problem(
        instance: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASSEMBLY_REDIS_URL", f"redis://127.0.0.1:{_closed_port()}/0")
    assert "does not answer" in _line(invoke("doctor", code=1), "redis")


def test_an_audit_keys_file_that_cannot_be_read_is_a_problem(
        instance: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bad = instance / "bad_keys"
    bad.write_text("not a key line\n")
    monkeypatch.setenv("ASSEMBLY_AUDIT_KEYS_FILE", str(bad))
    assert _line(invoke("doctor", code=1), "audit keys").startswith("PROBLEM")


def test_without_a_replica_the_reports_read_the_database_and_nothing_is_wrong(
        instance: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ASSEMBLY_DATABASE_REPLICA_URL", raising=False)
    line = _line(invoke("doctor"), "replica")
    assert line.startswith("ok")
    assert "no ASSEMBLY_DATABASE_REPLICA_URL" in line


def test_a_replica_at_the_latest_schema_is_ok(
        instance: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASSEMBLY_DATABASE_REPLICA_URL",
                       f"sqlite:///{instance / 'assembly.db'}")
    line = _line(invoke("doctor"), "replica")
    assert line.startswith("ok")
    assert "answers, at the latest schema" in line


def test_a_replica_that_does_not_answer_is_a_problem_and_its_password_is_not_shown(
        instance: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASSEMBLY_DATABASE_REPLICA_URL",
                       f"postgresql://reports:secret@127.0.0.1:{_closed_port()}/none")
    line = _line(invoke("doctor", code=1), "replica")
    assert line.startswith("PROBLEM")
    assert "does not answer" in line
    assert "secret" not in line


def test_a_pseudonym_key_not_made_yet_is_not_a_problem(
        instance: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASSEMBLY_PSEUDONYM_KEY_FILE", str(instance / "no_key_yet"))
    line = _line(invoke("doctor"), "pseudonym key")
    assert line.startswith("ok")
    assert "made by the first retention run" in line
    assert not (instance / "no_key_yet").exists()  # the doctor changes nothing


@pytest.mark.parametrize(("content", "words"), [
    ("not hex at all\n", "not a hex key"), ("abcd\n", "shorter than 16 bytes")])
def test_a_pseudonym_key_that_cannot_be_read_is_a_problem(
        instance: Path, monkeypatch: pytest.MonkeyPatch, content: str, words: str) -> None:
    bad = instance / "bad_pseudonym_key"
    bad.write_text(content)
    monkeypatch.setenv("ASSEMBLY_PSEUDONYM_KEY_FILE", str(bad))
    line = _line(invoke("doctor", code=1), "pseudonym key")
    assert line.startswith("PROBLEM")
    assert words in line
    assert "the retention job cannot run" in line


def test_the_system_clock_is_what_a_healthy_instance_runs_on(instance: Path) -> None:
    line = _line(invoke("doctor"), "clock")
    assert line.startswith("ok")
    assert "no ASSEMBLY_NOW" in line


def test_a_pinned_clock_is_a_problem_outside_demos_and_tests(
        instance: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASSEMBLY_NOW", "2021-05-20T11:00:00+06:00")
    line = _line(invoke("doctor", code=1), "clock")
    assert line.startswith("PROBLEM")
    assert "pins the law's clock at 2021-05-20T05:00:00+00:00" in line
