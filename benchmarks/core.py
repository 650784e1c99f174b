"""Core benchmarks: each engine figure as a ratio to a bare baseline timed in the same run.

    .venv/bin/python benchmarks/core.py [--quick] [--only report] [--max-notices 100000]

1. precheck: `checks.evaluate` and a cached `Rulebook.at(date)`, against a bare function
   of the same signature (a dict lookup, a small dataclass) and a plain `dict.get`.
2. decisions: load a filed notice, `review.decide`, commit (SQLite, WAL), against the bare
   ORM loop (session.get, two columns set, one row added, commit) on a copy of the database.
3. report: `reports.yearly_report` over 100,000 and 1,000,000 notices, against the same
   GROUP BY of the year's notices it replaces (`counts.full_counts_query`) on a bare
   `sqlite3` cursor.
4. demo: `assembly demo --quiet` in a fresh instance folder, then again (idempotent),
   against `assembly rules --on 2021-05-20` (start-up and rule loading); and a first
   `assembly demo` on PostgreSQL (`--url`, a fresh schema) against one on SQLite, in turns
   (aim: under 1.5 times).

Table on stdout, progress on stderr (README.md). No aim is a test: the machine is shared.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import sys
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from time import perf_counter
from typing import Any

import _postgres
import _util  # first: puts the checkout on sys.path
from _util import (
    REPORT_YEAR,
    Row,
    at_least,
    at_most,
    best_pair,
    counting_statements,
    instant,
    loop,
    per_second,
    progress,
    run_cli,
    sample_draft,
    seconds,
    sqlite_url,
)
from sqlalchemy import Engine, func, select

from assembly import db, schema
from assembly.actors import Actor

MEASURES = ("precheck", "decisions", "report", "demo")
FILED = "2021-05-13T10:00:00+06:00"  # registration 2021-05-13, review due 2021-05-18
DECIDED = "2021-05-14T10:00:00+06:00"  # within the review period, before every event
DECISIONS_AIM = 0.5  # engine decisions/s over bare decisions/s, at least
REPORT_AIM = 1.2  # engine report time over the bare GROUP BY, at most
DEMO_AIM = 30.0  # seconds for a first `assembly demo`, at most
DEMO_PG_AIM = 1.5  # a first `assembly demo` on PostgreSQL over the same on SQLite, below


# -- 1. precheck ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class BarePrecheck:
    """What the bare precheck returns: the size of a Precheck without its content."""

    procedure: str
    filed_at: datetime
    findings: tuple[str, ...]


def bare_evaluate(draft: Any, procedures: dict[str, str], _calendar: Any, filed_at: datetime,
                  _bookings: Sequence[Any]) -> BarePrecheck:
    """The baseline of evaluate(): same signature, one dict lookup, one small dataclass."""
    return BarePrecheck(procedures[draft.form], filed_at, ())


def measure_precheck(evaluations: int, repeat: int) -> list[Row]:
    """Precheck evaluations per second, and a cached Rulebook.at(), against bare calls."""
    from assembly.notices.checks import evaluate
    from assembly.notices.draft import Booking
    from assembly.notices.validation import parse_draft
    from assembly.services.law import default_law

    law = default_law()
    draft = parse_draft(sample_draft(), law.rulebook)
    filed_at = instant(FILED)
    on = law.calendar.local_date(draft.starts_at)
    rules = law.rulebook.at(on)
    hour = timedelta(hours=1)
    # Same place and day: slots before and after it, and one notice in the same slot filed
    # at the same instant; none occupies the place, so every check runs to its end.
    bookings = [
        Booking(f"ALA-2021-{k:06d}", "sary-arka-square", draft.starts_at + k * hour,
                draft.ends_at + k * hour, go_ahead, filed_at + k * hour)
        for k, go_ahead in ((-3, True), (-2, False), (0, False), (4, True))
    ]
    engine_args = (draft, rules, law.calendar, filed_at, bookings)
    bare_args = (draft, {f: rules.procedure_of(f).id for f in rules.forms}, law.calendar,
                 filed_at, bookings)
    codes = sorted(evaluate(*engine_args).codes())
    bare_evaluate(*bare_args)
    engine_s, bare_s = best_pair(loop(evaluate, engine_args, evaluations),
                                 loop(bare_evaluate, bare_args, evaluations), repeat)
    lookups = evaluations * 20
    plain = {on: rules}
    at_s, get_s = best_pair(loop(law.rulebook.at, (on,), lookups),
                            loop(plain.get, (on,), lookups), repeat)
    return [
        Row("precheck evaluate() in-process", per_second(evaluations, engine_s, "eval"),
            per_second(evaluations, bare_s, "call"), bare_s / engine_s,
            note=f"rally with {len(bookings)} bookings at its place; findings: "
                 f"{', '.join(codes) or 'none'}; ratio = engine rate / bare rate"),
        Row("Rulebook.at(date), cached", seconds(at_s / lookups), seconds(get_s / lookups),
            at_s / get_s, note="baseline: dict.get on the same date; ratio = time / time"),
    ]


# -- 2. decisions ---------------------------------------------------------------------------

DECISION_BLOCK = 20  # decisions per timed block; the two sides alternate block by block


def file_sample_notices(path: Path, count: int) -> tuple[list[int], Actor]:
    """A migrated database holding `count` notices filed through the service; the officer."""
    from assembly.models import User
    from assembly.services.filing import file_notice
    from assembly.services.users import add_user

    engine = db.make_engine(sqlite_url(path))
    schema.upgrade(engine)
    factory = db.make_session_factory(engine)
    filed_at = instant(FILED)
    with db.unit_of_work(factory) as session:
        users = [add_user(session, f"{role}@bench.assembly.kz", role=role, password="bench-pass-1",
                          now=filed_at) for role in ("citizen", "officer")]
        citizen_id, officer = users[0].id, Actor.of(users[1])
    ids: list[int] = []
    for start in range(0, count, 50):
        with db.unit_of_work(factory) as session:
            citizen = session.get(User, citizen_id)
            for i in range(start, min(count, start + 50)):
                filed = file_notice(session, sample_draft(i), owner=citizen, now=filed_at)
                ids.append(filed.notice.id)
    engine.dispose()  # the last connection checkpoints the WAL: the file is whole
    return ids, officer


def decision_of(i: int) -> tuple[str, tuple[str, ...], str | None]:
    """Every third notice is refused on a ground that needs no finding; the others approved."""
    if i % 3 == 2:
        return "refuse", ("14.1.3",), "The square is closed for repairs on that day."
    return "approve", (), None


def decide_with_engine(factory: Any, notice_id: int, i: int, actor: Actor, now: datetime) -> None:
    """One officer decision as the web app makes it: load, decide, commit."""
    from assembly.models import Notice
    from assembly.services.decisions import DecisionInput
    from assembly.services.review import decide

    outcome, grounds, reasoning = decision_of(i)
    with db.unit_of_work(factory) as session:
        notice = session.get(Notice, notice_id)
        decide(session, notice, DecisionInput(outcome, grounds=grounds, reasoning=reasoning),
               actor=actor, now=now)


def decide_bare(factory: Any, notice_id: int, i: int, actor: Actor, now: datetime) -> None:
    """The baseline, the bare ORM loop: get the notice, set two columns, add an audit row,
    commit (the version counter moves with the update, as on the engine's side)."""
    from assembly.models import Notice, NoticeEvent

    outcome = decision_of(i)[0]
    status = "refused" if outcome == "refuse" else "approved"
    with db.unit_of_work(factory) as session:
        notice = session.get(Notice, notice_id)
        before = notice.status
        notice.status, notice.decided_at = status, now
        session.add(NoticeEvent(
            notice_id=notice_id, seq=2, at=now, actor_id=actor.user_id, actor_role=actor.role,
            trigger=outcome, from_state=before, to_state=status, data={},
            record_digest="0" * 64, key_id="bench", prev_hash="0" * 64, hash="0" * 64,
        ))


def count_decided(engine: Engine) -> int:
    """How many notices of a database were approved or refused."""
    from assembly.models import Notice

    with engine.connect() as conn:
        return conn.scalar(
            select(func.count()).where(Notice.status.in_(("approved", "refused")))
        ) or 0


def measure_decisions(count: int) -> list[Row]:
    """Decisions per second through review.decide against the bare ORM loop, same data."""
    from assembly.services.law import default_law

    default_law()  # loaded once per process, as in the web app
    warm = max(5, count // 20)
    with _util.scratch("decisions") as folder:
        progress(f"decisions: filing {count + warm:,} notices")
        ids, officer = file_sample_notices(folder / "engine.db", count + warm)
        shutil.copyfile(folder / "engine.db", folder / "bare.db")
        engine = db.make_engine(sqlite_url(folder / "engine.db"))
        bare = db.make_engine(sqlite_url(folder / "bare.db"))
        factory = db.make_session_factory(engine)
        bare_factory = db.make_session_factory(bare)
        now = instant(DECIDED)
        sides: list[Callable[[int, int], None]] = [
            lambda nid, i: decide_with_engine(factory, nid, i, officer, now),
            lambda nid, i: decide_bare(bare_factory, nid, i, officer, now),
        ]
        with counting_statements(engine) as by_engine, counting_statements(bare) as by_bare:
            for i, nid in enumerate(ids[:warm]):  # compile the statements, fill the caches
                for side in sides:
                    side(nid, i)
        progress(f"decisions: {count:,} on each side, in blocks of {DECISION_BLOCK}")
        totals = [0.0, 0.0]
        for block, start in enumerate(range(warm, len(ids), DECISION_BLOCK)):
            for s in ((0, 1) if block % 2 == 0 else (1, 0)):  # who goes first alternates
                began = perf_counter()
                for i in range(start, min(start + DECISION_BLOCK, len(ids))):
                    sides[s](ids[i], i)
                totals[s] += perf_counter() - began
        decided = (count_decided(engine), count_decided(bare))
        engine.dispose()
        bare.dispose()
    if decided != (len(ids), len(ids)):
        raise RuntimeError(f"expected {len(ids)} decided notices on each side, found {decided}")
    ratio = totals[1] / totals[0]
    return [
        Row("decisions on SQLite (WAL) vs bare ORM loop", per_second(count, totals[0], "dec"),
            per_second(count, totals[1], "dec"), ratio, f">= {DECISIONS_AIM}",
            at_least(ratio, DECISIONS_AIM),
            note=f"1 in 3 refused; SQL statements per decision (BEGIN and COMMIT not "
                 f"counted): engine {by_engine[0] / warm:.1f}, bare {by_bare[0] / warm:.1f}; "
                 f"baseline: per notice session.get + two columns set + one ORM row added + "
                 f"commit, on a copy of the database through the same db.make_engine; "
                 f"blocks of {DECISION_BLOCK}, sides alternated; ratio = engine rate / bare "
                 f"rate"),
    ]


# -- 3. yearly report -----------------------------------------------------------------------

def time_report(engine: Engine, path: Path, size: int, repeat: int) -> Row:
    """Best-of-n yearly_report() against the bare GROUP BY on a sqlite3 cursor."""
    from assembly.models import Notice
    from assembly.services.counts import full_counts_query
    from assembly.services.reports import yearly_report

    factory = db.make_session_factory(engine)
    year = full_counts_query().where(Notice.registration_date >= date(REPORT_YEAR, 1, 1),
                                     Notice.registration_date < date(REPORT_YEAR + 1, 1, 1))
    sql = str(year.compile(
        dialect=engine.dialect, compile_kwargs={"literal_binds": True}))
    raw = sqlite3.connect(path)
    found: dict[str, Any] = {}

    def engine_run() -> float:
        began = perf_counter()
        with factory() as session:
            found["report"] = yearly_report(session, REPORT_YEAR)
        return perf_counter() - began

    def bare_run() -> float:
        began = perf_counter()
        found["groups"] = len(raw.execute(sql).fetchall())
        return perf_counter() - began

    bare_run()  # read the file into the OS cache before either side is timed
    engine_run()
    engine_s, bare_s = best_pair(engine_run, bare_run, repeat)
    raw.close()
    received = found["report"]["received"]
    if received != size:
        raise RuntimeError(f"the report counts {received:,} notices, {size:,} were inserted")
    ratio = engine_s / bare_s
    return Row(f"yearly report, {size:,} notices", seconds(engine_s), seconds(bare_s), ratio,
               f"<= {REPORT_AIM}", at_most(ratio, REPORT_AIM),
               note=f"{found['groups']:,} groups; best of {repeat}; ratio = time / time")


def measure_report(sizes: Sequence[int], repeat: int) -> list[Row]:
    """The yearly report on growing databases (the rows of a size include the smaller one's)."""
    rows: list[Row] = []
    with _util.scratch("report") as folder:
        path = folder / "report.db"
        engine = db.make_engine(sqlite_url(path))
        schema.upgrade(engine)
        _util.insert_unsanctioned(engine)
        loaded = 0
        for size in sorted(sizes):
            progress(f"report: inserting notices {loaded + 1:,}..{size:,}")
            began = perf_counter()
            _util.insert_notices(engine, loaded, size)
            loaded = size
            progress(f"report: inserted in {perf_counter() - began:.1f} s; timing")
            rows.append(time_report(engine, path, size, repeat))
        engine.dispose()
    return rows


# -- 4. demo ----------------------------------------------------------------------------------


def summary(output: str) -> str:
    """The first two lines `assembly demo` prints: what it did, and the year's totals."""
    return " / ".join(output.strip().splitlines()[:2]) or "(no output)"


def demo_once(timeout: float, postgres_url: str | None) -> tuple[float, str]:
    """A first `assembly demo --quiet` in a fresh instance folder: on its SQLite file, or
    in a fresh PostgreSQL schema of its own at `postgres_url` (dropped afterwards)."""
    with _util.scratch("demo") as folder:
        instance = folder / "instance"
        if postgres_url is None:
            return run_cli(["demo", "--quiet"], instance, timeout)
        with _postgres.fresh_schema(postgres_url, "bench_demo") as url:
            return run_cli(["demo", "--quiet"], instance, timeout, url)


def measure_demo_postgres(timeout: float, repeat: int, postgres_url: str) -> Row:
    """A first `assembly demo` on PostgreSQL against the same on SQLite, in turns, best of
    `repeat` each (issue 16: under 1.5 times)."""
    best = {"sqlite": float("inf"), "postgresql": float("inf")}
    out = ""
    for i in range(repeat):
        order = ("sqlite", "postgresql") if i % 2 == 0 else ("postgresql", "sqlite")
        for kind in order:
            progress(f"demo: first run on {kind}")
            elapsed, text = demo_once(timeout, postgres_url if kind == "postgresql" else None)
            best[kind] = min(best[kind], elapsed)
            out = text if kind == "postgresql" else out
    ratio = best["postgresql"] / best["sqlite"]
    return Row("assembly demo on PostgreSQL", seconds(best["postgresql"]),
               f"SQLite: {seconds(best['sqlite'])}", ratio, f"< {DEMO_PG_AIM:g}",
               "PASS" if ratio < DEMO_PG_AIM else "ABOVE",
               f"{summary(out)}; each in a fresh instance (PostgreSQL: a fresh schema), the "
               f"two in turns, best of {repeat}")


def measure_demo(timeout: float, repeat: int) -> list[Row]:
    """`assembly demo --quiet` twice against `assembly rules --on 2021-05-20`."""
    with _util.scratch("demo") as folder:
        instance = folder / "instance"
        progress("demo: timing `assembly rules --on 2021-05-20`")
        rules_s = min(run_cli(["rules", "--on", "2021-05-20"], instance, timeout)[0]
                      for _ in range(repeat))
        progress("demo: first run")
        first_s, first_out = run_cli(["demo", "--quiet"], instance, timeout)
        progress("demo: second run")
        second_s, second_out = run_cli(["demo", "--quiet"], instance, timeout)
    return [
        Row("assembly demo, first run", seconds(first_s), seconds(rules_s), first_s / rules_s,
            f"< {DEMO_AIM:.0f} s", "PASS" if first_s < DEMO_AIM else "ABOVE",
            note=f"{summary(first_out)}; baseline: `assembly rules --on 2021-05-20`, best of "
                 f"{repeat}; ratio = time / time"),
        Row("assembly demo, second run", seconds(second_s), seconds(rules_s), second_s / rules_s,
            note=summary(second_out)),
    ]


# -- main -------------------------------------------------------------------------------------


def report_sizes(quick: bool, max_notices: int) -> list[int]:
    """100,000 and 1,000,000 (quick: 10,000 and 100,000), none above --max-notices."""
    sizes = [s for s in ((10_000, 100_000) if quick else (100_000, 1_000_000)) if s <= max_notices]
    return sizes or [max_notices]


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="a small smoke run")
    parser.add_argument("--only", action="append", choices=MEASURES,
                        help="run only this measure (repeatable); default all")
    parser.add_argument("--evaluations", type=int,
                        help="precheck calls per sample (default 20,000; quick 2,000)")
    parser.add_argument("--decisions", type=int,
                        help="decisions timed on each side (default 400; quick 40)")
    parser.add_argument("--max-notices", type=int, default=1_000_000,
                        help="largest report database (default 1,000,000)")
    parser.add_argument("--repeat", type=int, default=3, help="samples per side, best kept")
    parser.add_argument("--url", default=_postgres.default_url(),
                        help="PostgreSQL for the demo's second side (default "
                             "ASSEMBLY_TEST_POSTGRES_URL, else the local `test` database; "
                             "a fresh schema each run); '' to skip it")
    parser.add_argument("--timeout", type=float, default=900,
                        help="seconds allowed to each `assembly` process (default 900)")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the chosen measures and print the table; exit 1 when a measure failed."""
    args = parse_args(argv)
    quick = args.quick
    plans: dict[str, Callable[[], list[Row]]] = {
        "precheck": lambda: measure_precheck(
            args.evaluations or (2_000 if quick else 20_000), args.repeat),
        "decisions": lambda: measure_decisions(args.decisions or (40 if quick else 400)),
        "report": lambda: measure_report(report_sizes(quick, args.max_notices), args.repeat),
        "demo": lambda: measure_demo(args.timeout, args.repeat) + (
            [measure_demo_postgres(args.timeout, args.repeat, args.url)] if args.url else []),
    }
    print(f"assembly core benchmarks{' (quick)' if quick else ''}: Python "
          f"{sys.version.split()[0]}, SQLite {sqlite3.sqlite_version}, {os.cpu_count()} CPUs, "
          f"load average {os.getloadavg()[0]:.2f} at start", flush=True)
    rows: list[Row] = []
    for name in args.only or MEASURES:
        began = perf_counter()
        try:
            rows += plans[name]()
        except Exception as exc:  # one failed measure must not hide the others
            traceback.print_exc()
            rows.append(Row(name, "-", "-", None, verdict="ERROR",
                            note=f"{type(exc).__name__}: {exc}"))
        progress(f"{name}: {perf_counter() - began:.1f} s")
    print(f"load average {os.getloadavg()[0]:.2f} at the end\n")
    _util.print_table(rows)
    return 1 if any(r.verdict == "ERROR" for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
