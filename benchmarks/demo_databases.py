"""`assembly demo` on PostgreSQL against SQLite (issue 16.7: under 1.5 times), measured in
the same run.

    .venv/bin/python benchmarks/demo_databases.py [--repeat 3] [--url postgresql://...]

1. time: a first `assembly demo --quiet` on each database, each in a fresh instance folder
   (PostgreSQL: a fresh schema at `--url`), the two in turns, best of `--repeat`; the ratio
   PostgreSQL / SQLite (core.py's "demo on PostgreSQL" measure).
2. in process (`run_demo`, fresh databases again): the statements the demo sends to each
   database, in all and per notice (on PostgreSQL each is a round trip to the server), and
   the CPU seconds each side spends: this process's, and the PostgreSQL backend's when the
   server runs on this machine. On a loaded machine every round trip also waits for the
   server's process to be scheduled: the wall-time ratio grows with the load average, the
   CPU ratio hardly does.

Table on stdout, progress on stderr. The aim is printed with a verdict, never asserted.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from time import perf_counter

import _postgres
import _util  # first: puts the checkout on sys.path
from _util import Row, progress, seconds
from core import measure_demo_postgres
from sqlalchemy import event

from assembly import db, schema


@dataclass
class Sample:
    """What one in-process demo sent and spent."""

    kinds: Counter[str]  # statements by first word
    notices: int
    wall_s: float
    client_cpu_s: float  # this process: Python, SQLAlchemy, the driver
    server_cpu_s: float | None  # the PostgreSQL backend's, when it runs on this machine


def backend_cpu_seconds(pid: int) -> float | None:
    """User and system CPU of a local process (/proc), None when it cannot be read."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def demo_in_process(url: str) -> Sample:
    """A first `run_demo` on `url` in this process: its statements and its CPU time."""
    from sqlalchemy.orm import Session

    from assembly.demo import run_demo
    from assembly.signatures.authority import TestAuthority

    engine = db.make_engine(url)
    kinds: Counter[str] = Counter()
    backend: list[int] = []
    server: list[float | None] = [None]

    def count(_conn, _cursor, statement: str, *_: object) -> None:  # type: ignore[no-untyped-def]
        kinds[statement.split(None, 1)[0].upper()] += 1

    def before_commit(_session: Session) -> None:  # the backend's CPU before it idles
        server[0] = backend_cpu_seconds(backend[0]) if backend else None

    try:
        schema.upgrade(engine)
        engine.dispose()  # the demo's connection is a new one: its backend's CPU starts at 0
        if engine.dialect.name == "postgresql":
            event.listen(engine, "connect", lambda dbapi, _: backend.append(dbapi.info.backend_pid))
        event.listen(engine, "before_cursor_execute", count)
        event.listen(Session, "before_commit", before_commit)
        began, cpu = perf_counter(), cpu_seconds()
        outcome = run_demo(db.make_session_factory(engine), progress=False,
                           authority=TestAuthority())
        wall, cpu = perf_counter() - began, cpu_seconds() - cpu
    finally:
        event.remove(Session, "before_commit", before_commit)
        engine.dispose()
    return Sample(kinds, outcome.report["received"], wall, cpu, server[0])


def measure_in_process(url: str) -> list[Row]:
    """Statements (round trips) per notice and CPU seconds of a first demo on SQLite and on
    PostgreSQL: unlike the wall time, the CPU seconds hardly move with the machine's load."""
    samples = {}
    with _util.scratch("demo-statements") as folder:
        os.environ["ASSEMBLY_INSTANCE_PATH"] = str(folder / "instance")
        progress("in process: demo on SQLite")
        samples["SQLite"] = demo_in_process(_util.sqlite_url(folder / "demo.db"))
        progress("in process: demo on PostgreSQL")
        with _postgres.fresh_schema(url, "bench_demo") as schema_url:
            samples["PostgreSQL"] = demo_in_process(schema_url)
    rows = []
    for name, s in samples.items():
        total = sum(s.kinds.values())
        rows.append(Row(f"statements, {name}", f"{total} ({total / s.notices:.1f} a notice)",
                        f"{s.notices} notices", None,
                        note=", ".join(f"{k} {n}" for k, n in s.kinds.most_common())))
    sqlite, postgres = samples["SQLite"], samples["PostgreSQL"]
    both = postgres.client_cpu_s + (postgres.server_cpu_s or 0)
    rows.append(Row(
        "CPU seconds, PostgreSQL", f"{seconds(postgres.client_cpu_s)} + server "
        f"{'-' if postgres.server_cpu_s is None else seconds(postgres.server_cpu_s)}",
        f"SQLite: {seconds(sqlite.client_cpu_s)}", both / sqlite.client_cpu_s,
        note=f"in this process (wall: PostgreSQL {seconds(postgres.wall_s)}, SQLite "
             f"{seconds(sqlite.wall_s)}); server: the PostgreSQL backend's CPU, read from "
             f"/proc when the server runs on this machine; ratio = (client + server) / SQLite"))
    return rows


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per database, best kept")
    parser.add_argument("--url", default=_postgres.default_url(),
                        help="PostgreSQL (default ASSEMBLY_TEST_POSTGRES_URL, else the local "
                             "`test` database; a fresh schema each run)")
    parser.add_argument("--timeout", type=float, default=900,
                        help="seconds allowed to each `assembly demo` (default 900)")
    parser.add_argument("--no-statements", action="store_true",
                        help="time only (skip the in-process statement counts)")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    print(f"assembly demo on two databases: {os.cpu_count()} CPUs, load average "
          f"{os.getloadavg()[0]:.2f} at start", flush=True)
    rows = [measure_demo_postgres(args.timeout, args.repeat, args.url)]
    if not args.no_statements:
        rows += measure_in_process(args.url)
    print(f"load average {os.getloadavg()[0]:.2f} at the end\n")
    _util.print_table(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
