"""The server side of `benchmarks/http.py`: the databases, the two servers, `assembly` runs.

Per database, two of its own: the app's and the bare app's. On SQLite two files in the
run's temporary folder; on PostgreSQL two fresh schemas (`_postgres.fresh_schema`: each
connection sees its schema alone), dropped at the end. Every process (`assembly init`,
`users add`, `serve`, `audit verify`, the bare app) gets the database by its URL in the
environment or on its command line, and the clock pinned by ASSEMBLY_NOW.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from time import monotonic, sleep

import _postgres
from _http_load import HOST
from _util import ROOT, cli_command, sqlite_url
from sqlalchemy import func, select, table

NOW = "2021-05-10T10:00:00+06:00"  # ten days before the first slot: every draft is timely
PASSWORD = "bench-pass-1"
READY_TIMEOUT = 90.0


@dataclass(frozen=True)
class Database:
    """The app's and the bare app's databases of one engine."""

    kind: str  # sqlite, postgresql
    app_url: str
    bare_url: str

    @property
    def label(self) -> str:
        return {"sqlite": "SQLite", "postgresql": "PostgreSQL"}[self.kind]


@contextmanager
def databases(kind: str, folder: Path, postgres_url: str) -> Iterator[Database]:
    """Two empty databases of one engine, removed afterwards (the folder with SQLite's)."""
    folder.mkdir(parents=True)  # the instance folder and the server logs
    if kind == "sqlite":
        yield Database(kind, sqlite_url(folder / "instance" / "assembly.db"),
                       sqlite_url(folder / "bare.db"))
        return
    with _postgres.fresh_schema(postgres_url, "bench_http_app") as app_url, \
            _postgres.fresh_schema(postgres_url, "bench_http_bare") as bare_url:
        yield Database(kind, app_url, bare_url)


def count(url: str, query: object) -> int:
    """The single number `query` (a Core select) gives on the database at `url`."""
    from assembly import db

    engine = db.make_engine(url)
    try:
        with engine.connect() as connection:
            return int(connection.scalar(query) or 0)  # type: ignore[call-overload]
    finally:
        engine.dispose()


def count_rows(url: str, name: str) -> int:
    return count(url, select(func.count()).select_from(table(name)))


def count_slots(url: str) -> int:
    """Distinct (place, start) pairs among the notices."""
    from assembly.models import Notice

    pairs = select(Notice.place_id, Notice.starts_at).distinct().subquery()
    return count(url, select(func.count()).select_from(pairs))


def server_env(instance: Path, url: str) -> dict[str, str]:
    """The environment of every process: the database, the instance folder, the clock."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASSEMBLY_")}
    env["ASSEMBLY_DATABASE_URL"] = url
    env["ASSEMBLY_INSTANCE_PATH"] = str(instance)
    env["ASSEMBLY_NOW"] = NOW
    # Filings and decisions go unsigned: the benchmarks time the engine, not EDS checks.
    env["ASSEMBLY_REQUIRE_EDS"] = "0"
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    return env


def assembly(args: list[str], env: dict[str, str], timeout: float,
             check: bool = True) -> subprocess.CompletedProcess[str]:
    """One `assembly` command in its own process; with `check`, a failure raises."""
    done = subprocess.run([*cli_command(), *args], env=env, timeout=timeout,
                          capture_output=True, text=True)
    if check and done.returncode != 0:
        output = (done.stderr or done.stdout).strip()
        raise RuntimeError(f"`assembly {' '.join(args)}` exited {done.returncode}: "
                           f"{output.splitlines()[-1] if output else 'no output'}")
    return done


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def tail(path: Path, lines: int = 30) -> str:
    text = path.read_text(errors="replace") if path.exists() else ""
    return "\n".join(text.splitlines()[-lines:])


@contextmanager
def serving(name: str, command: list[str], env: dict[str, str], folder: Path,
            ready_path: str, port: int) -> Iterator[subprocess.Popen[bytes]]:
    """A server in a process group of its own, up until the block ends (also on errors):
    yields its process (gunicorn's master)."""
    import urllib.error
    import urllib.request

    log = folder / f"{name}.log"  # the access log of each request goes here too
    with log.open("wb") as out:
        process = subprocess.Popen(command, env=env, cwd=folder, stdout=out,
                                   stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = monotonic() + READY_TIMEOUT
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"{name} exited {process.returncode}:\n{tail(log)}")
            if monotonic() > deadline:
                raise RuntimeError(f"{name} did not answer within {READY_TIMEOUT:.0f} s:\n"
                                   f"{tail(log)}")
            try:
                with urllib.request.urlopen(f"http://{HOST}:{port}{ready_path}", timeout=5):
                    break
            except urllib.error.HTTPError:
                break  # it answers
            except OSError:
                sleep(0.1)
        yield process
    finally:
        stop(process)


def stop(process: subprocess.Popen[bytes]) -> None:
    """TERM to the server's process group (gunicorn stops its workers), KILL if it lingers."""
    try:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        os.killpg(process.pid, signal.SIGKILL)  # a worker left behind by its master
    except ProcessLookupError:
        pass


def bearer_token(port: int, email: str) -> str:
    import urllib.request

    request = urllib.request.Request(
        f"http://{HOST}:{port}/api/v1/tokens", method="POST",
        data=json.dumps({"email": email, "password": PASSWORD}).encode(),
        headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return str(json.load(response)["token"])
