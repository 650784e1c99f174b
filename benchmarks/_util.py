"""What the benchmarks share: the checkout on sys.path, paired timing, the result table,
sample data and the `assembly` command in a process of its own.

Importing this module puts the repository root on `sys.path`, so that
`.venv/bin/python benchmarks/core.py` runs from a checkout that was not installed; it
imports the `assembly` package only inside functions, after that.

Every figure is a ratio against a baseline measured in the same run: the machine is
shared, so absolute times move with its load, and the two sides of a pair are timed in
alternation (best of n for each) to expose them to the same load.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from itertools import islice
from math import inf
from pathlib import Path
from tempfile import TemporaryDirectory
from time import perf_counter
from typing import Any

from sqlalchemy import Engine, Table, column, event, insert, table
from sqlalchemy.dialects import sqlite

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
# Filings and decisions in process go unsigned: the benchmarks time the engine, not EDS
# checks (a deployment's ASSEMBLY_REQUIRE_EDS=1 would refuse them unsigned).
os.environ.setdefault("ASSEMBLY_REQUIRE_EDS", "0")

REPORT_YEAR = 2021

Timer = Callable[[], float]  # runs one sample and returns the seconds it took


@dataclass(frozen=True)
class Row:
    """One line of the result table."""

    name: str
    engine: str
    baseline: str
    ratio: float | None
    aim: str = "-"
    verdict: str = "info"
    note: str = ""


def best_pair(engine: Timer, baseline: Timer, repeat: int) -> tuple[float, float]:
    """The best sample of each side, the two sides timed in turn, `repeat` times each."""
    best_engine = best_baseline = inf
    for i in range(repeat):
        # Alternate who goes first, so that neither side always follows the other's work.
        first, second = (engine, baseline) if i % 2 == 0 else (baseline, engine)
        a, b = first(), second()
        e, s = (a, b) if i % 2 == 0 else (b, a)
        best_engine, best_baseline = min(best_engine, e), min(best_baseline, s)
    return best_engine, best_baseline


def at_least(ratio: float, aim: float) -> str:
    """The verdict on a ratio that should reach `aim` (throughput)."""
    return "PASS" if ratio >= aim else "BELOW"


def at_most(value: float, aim: float) -> str:
    """The verdict on a ratio or time that should stay within `aim`."""
    return "PASS" if value <= aim else "ABOVE"


def seconds(value: float) -> str:
    """A duration, in the unit that keeps it readable."""
    if value < 1e-3:
        return f"{value * 1e6:.2f} µs"
    if value < 1:
        return f"{value * 1e3:.1f} ms"
    return f"{value:.2f} s"


def per_second(count: int, elapsed: float, unit: str) -> str:
    """A throughput with the time per item, e.g. '1,234 eval/s (810 µs)'."""
    return f"{count / elapsed:,.0f} {unit}/s ({seconds(elapsed / count)})"


def progress(message: str) -> None:
    """A progress line on stderr: stdout carries only the table."""
    print(f"... {message}", file=sys.stderr, flush=True)


@contextmanager
def scratch(prefix: str) -> Iterator[Path]:
    """A temporary folder for databases and instance folders, removed afterwards."""
    with TemporaryDirectory(prefix=f"assembly-bench-{prefix}-") as folder:
        yield Path(folder)


def print_table(rows: list[Row]) -> None:
    """The plain table: one line per measure, then the notes."""
    header = ("measure", "engine", "baseline", "ratio", "aim", "verdict")
    lines = [
        (r.name, r.engine, r.baseline, "-" if r.ratio is None else f"{r.ratio:.3g}", r.aim,
         r.verdict)
        for r in rows
    ]
    widths = [max(len(line[i]) for line in [header, *lines]) for i in range(len(header))]
    for line in [header, tuple("-" * w for w in widths), *lines]:
        print("  ".join(cell.ljust(w) for cell, w in zip(line, widths, strict=True)).rstrip())
    notes = [(r.name, r.note) for r in rows if r.note]
    if notes:
        print()
        for name, note in notes:
            print(f"{name}: {note}")


@contextmanager
def counting_statements(engine: Engine) -> Iterator[list[int]]:
    """Counts the SQL statements an engine sends while the block runs (untimed blocks only)."""
    counter = [0]

    def count(*_: Any) -> None:
        counter[0] += 1

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield counter
    finally:
        event.remove(engine, "before_cursor_execute", count)


# -- sample data ----------------------------------------------------------------------------


def instant(text: str) -> datetime:
    """An aware UTC instant from ISO text with an offset."""
    return datetime.fromisoformat(text).astimezone(UTC)


def sample_draft(i: int = 0) -> dict[str, Any]:
    """A valid rally at Sary-Arka square; draft i gets its own 50-minute slot from 2021-05-20."""
    from assembly.notices.identity import make_iin

    day = date(2021, 5, 20) + timedelta(days=i // 10)
    hour = 10 + i % 10
    return {
        "form": "rally",
        "purpose": f"Public discussion of the city's parks, no. {i}",
        "starts_at": f"{day}T{hour:02d}:00:00+06:00",
        "ends_at": f"{day}T{hour:02d}:50:00+06:00",
        "place": {"site": "sary-arka-square"},
        "expected_participants": 300,
        "organizer": {
            "kind": "person",
            "full_name": "Айгерим Сапарова",
            "iin": make_iin(date(1990, 3, 15), "female", 1),
            "address": "Алматы, ул. Абая 10, кв. 5",
            "email": "aigerim@example.kz",
            "phone": "+77011234567",
        },
    }


def sqlite_url(path: Path) -> str:
    """The SQLAlchemy URL of an SQLite file."""
    return f"sqlite:///{path}"


def loop(fn: Callable[..., object], args: tuple[Any, ...], n: int) -> Timer:
    """A sample: n calls of fn(*args)."""

    def run() -> float:
        start = perf_counter()
        for _ in range(n):
            fn(*args)
        return perf_counter() - start

    return run


# -- report data ----------------------------------------------------------------------------

INSERT_BATCH = 20_000
PROFILES = 20_000  # distinct combinations of the varied columns, spread over the rows
STATUSES = {"approved": 24, "deemed_accepted": 4, "held": 5, "terminated": 1, "refused": 54,
            "withdrawn": 6, "received": 2, "in_review": 3, "change_proposed": 1}
FORMS = {"picket": 35, "rally": 25, "meeting": 20, "demonstration": 10, "march": 10}
SITES = tuple(f"site-{k:02d}" for k in range(1, 13))
ROUTES = tuple(f"route-{k}" for k in range(1, 5))
GROUNDS = {"14.1.3": 40, "14.1.4": 30, "14.1.6": 15, "14.1.5": 10, "14.1.10": 5}
KINDS = {"approve": 70, "approve_restricted": 20, "change_accepted": 10}


def pick(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(tuple(weights), tuple(weights.values()))[0]


def light(model: Any) -> tuple[Any, Callable[[str, Any], Any]]:
    """A model's table without types, and how its typed column stores a value on SQLite.

    Values are rendered once per distinct value with the column's own bind processor, so
    the rows hold exactly what the engine writes, without per-row type processing.
    """
    real: Table = model.__table__
    dialect = sqlite.dialect()
    processors = {c.name: c.type.dialect_impl(dialect).bind_processor(dialect) for c in real.c}

    def stored(name: str, value: Any) -> Any:
        process = processors[name]
        return value if value is None or process is None else process(value)

    return table(real.name, *(column(c.name) for c in real.c)), stored


def notice_profile(rng: random.Random, stored: Callable[[str, Any], Any]) -> dict[str, Any]:
    """The varied columns of one notice, as stored: status, form, place, dates, outcome."""
    status, form = pick(rng, STATUSES), pick(rng, FORMS)
    application = form in ("demonstration", "march")
    if form == "picket":
        kind, place = ("point", None) if rng.random() < 0.8 else ("site", rng.choice(SITES))
    else:
        kind = "route" if application else "site"
        place = rng.choice(ROUTES if application else SITES)
    registered = date(REPORT_YEAR, 1, 1) + timedelta(days=rng.randrange(365))
    filed = datetime.combine(registered, time(3), UTC) + timedelta(minutes=rng.randrange(600))
    due = datetime.combine(registered + timedelta(days=9 if application else 5), time(17, 59, 59),
                           UTC)
    starts = datetime.combine(registered + timedelta(days=rng.randint(6, 30)), time(5), UTC)
    decided = None  # pending and deemed accepted: no decision; half the withdrawals before one
    if status not in ("received", "in_review", "deemed_accepted") and (
        status != "withdrawn" or rng.random() < 0.5
    ):
        decided = filed + timedelta(hours=rng.randint(2, 24 * (11 if application else 7)))
    go_ahead_kind = {"approved": pick(rng, KINDS), "deemed_accepted": "deemed_accepted",
                     "held": pick(rng, {**KINDS, "deemed_accepted": 15}),
                     "terminated": pick(rng, KINDS)}.get(status)
    values = {
        "status": status, "form": form, "place_kind": kind, "place_id": place,
        "procedure": "application" if application else "notification",
        "lat": 43.238 + rng.random() / 50 if kind == "point" else None,
        "lon": 76.945 + rng.random() / 50 if kind == "point" else None,
        "expected_participants": rng.randint(1, 3000),
        "filed_at": filed, "created_at": filed, "registration_date": registered,
        "latest_filing_date": starts.date() - timedelta(days=14 if application else 7),
        "decision_due": due, "decided_at": decided,
        "starts_at": starts, "ends_at": starts + timedelta(hours=2), "event_date": starts.date(),
        "go_ahead": status in ("approved", "deemed_accepted", "held"),
        "go_ahead_kind": go_ahead_kind,
        "withdrawn_at": decided if status == "withdrawn" else None,
    }
    return {name: stored(name, value) for name, value in values.items()}


def profile_of(i: int, profiles: list[dict[str, Any]]) -> dict[str, Any]:
    """The profile of notice i: a prime stride spreads the profiles over the ids."""
    return profiles[i * 7919 % len(profiles)]


def notice_rows(first: int, last: int, profiles: list[dict[str, Any]],
                stored: Callable[[str, Any], Any], names: list[str]) -> Iterator[dict[str, Any]]:
    """Rows of notices first+1..last, the varied columns taken from the profiles in turn."""
    fixed = {name: None for name in names}
    fixed.update({k: stored(k, v) for k, v in {
        "purpose": "Benchmark notice", "overdue": False, "sound_amplification": False,
        "vehicles": False, "structures": False, "organizer_kind": "person",
        "organizer_name": "Бенчмарк Бенчмарков", "organizer_id_number": "900315400011",
        "organizer_address": "Алматы", "language": "ru", "rules_version": "kz/almaty bench",
        "proposal_made": False, "signature_missing": False, "version_id": 1, "audit_seq": 0,
        "audit_hash": "0" * 64,
    }.items()})
    for i in range(first + 1, last + 1):
        yield {**fixed, **profile_of(i, profiles), "id": i,
               "reference": f"BEN-{REPORT_YEAR}-{i:07d}"}


def insert_batches(engine: Engine, target: Any, rows: Iterator[dict[str, Any]]) -> int:
    """Core insert() executemany, INSERT_BATCH rows per statement and transaction."""
    done = 0
    while batch := list(islice(rows, INSERT_BATCH)):
        with engine.begin() as conn:
            conn.execute(insert(target), batch)
        done += len(batch)
    return done


def insert_notices(engine: Engine, first: int, last: int) -> None:
    """Notices first+1..last with a decision and one or two grounds for each refused one."""
    from assembly.models import Decision, DecisionGround, Notice

    rng = random.Random(REPORT_YEAR)  # the same profiles on every call: sizes are nested
    notices, stored = light(Notice)
    profiles = [notice_profile(rng, stored) for _ in range(PROFILES)]
    names = [c.name for c in Notice.__table__.c]
    insert_batches(engine, notices, notice_rows(first, last, profiles, stored, names))
    decisions, stored_decision = light(Decision)
    refused = [i for i in range(first + 1, last + 1)
               if profile_of(i, profiles)["status"] == "refused"]
    fixed = {k: stored_decision(k, v) for k, v in {
        "outcome": "refuse", "reasoning": "Benchmark refusal.", "restrictions": [],
        "proposal": None, "channels": ["e_mail"], "decided_by": None}.items()}
    insert_batches(engine, decisions, (
        {**fixed, "id": i, "notice_id": i,
         "decided_at": profile_of(i, profiles)["decided_at"],
         "on_time": stored_decision("on_time", True)} for i in refused))
    grounds, _ = light(DecisionGround)
    # One ground per refusal; every fifth draws two (the same ground twice counts once).
    insert_batches(engine, grounds, (
        {"decision_id": i, "notice_id": i, "ground": g,
         "registration_date": profile_of(i, profiles)["registration_date"]}
        for i in refused for g in {pick(rng, GROUNDS) for _ in range(1 + (i % 5 == 0))}))
    rebuild_counts(engine)


def rebuild_counts(engine: Engine) -> None:
    """The report's notice counts from every notice: the bulk loads bypass the writers
    that keep them (services.counts)."""
    from sqlalchemy.orm import Session

    from assembly.services import counts

    with Session(engine) as session, session.begin():
        counts.rebuild(session)


def insert_unsanctioned(engine: Engine, count: int = 211) -> None:
    """Unsanctioned events of the report year (the 2021 figure of LAW.md §9)."""
    from assembly.models import UnsanctionedEvent

    start = datetime(REPORT_YEAR, 1, 1, 6, tzinfo=UTC)
    rows = [{"occurred_at": start + timedelta(days=k * 365 // count),
             "occurred_on": (start + timedelta(days=k * 365 // count)).date(),
             "lat": 43.24, "lon": 76.95, "form": "picket", "category": "unnotified",
             "estimated_participants": 5, "description": "Benchmark event",
             "source": "bench", "created_at": start} for k in range(count)]
    with engine.begin() as conn:
        conn.execute(insert(UnsanctionedEvent.__table__), rows)


# -- the `assembly` command -----------------------------------------------------------------


def cli_command() -> list[str]:
    """The installed `assembly` script beside this Python, else the module."""
    script = Path(sys.executable).with_name("assembly")
    return [str(script)] if script.exists() else [sys.executable, "-m", "assembly.cli"]


def run_cli(args: list[str], instance: Path, timeout: float,
            database_url: str | None = None) -> tuple[float, str]:
    """Seconds and stdout of one `assembly` command in its own process and instance folder
    (its database: `database_url`, else the instance folder's SQLite file)."""
    env = {k: v for k, v in os.environ.items() if k != "ASSEMBLY_DATABASE_URL"}
    if database_url:
        env["ASSEMBLY_DATABASE_URL"] = database_url
    env["ASSEMBLY_INSTANCE_PATH"] = str(instance)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    began = perf_counter()
    done = subprocess.run([*cli_command(), *args], env=env, cwd=instance.parent, timeout=timeout,
                          capture_output=True, text=True)
    elapsed = perf_counter() - began
    if done.returncode != 0:
        output = (done.stderr or done.stdout).strip()
        print(output, file=sys.stderr)
        last = output.splitlines()[-1] if output else "no output"
        raise RuntimeError(f"`assembly {' '.join(args)}` exited {done.returncode}: {last}")
    return elapsed, done.stdout
