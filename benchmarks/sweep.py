"""The deadline sweep's cost follows what is due, not the table's size; the outbox's rate.

    .venv/bin/python benchmarks/sweep.py [--quick] [--url postgresql://…] [--due 100]

1. sweep: `deadlines.sweep` as of NOW with `--due` notifications past their review period
   (each deemed accepted: transition, audit event, organizer message) among 10,000 and
   1,000,000 notices (`--quick`: 1,000, 10,000 and 100,000) on PostgreSQL. The other
   notices are history: past assemblies at the same special places, held, refused,
   withdrawn or terminated, and decided long ago. Each size gets a fresh schema; the sweep
   runs in a transaction rolled back after each sample (best of `--repeat`). Aim: the
   largest size's time over the 10,000 (or smallest) one's stays under 2.
2. outbox: `--messages` queued messages rendered and delivered by `mail.send_outbox` to an
   aiosmtpd server on loopback (one SMTP connection, a claim and a mark per message):
   messages per second. Information only.

The notices are inserted with one Core INSERT … SELECT over generate_series per size.
Every schema is the script's own and its connections see it alone (`_postgres.py`): the
tables of `public`, if the app's are there, are never written, and the last row checks it
(their row counts before and after). Table on stdout, progress on stderr. The machine is
shared: no aim is a test.
"""

from __future__ import annotations

import argparse
import socket
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from time import perf_counter

import _postgres
import _util  # noqa: F401 - first: puts the checkout on sys.path
from _util import Row, at_most, instant, print_table, progress, seconds
from sqlalchemy import Engine, Integer, case, column, func, insert, literal, select, text

from assembly import db, schema

NOW = instant("2021-05-19T09:00:00+06:00")
PLACES = ("sary-arka-square", "gandhi-park", "valikhanov-square")
HISTORY = {"held": 30, "refused": 55, "withdrawn": 10, "terminated": 5}  # per 100 notices
RATIO_AIM = 2.0


@contextmanager
def migrated_schema(url: str) -> Iterator[Engine]:
    """A fresh schema of its own (its connections see it alone), migrated; dropped after."""
    with _postgres.fresh_schema(url) as schema_url:
        engine = db.make_engine(schema_url)
        try:
            schema.upgrade(engine)
            _postgres.check_booking_constraint(schema_url)
            yield engine
        finally:
            engine.dispose()


