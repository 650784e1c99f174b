"""The HTTP benchmark run by `benchmarks/http.py` (which see; README.md describes it).

On each database (SQLite, PostgreSQL or both), two servers run side by side, both
gunicorn with the settings of `assembly serve` (`assembly.cli.web.server_options`: 2 sync
workers, access log on):

- the app: `assembly init`, citizens (`assembly users add`), then `assembly serve
  --workers 2`, the clock pinned by ASSEMBLY_NOW so that the drafts are timely; a bearer
  token per citizen (POST /api/v1/tokens);
- the bare app (`_bare_app.py`): POST /insert (one row through the SQLAlchemy ORM, the
  database opened with `assembly.db.make_engine`) and POST /echo.

The measures, in this order on each database (`--only` picks some):

- burst: `--burst` (2,000) POST /api/v1/notices sent by `--burst-clients` (50) clients at
  once, then as many POST /insert to the bare app; failures (must be 0), notices stored
  (counted in the database: must be all), `assembly audit verify` (must exit 0), p50/p99;
- filing: POST /api/v1/notices against POST /insert, timed loads alternated; the ratio of
  their rates (aim: 0.4 on SQLite, 0.5 on PostgreSQL) and of their p99 (aim: 3 at most);
- precheck: POST /api/v1/precheck against POST /echo (aim 0.5).

Bodies and clients: `_http_load.py`; databases and servers: `_http_servers.py`.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import sqlite3
import sys
import traceback
from collections import Counter
from collections.abc import Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

import _postgres
import _util  # first: puts the checkout on sys.path
from _http_load import HOST, REQUEST_TIMEOUT, Client, Load, Target, burst
from _http_servers import (
    PASSWORD,
    Database,
    assembly,
    bearer_token,
    count_rows,
    count_slots,
    databases,
    free_port,
    server_env,
    serving,
)
from _util import Row, at_least, at_most, cli_command, progress, seconds

FILING_AIMS = {"sqlite": 0.4, "postgresql": 0.5}  # engine 2xx/s over bare 2xx/s, at least
PRECHECK_AIM = 0.5
P99_FACTOR = 3.0  # filing p99 over the bare insert's p99, at most
MEASURES = ("burst", "filing", "precheck")
KINDS = ("sqlite", "postgresql")


@dataclass(frozen=True)
class Pair:
    name: str
    engine: Target
    baseline: Target


@dataclass
class Paired:
    """What the alternated loads of a pair gave: the best of each side, and all of them."""

    engine: Load
    bare: Load
    every: dict[str, list[Load]]

    @property
    def failed(self) -> int:
        return sum(load.failed for loads in self.every.values() for load in loads)

    def statuses(self, label: str) -> str:
        total = sum((load.statuses for load in self.every[label]), Counter())
        errors = sum(load.errors for load in self.every[label])
        parts = [f"{n}x{status}" for status, n in sorted(total.items())]
        return ", ".join(parts + ([f"{errors} without a response"] if errors else [])) or "none"


def measure_pair(client: Client, pair: Pair, warmup: float, rounds: int, per_round: float,
                 ok: Counter[str]) -> Paired:
    """Warm both sides up, then `rounds` timed loads of each, alternating; best rate kept.
    The 2xx answers of every load (warm-up included) are added to `ok`."""
    sides = (pair.engine, pair.baseline)
    for side in sides:
        progress(f"{side.label}: warm-up {warmup:g} s")
        ok[side.label] += client.load(side, warmup).ok
    best: dict[str, Load] = {}
    every: dict[str, list[Load]] = {side.label: [] for side in sides}
    for r in range(rounds):
        for side in (sides if r % 2 == 0 else sides[::-1]):
            load = client.load(side, per_round)
            progress(f"{side.label}: {load.cell()}")
            every[side.label].append(load)
            ok[side.label] += load.ok
            if side.label not in best or load.rate > best[side.label].rate:
                best[side.label] = load
    return Paired(best[pair.engine.label], best[pair.baseline.label], every)


def ratio_row(name: str, pair: Pair, paired: Paired, aim: float, how: str) -> Row:
    """The rates of a pair: engine 2xx/s over bare 2xx/s, against `aim`."""
    engine, bare = paired.engine, paired.bare
    ratio = engine.rate / bare.rate if bare.rate else 0.0
    verdict = "ERRORS" if paired.failed or not engine.ok else at_least(ratio, aim)
    note = (f"{how}; responses in the timed rounds: engine "
            f"{paired.statuses(pair.engine.label)}; baseline "
            f"{paired.statuses(pair.baseline.label)}; ratio = engine 2xx/s / baseline 2xx/s")
    if paired.failed:
        note += (f"; {paired.failed} FAILED REQUESTS (non-2xx or no response): see the "
                 "server logs")
    return Row(name, engine.cell(), bare.cell(), ratio, f">= {aim}", verdict, note)


def p99_row(name: str, paired: Paired) -> Row:
    """The filing's p99 against P99_FACTOR times the bare insert's, same rounds as the rates."""
    engine, bare = paired.engine.p99, paired.bare.p99
    ratio = engine / bare if bare else float("inf")
    return Row(name, seconds(engine), f"{seconds(bare)} (x{P99_FACTOR:g}: "
               f"{seconds(P99_FACTOR * bare)})", ratio, f"<= {P99_FACTOR:g}",
               "ERRORS" if paired.failed else at_most(ratio, P99_FACTOR),
               "p99 of the rounds shown in the row above (each side's best rate); ratio = "
               "engine p99 / baseline p99")


def measure_burst(database: Database, client: Client, engine: Target, bare: Target,
                  total: int, clients: int, env: dict[str, str], timeout: float,
                  ok: Counter[str]) -> list[Row]:
    """`total` filings by `clients` at once, then as many bare inserts; stored, audit."""
    label = database.label
    stored = {"engine": count_rows(database.app_url, "notices"),
              "bare": count_rows(database.bare_url, "filings")}
    loads: dict[str, Load] = {}
    for side, target, url, name in (("engine", engine, database.app_url, "notices"),
                                    ("bare", bare, database.bare_url, "filings")):
        progress(f"{label}: burst of {total:,} to {target.label} by {clients} clients")
        first = client.next_request.get(target.label, 0)
        loads[side] = load = burst(target, first, total, clients)
        client.next_request[target.label] = load.next_request
        ok[target.label] += load.ok
        stored[side] = count_rows(url, name) - stored[side]
        progress(f"{target.label}: {load.cell()}; {stored[side]:,} stored")
    progress(f"{label}: assembly audit verify")
    audit = assembly(["audit", "verify"], env, timeout, check=False)
    said = (audit.stdout.strip() or audit.stderr.strip()).splitlines()
    e, b = loads["engine"], loads["bare"]
    whole = (not e.failed and stored["engine"] == total and audit.returncode == 0
             and not b.failed and stored["bare"] == total)
    return [
        Row(f"{label} burst: {total:,} filings by {clients} clients", e.cell(), b.cell(),
            e.rate / b.rate if b.rate else None,
            note=f"{clients} threads of one client process released at once, a new "
                 f"connection per request, every request waited for (timeout "
                 f"{REQUEST_TIMEOUT} s); p50/p99 include the queue at the server; rates are "
                 f"2xx / time of the whole burst"),
        Row(f"{label} burst: failed, stored, audit",
            f"{e.failed} failed, {stored['engine']:,} of {total:,} stored, audit verify exit "
            f"{audit.returncode}", f"{b.failed} failed, {stored['bare']:,} of {total:,} stored",
            None, "0 failed, all stored, exit 0", "PASS" if whole else "ERRORS",
            f"engine answers {dict(sorted(e.statuses.items()))}, {e.errors} without a "
            f"response; notices counted in the database before and after the burst; "
            f"`assembly audit verify`: {said[-1] if said else 'no output'}"),
    ]


def run_database(kind: str, folder: Path, args: argparse.Namespace, client_kind: str,
                 threads: int, plan: dict[str, float]) -> tuple[list[Row], list[str]]:
    """Every chosen measure on one database: its rows and its closing lines."""
    rows: list[Row] = []
    extra: list[str] = []
    ok: Counter[str] = Counter()
    with databases(kind, folder, args.url) as database, ExitStack() as servers:
        label = database.label
        instance = folder / "instance"
        env = server_env(instance, database.app_url)
        progress(f"{label}: assembly init")
        assembly(["init"], env, args.timeout)
        if kind == "postgresql":
            _postgres.check_booking_constraint(database.app_url)
        emails = [f"citizen{k}@bench.assembly.kz" for k in range(max(1, threads))]
        for email in emails:
            assembly(["users", "add", email, "--role", "citizen", "--password", PASSWORD],
                     env, args.timeout)
        app_port, bare_port = free_port(), free_port()
        progress(f"{label}: `assembly serve` on port {app_port}, the bare app on {bare_port}")
        servers.enter_context(serving(
            "assembly-serve", [*cli_command(), "serve", "--host", HOST, "--port",
                               str(app_port), "--workers", str(args.workers)],
            env, folder, "/healthz", app_port))
        servers.enter_context(serving(
            "bare-app", [sys.executable, str(Path(__file__).with_name("_bare_app.py")),
                         "--url", database.bare_url, "--host", HOST, "--port", str(bare_port),
                         "--workers", str(args.workers)],
            env, folder, "/", bare_port))
        tokens = tuple(bearer_token(app_port, email) for email in emails)
        client = Client(client_kind, args.connections, threads, folder)
        filing = Pair(f"{label} filing: POST /api/v1/notices vs bare ORM insert",
                      Target("POST /api/v1/notices", app_port, "/api/v1/notices", tokens),
                      Target("bare POST /insert", bare_port, "/insert", tokens))
        precheck = Pair(f"{label} precheck: POST /api/v1/precheck vs bare JSON echo",
                        Target("POST /api/v1/precheck", app_port, "/api/v1/precheck"),
                        Target("bare POST /echo", bare_port, "/echo"))
        rounds, per_round, warmup = int(plan["rounds"]), plan["per_round"], plan["warmup"]
        how = (f"best of {rounds} x {per_round:g} s per side, sides alternated, after "
               f"{warmup:g} s warm-up")
        for measure in (m for m in MEASURES if m in (args.only or MEASURES)):
            try:
                if measure == "burst":
                    rows += measure_burst(database, client, filing.engine, filing.baseline,
                                          args.burst, args.burst_clients, env, args.timeout, ok)
                elif measure == "filing":
                    paired = measure_pair(client, filing, warmup, rounds, per_round, ok)
                    rows.append(ratio_row(filing.name, filing, paired, FILING_AIMS[kind], how))
                    rows.append(p99_row(f"{label} filing p99 vs {P99_FACTOR:g}x bare p99",
                                        paired))
                else:
                    paired = measure_pair(client, precheck, warmup, rounds, per_round, ok)
                    rows.append(ratio_row(precheck.name, precheck, paired, PRECHECK_AIM, how))
            except Exception as exc:  # one failed measure must not hide the others
                traceback.print_exc()
                rows.append(Row(f"{label} {measure}", "-", "-", None, verdict="ERROR",
                                note=f"{type(exc).__name__}: {exc}"))
        servers.close()  # stop both servers: the databases are whole again
        filed, slots = count_rows(database.app_url, "notices"), count_slots(database.app_url)
        inserted = count_rows(database.bare_url, "filings")
        extra.append(f"{label} databases: {filed:,} notices in {slots:,} distinct slots (2xx "
                     f"answers to /api/v1/notices, warm-up included: "
                     f"{ok[filing.engine.label]:,}); {inserted:,} bare rows (2xx answers to "
                     f"/insert: {ok[filing.baseline.label]:,})")
    return rows, extra


def pick_client(choice: str) -> str:
    if choice == "auto":
        return "wrk" if shutil.which("wrk") else "python"
    if choice == "wrk" and not shutil.which("wrk"):
        raise SystemExit("wrk is not installed (apt-get install wrk), use --client python")
    return choice


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="benchmarks/http.py",
        description="POST /api/v1/notices and /precheck under `assembly serve` against a bare "
                    "Flask app under the same gunicorn settings, on SQLite and PostgreSQL, and "
                    "a burst of filings (see benchmarks/README.md)")
    parser.add_argument("--quick", action="store_true",
                        help="a smoke run: 2 s per target in one round, 1 s warm-up, a burst "
                             "of 200")
    parser.add_argument("--database", choices=("sqlite", "postgresql", "both"), default="both",
                        help="the databases to run on (default both)")
    parser.add_argument("--url", default=_postgres.default_url(),
                        help="PostgreSQL (default ASSEMBLY_TEST_POSTGRES_URL, else "
                             f"{_postgres.DEFAULT_URL}): two fresh schemas, dropped at the end")
    parser.add_argument("--only", action="append", choices=MEASURES,
                        help="run only this measure (repeatable); default all")
    parser.add_argument("--seconds", type=float,
                        help="timed seconds per target, split into the rounds (default 8)")
    parser.add_argument("--rounds", type=int, help="timed rounds per target, best kept "
                        "(default 2; quick 1)")
    parser.add_argument("--warmup", type=float, help="untimed seconds per target (default 2)")
    parser.add_argument("--connections", type=int, default=4,
                        help="concurrent client connections of the timed loads (default 4)")
    parser.add_argument("--burst", type=int, help="filings in the burst (default 2,000; "
                        "quick 200)")
    parser.add_argument("--burst-clients", type=int, default=50,
                        help="concurrent clients of the burst (default 50)")
    parser.add_argument("--workers", type=int, default=2,
                        help="gunicorn workers of each server (default 2)")
    parser.add_argument("--client", choices=("auto", "wrk", "python"), default="auto",
                        help="load generator of the timed loads (default: wrk when installed)")
    parser.add_argument("--timeout", type=float, default=300,
                        help="seconds allowed to each `assembly` command")
    args = parser.parse_args(argv)
    args.burst = args.burst or (200 if args.quick else 2_000)
    return args


def stop_on_signal(signum: int, _frame: object) -> None:
    """TERM and HUP unwind like Ctrl-C does, so that the servers are stopped on the way out."""
    raise SystemExit(128 + signum)


def postgres_version(url: str) -> str:
    from sqlalchemy import text

    from assembly import db

    engine = db.make_engine(url)
    try:
        with engine.connect() as connection:
            return str(connection.scalar(text("SHOW server_version"))).split()[0]
    finally:
        engine.dispose()


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, stop_on_signal)
    total = args.seconds or (2.0 if args.quick else 8.0)
    rounds = max(1, args.rounds or (1 if args.quick else 2))
    plan = {"rounds": rounds, "per_round": total / rounds,
            "warmup": args.warmup if args.warmup is not None else (1.0 if args.quick else 2.0)}
    client_kind = pick_client(args.client)
    threads = min(2, args.connections) if client_kind == "wrk" else args.connections
    kinds = KINDS if args.database == "both" else (args.database,)
    public_before = _postgres.public_counts(args.url) if "postgresql" in kinds else None
    versions = f"SQLite {sqlite3.sqlite_version}"
    if public_before is not None:
        versions += f", PostgreSQL {postgres_version(args.url)}"
    rows: list[Row] = []
    extra: list[str] = []
    with _util.scratch("http") as folder:
        print(f"assembly HTTP benchmark{' (quick)' if args.quick else ''}: Python "
              f"{sys.version.split()[0]}, {versions}, {os.cpu_count()} CPUs, load average "
              f"{os.getloadavg()[0]:.2f} at start; client: "
              f"{Client(client_kind, args.connections, threads, folder).describe()}; servers: "
              f"gunicorn, {args.workers} sync workers each, access log on", flush=True)
        for kind in kinds:
            try:
                found, lines = run_database(kind, folder / kind, args, client_kind, threads,
                                            plan)
                rows += found
                extra += lines
            except Exception as exc:  # a database that fails must not hide the other
                traceback.print_exc()
                rows.append(Row(f"{kind}: set-up", "-", "-", None, verdict="ERROR",
                                note=f"{type(exc).__name__}: {exc}"))
    if public_before is not None:
        rows.append(_postgres.public_row(public_before, _postgres.public_counts(args.url)))
    print(f"load average {os.getloadavg()[0]:.2f} at the end\n")
    _util.print_table(rows)
    for line in extra:
        print(line)
    if client_kind == "wrk" and "filing" in (args.only or MEASURES):
        print("(wrk stops without reading the responses in flight: a server may store one "
              "more row per connection and load than were answered)")
    return 1 if any(r.verdict in ("ERROR", "ERRORS") for r in rows) else 0
