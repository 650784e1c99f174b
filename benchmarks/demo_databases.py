"""`assembly demo` on PostgreSQL against SQLite (issue 16.7: under 1.5 times), measured in
the same run.

    .venv/bin/python benchmarks/demo_databases.py [--repeat 3] [--url postgresql://...]

1. time: a first `assembly demo --quiet` on each database, each in a fresh instance folder
   (PostgreSQL: a fresh schema at `--url`), the two in turns, best of `--repeat`; the ratio
   PostgreSQL / SQLite (core.py's "demo on PostgreSQL" measure).
2. round trips: the statements the demo sends to each database (`run_demo` in this process,
   fresh databases again), in all and per notice: on PostgreSQL every statement is a round
   trip to the server, and round trips are most of what PostgreSQL adds to the demo's time.

Table on stdout, progress on stderr. The aim is printed with a verdict, never asserted.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections import Counter
from collections.abc import Sequence

import _postgres
import _util  # first: puts the checkout on sys.path
from _util import Row, progress
from core import measure_demo_postgres
from sqlalchemy import event

from assembly import db, schema


def statements_of_a_demo(url: str) -> tuple[Counter[str], int]:
    """The statements a first `run_demo` sends to `url`, by first word; notices filed."""
    from assembly.demo import run_demo
    from assembly.signatures.authority import TestAuthority

    engine = db.make_engine(url)
    kinds: Counter[str] = Counter()

    def count(_conn, _cursor, statement: str, *_: object) -> None:  # type: ignore[no-untyped-def]
        kinds[statement.split(None, 1)[0].upper()] += 1

    try:
        schema.upgrade(engine)
        event.listen(engine, "before_cursor_execute", count)
        outcome = run_demo(db.make_session_factory(engine), progress=False,
                           authority=TestAuthority())
    finally:
        engine.dispose()
    return kinds, outcome.report["received"]


def measure_statements(url: str) -> list[Row]:
    """Statements (round trips) per notice of a first demo on SQLite and on PostgreSQL."""
    counts = {}
    with _util.scratch("demo-statements") as folder:
        os.environ["ASSEMBLY_INSTANCE_PATH"] = str(folder / "instance")
        progress("statements: demo on SQLite")
        counts["SQLite"] = statements_of_a_demo(_util.sqlite_url(folder / "demo.db"))
        progress("statements: demo on PostgreSQL")
        with _postgres.fresh_schema(url, "bench_demo") as schema_url:
            counts["PostgreSQL"] = statements_of_a_demo(schema_url)
    rows = []
    for name, (kinds, notices) in counts.items():
        total = sum(kinds.values())
        rows.append(Row(f"statements, {name}", f"{total} ({total / notices:.1f} a notice)",
                        f"{notices} notices", None,
                        note=", ".join(f"{k} {n}" for k, n in kinds.most_common())))
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
        rows += measure_statements(args.url)
    print(f"load average {os.getloadavg()[0]:.2f} at the end\n")
    _util.print_table(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