def history_select(count: int):  # type: ignore[no-untyped-def]
    """SELECT producing `count` past notices: 5-minute slots, 100 a day, per place."""
    from assembly.models import Notice

    g = func.generate_series(1, count).table_valued(column("i", Integer)).render_derived()
    i = g.c.i
    slot = i // len(PLACES)  # each place gets consecutive slots
    day_start = literal(NOW.replace(hour=3, minute=0, second=0)) - func.make_interval(
        0, 0, 0, slot // 100 + 2)
    starts = day_start + func.make_interval(0, 0, 0, 0, 0, (slot % 100) * 6)
    ends = starts + func.make_interval(0, 0, 0, 0, 0, 5)
    bounds, total = [], 0
    for status, share in HISTORY.items():
        total += share
        bounds.append((i % 100 < total, status))
    status = case(*bounds, else_="refused")
    place = case(*((i % len(PLACES) == k, p) for k, p in enumerate(PLACES)))
    filed = starts - func.make_interval(0, 0, 0, 10)
    values = {
        "reference": func.concat("BEN-", i), "procedure": "notification", "form": "rally",
        "status": status, "overdue": False, "purpose": "Benchmark history",
        "starts_at": starts, "ends_at": ends, "event_date": func.date(starts),
        "place_kind": "site", "place_id": place, "expected_participants": 100,
        "sound_amplification": False, "vehicles": False, "structures": False,
        "organizer_kind": "person", "organizer_name": "Бенчмарк Бенчмарков",
        "organizer_id_number": "900315400011", "organizer_address": "Алматы",
        "organizer_email": "history@example.kz", "language": "ru", "filed_at": filed,
        "registration_date": func.date(filed), "latest_filing_date": func.date(filed),
        "decision_due": filed + func.make_interval(0, 0, 0, 5), "rules_version": "bench",
        "go_ahead": case((status.in_(("held", "terminated")), True), else_=False),
        "go_ahead_kind": case((status == "held", "approve"), else_=None),
        "proposal_made": False, "signature_missing": False,
        "decided_at": filed + func.make_interval(0, 0, 0, 1),
        "created_at": filed, "audit_seq": 0, "audit_hash": "0" * 64, "version_id": 1,
    }
    columns = [c for c in Notice.__table__.c if c.name in values]
    return columns, select(*(literal(values[c.name], c.type) if not hasattr(
        values[c.name], "compile") else values[c.name] for c in columns)).select_from(g)


def insert_notices(engine: Engine, total: int, due: int) -> None:
    """`total - due` past notices and `due` notifications whose review ended yesterday."""
    from assembly.models import Notice, User

    columns, history = history_select(total - due)
    with engine.begin() as connection:
        connection.execute(insert(Notice.__table__).from_select(columns, history))
        connection.execute(insert(User.__table__), [
            {"email": f"officer{k}@example.kz", "password_hash": "-", "role": "officer",
             "language": "ru", "active": True, "created_at": NOW} for k in range(5)])
    due_rows = []
    for k in range(due):
        starts = NOW + timedelta(days=1 + k // 33, hours=(k % 33) // 3)
        due_rows.append({
            "reference": f"DUE-{k}", "procedure": "notification", "form": "rally",
            "status": "received", "overdue": False, "purpose": "Due notice",
            "starts_at": starts, "ends_at": starts + timedelta(minutes=50),
            "event_date": (starts + timedelta(hours=6)).date(), "place_kind": "site",
            "place_id": PLACES[k % 3], "expected_participants": 100,
            "sound_amplification": False, "vehicles": False, "structures": False,
            "organizer_kind": "person", "organizer_name": "Айгерим Сапарова",
            "organizer_id_number": "900315400011", "organizer_address": "Алматы",
            "organizer_email": f"due{k}@example.kz", "language": "ru",
            "filed_at": NOW - timedelta(days=6),
            "registration_date": (NOW - timedelta(days=6)).date(),
            "latest_filing_date": (NOW - timedelta(days=6)).date(),
            "decision_due": NOW - timedelta(hours=9), "rules_version": "bench",
            "go_ahead": False, "proposal_made": False, "signature_missing": False,
            "created_at": NOW - timedelta(days=6),
            "audit_seq": 0, "audit_hash": "0" * 64, "version_id": 1,
        })
    with engine.begin() as connection:
        connection.execute(insert(Notice.__table__), due_rows)
        # Only the tables filled here: a bare ANALYZE would visit every schema.
        connection.execute(text("ANALYZE notices, users"))


def time_sweep(engine: Engine, due: int, repeat: int) -> float:
    """Best of `repeat` sweeps, each rolled back so that the next one finds the same work."""
    from assembly.services.deadlines import sweep

    factory = db.make_session_factory(engine)
    best = float("inf")
    for _ in range(repeat):
        with factory() as session:
            started = perf_counter()
            result = sweep(session, NOW)
            elapsed = perf_counter() - started
            session.rollback()
        if len(result.deemed_accepted) != due:
            raise RuntimeError(f"the sweep moved {result.total()} notices, not {due}")
        best = min(best, elapsed)
    return best


def measure_sweep(url: str, sizes: list[int], due: int, repeat: int) -> list[Row]:
    """The sweep's time per table size, and the largest size's ratio to the smallest."""
    times: dict[int, float] = {}
    for size in sizes:
        with migrated_schema(url) as engine:
            progress(f"inserting {size:,} notices ({due} due)")
            began = perf_counter()
            insert_notices(engine, size, due)
            progress(f"inserted in {seconds(perf_counter() - began)}; sweeping")
            times[size] = time_sweep(engine, due, repeat)
    base = sizes[0]
    rows = []
    for size in sizes:
        ratio = times[size] / times[base]
        last = size == sizes[-1]
        rows.append(Row(
            f"sweep, {due} due among {size:,}", seconds(times[size]), seconds(times[base]),
            ratio, f"< {RATIO_AIM:g}" if last else "-",
            at_most(ratio, RATIO_AIM) if last else "info",
            f"{due / times[size]:,.0f} notices moved/s" if size == base else ""))
    return rows


@contextmanager
def smtp_sink() -> Iterator[int]:
    """aiosmtpd in a process of its own on loopback, accepting and dropping every message."""
    from tests.mailserver import free_port, wait_until  # aiosmtpd: a [dev] dependency

    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "aiosmtpd", "-n", "-l", f"127.0.0.1:{port}",
         "-c", "aiosmtpd.handlers.Sink"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def listening() -> bool:
        with socket.socket() as probe:
            return probe.connect_ex(("127.0.0.1", port)) == 0

    try:
        wait_until(listening, 30, lambda: "the SMTP server did not start")
        yield port
    finally:
        server.terminate()
        server.wait(10)


def measure_outbox(url: str, messages: int) -> list[Row]:
    """Messages per second delivered to a loopback SMTP server in another process."""
    from assembly.mail import send_outbox, transport_for
    from assembly.services.deadlines import sweep
    from assembly.web import create_app

    with migrated_schema(url) as engine, smtp_sink() as port:
        insert_notices(engine, messages, messages)
        factory = db.make_session_factory(engine)
        with db.unit_of_work(factory) as session:
            sweep(session, NOW)  # one deemed_accepted message per notice
        app = create_app({"SECRET_KEY": "bench", "DATABASE_ENGINE": engine,
                          "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": port})
        progress(f"sending {messages} messages")
        began = perf_counter()
        report = send_outbox(factory, transport_for(app), app.config, now=lambda: NOW,
                             limit=messages)
        elapsed = perf_counter() - began
    if report.sent != messages:
        raise RuntimeError(f"sent {report.sent} of {messages}: {report.errors[:3]}")
    return [Row(f"outbox, {messages} messages", f"{messages / elapsed:,.0f} messages/s",
                "-", None, note=f"{seconds(elapsed / messages)} per message: claim, render, "
                "build the MIME message, SMTP, mark (each claim and mark committed)")]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="1,000 / 10,000 / 100,000")
    parser.add_argument("--url", default=_postgres.default_url(),
                        help="PostgreSQL (default ASSEMBLY_TEST_POSTGRES_URL, else "
                             f"{_postgres.DEFAULT_URL}); its schemas other than ours are "
                             "never written")
    parser.add_argument("--due", type=int, default=100)
    parser.add_argument("--messages", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    sizes = [1_000, 10_000, 100_000] if args.quick else [10_000, 1_000_000]
    public_before = _postgres.public_counts(args.url)
    rows = measure_sweep(args.url, sizes, args.due, args.repeat)
    rows += measure_outbox(args.url, args.messages)
    rows.append(_postgres.public_row(public_before, _postgres.public_counts(args.url)))
    print_table(rows)
    return 1 if rows[-1].verdict == "ERROR" else 0


if __name__ == "__main__":
    sys.exit(main())
