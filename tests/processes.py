"""Run `assembly` commands as real processes against the test database."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from sqlalchemy import Engine, text
from sqlalchemy.engine import make_url

from tests.mailserver import wait_until


def database_url(engine: Engine) -> str:
    """A URL another process can use for the test database (and its PostgreSQL schema)."""
    url = engine.url
    if engine.dialect.name == "postgresql":
        with engine.connect() as connection:
            schema = connection.scalar(text("SELECT current_schema()"))
        url = make_url(url).update_query_dict({"options": f"-csearch_path={schema}"})
    return url.render_as_string(hide_password=False)


def command_env(engine: Engine, tmp_path: Path, smtp_port: int | None = None,
                **settings: str) -> dict[str, str]:
    """The environment of an `assembly` process: the test database, the test SMTP server."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASSEMBLY_")}
    env.update({
        "ASSEMBLY_DATABASE_URL": database_url(engine),
        "ASSEMBLY_INSTANCE_PATH": str(tmp_path / "instance"),
        "ASSEMBLY_SECRET_KEY": "test",
        "ASSEMBLY_AUDIT_KEYS_FILE": os.environ["ASSEMBLY_AUDIT_KEYS_FILE"],
        "PYTHONUNBUFFERED": "1",
    })
    if smtp_port is not None:
        env.update({"ASSEMBLY_MAIL_SERVER": "127.0.0.1", "ASSEMBLY_MAIL_PORT": str(smtp_port),
                    "ASSEMBLY_MAIL_TIMEOUT": "5"})
    env.update(settings)
    return env


class Process:
    """An `assembly` command running in the background, its output in a file."""

    def __init__(self, args: list[str], env: dict[str, str], log: Path) -> None:
        self.log = log
        with log.open("wb") as output:  # the child keeps its own descriptor
            self.popen = subprocess.Popen(
                [sys.executable, "-c", "from assembly.cli import main; main()", *args],
                env=env, stdout=output, stderr=subprocess.STDOUT,
            )

    @property
    def pid(self) -> int:
        return self.popen.pid

    def text(self) -> str:
        """Everything it printed so far."""
        return self.log.read_text(errors="replace")

    def wait_for_output(self, needle: str, timeout: float = 30) -> None:
        """Wait until it printed `needle` (fails early if it exits)."""
        def seen() -> bool:
            if needle in self.text():
                return True
            if self.popen.poll() is not None:
                raise AssertionError(f"exited with {self.popen.returncode}:\n{self.text()}")
            return False

        wait_until(seen, timeout, lambda: f"no {needle!r} in:\n{self.text()}")

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 30) -> int:
        """Send a signal and wait for the exit code."""
        if self.popen.poll() is None:
            self.popen.send_signal(sig)
        return self.popen.wait(timeout)

    def kill(self) -> None:
        """kill -9, as a crash would."""
        self.stop(signal.SIGKILL)
