"""What-if replays scale linearly: a year's checks run again under another rule version.

    .venv/bin/python benchmarks/whatif.py [--quick] [--sizes 10000 100000] [--repeat 3]

1. whatif: `services.whatif.what_if(session, 2021, 2025-06-01)` over 10,000 and 100,000
   notices of 2021 (`--quick`: 1,000 and 10,000) in an SQLite file: every notice's checks
   under the rules of its event day and under those of 2025-06-01, and its refusal grounds
   judged again. Baseline, in the same run and on the same database: the same rows read
   (the notices' columns streamed, their findings and grounds) without the replay. Printed:
   time per notice, and the ratio of the engine to the baseline.
2. scaling: on the largest database, the time per notice of the whole year's replay over
   that of a replay of its first `--sample` notices (10,000; `--quick`: 1,000), the two
   timed in alternation so that both meet the same load. Aim: at most 1.3 (linear: the
   replay does constant work per notice).

The notices are the yearly report's sample (`_util.insert_notices`: statuses, forms,
registration dates over the year, refusals with grounds), placed at the special places
and the route of the 2020 decision, pickets at points in the centre. The machine is
shared: no aim is a test; table on stdout, progress on stderr.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from time import perf_counter

import _util  # noqa: F401 - first: puts the checkout on sys.path
from _util import Row, at_most, print_table, progress, seconds
from sqlalchemy import case, select, update

from assembly import db, schema

RULES_ON = date(2025, 6, 1)
SCALING_AIM = 1.3
SITES = ("sary-arka-square", "gandhi-park", "valikhanov-square")


def place_notices(engine) -> None:  # type: ignore[no-untyped-def]
    """Put the sample's sites and routes at the places of the 2020 decision."""
    from assembly.models import Notice

    with engine.begin() as conn:
        conn.execute(update(Notice).where(Notice.place_kind == "site").values(place_id=case(
            *((Notice.id % 3 == k, site) for k, site in enumerate(SITES)))))
        conn.execute(update(Notice).where(Notice.place_kind == "route")
                     .values(place_id="shevchenko-street"))


def read_only(session) -> int:  # type: ignore[no-untyped-def]
    """The baseline: the rows the replay reads, streamed, and nothing done with them."""
    from assembly.models import DecisionGround, NoticeFinding
    from assembly.services import whatif

    year = _util.REPORT_YEAR
    n = 0
    session.execute(select(NoticeFinding.notice_id, NoticeFinding.code)).all()
    session.execute(select(DecisionGround.notice_id, DecisionGround.ground)).all()
    for _ in session.execute(select(*whatif.COLUMNS).where(*whatif.in_year(year))
                             .execution_options(yield_per=whatif.BATCH)):
        n += 1
    return n


def time_size(engine, size: int, repeat: int) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """Best-of-n seconds per notice of the replay and of the baseline read."""
    from assembly.services.law import default_law
    from assembly.services.whatif import what_if

    law = default_law()
    factory = db.make_session_factory(db.reading_engine(engine))

    def replay() -> float:
        with factory() as session:
            began = perf_counter()
            result = what_if(session, _util.REPORT_YEAR, RULES_ON, law)
            elapsed = perf_counter() - began
        if result.notices != size:
            raise RuntimeError(f"replayed {result.notices:,} notices, {size:,} were inserted")
        return elapsed

    def baseline() -> float:
        with factory() as session:
            began = perf_counter()
            read = read_only(session)
            elapsed = perf_counter() - began
        if read != size:
            raise RuntimeError(f"read {read:,} notices, {size:,} were inserted")
        return elapsed

    engine_s, bare_s = _util.best_pair(replay, baseline, repeat)
    return engine_s / size, bare_s / size


def time_scaling(engine, size: int, sample: int, repeat: int) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """Best-of-n seconds per notice of the whole replay and of its first `sample` notices."""
    from itertools import islice

    from assembly.notices.whatif import replay
    from assembly.services.law import default_law
    from assembly.services.whatif import items_of_year

    law = default_law()
    factory = db.make_session_factory(db.reading_engine(engine))

    def run(count: int) -> _util.Timer:
        def timed() -> float:
            with factory() as session:
                began = perf_counter()
                result = replay(islice(items_of_year(session, _util.REPORT_YEAR), count),
                                year=_util.REPORT_YEAR, then=law.at, other=law.at(RULES_ON),
                                calendar=law.calendar)
                elapsed = perf_counter() - began
            if result.notices != count:
                raise RuntimeError(f"replayed {result.notices:,} notices, not {count:,}")
            return elapsed
        return timed

    whole, part = _util.best_pair(run(size), run(sample), repeat)
    return whole / size, part / sample


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1,000 and 10,000 notices")
    parser.add_argument("--sizes", type=int, nargs="+", help="notice counts, ascending")
    parser.add_argument("--sample", type=int, help="notices of the scaling sample")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    sizes = sorted(args.sizes or ([1_000, 10_000] if args.quick else [10_000, 100_000]))
    rows: list[Row] = []
    sample = args.sample or (1_000 if args.quick else 10_000)
    with _util.scratch("whatif") as folder:
        engine = db.make_engine(_util.sqlite_url(folder / "whatif.db"))
        schema.upgrade(engine)
        loaded = 0
        for size in sizes:
            progress(f"whatif: inserting notices {loaded + 1:,}..{size:,}")
            _util.insert_notices(engine, loaded, size)
            place_notices(engine)
            loaded = size
            progress(f"whatif: replaying {size:,} notices")
            engine_s, bare_s = time_size(engine, size, args.repeat)
            rows.append(Row(f"whatif, {size:,} notices", f"{seconds(engine_s)}/notice",
                            f"{seconds(bare_s)}/notice (read only)", engine_s / bare_s,
                            note=f"{seconds(engine_s * size)} for the whole year"))
        if sample < loaded:
            progress(f"whatif: scaling, {loaded:,} against the first {sample:,}")
            whole, part = time_scaling(engine, loaded, sample, args.repeat)
            rows.append(Row(f"scaling, {loaded:,} / {sample:,}", f"{seconds(whole)}/notice",
                            f"{seconds(part)}/notice", whole / part, f"<= {SCALING_AIM}",
                            at_most(whole / part, SCALING_AIM)))
        engine.dispose()
    print_table(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
