"""Pages that stay fast as data grows, and workers that stay small (issue 16, points 1-2).

    .venv/bin/python benchmarks/scale.py            # 10,000 and 1,000,000 notices (~15 min)
    .venv/bin/python benchmarks/scale.py --quick    # 1,000 and 20,000: a smoke run

Per size, on PostgreSQL, in a fresh schema of its own (`_postgres.fresh_schema`; its
connections see it alone, `public` is never written): the schema is migrated, a citizen,
an officer and a manager are added with `assembly users add`, and the notices are inserted
with one Core INSERT … SELECT over generate_series. Once every size is built, one
`assembly serve --workers 2` per size serves it, side by side, with the clock pinned
(ASSEMBLY_NOW); page by page, every page and API operation of the tour (a citizen's, an
officer's, a manager's, the public's) is requested twice at each size to warm up, then
`--requests` times at each size, alternating between the sizes: p50 and p95 per page.

The data: ten years of notices. The year shown (the current one, YEAR) holds the same
`--window` notices at every size; the rest of the notices fill the nine years and a half
before it. So the pages of the year shown have the same content at both sizes, and their
time must not grow with the notices outside it: the ratio of the largest size's p95 to the
smallest's (aim ≤ 1.5). A page showing a full past year (PAST_YEAR) has ~N/10 notices and
is measured too (its p95 against the 150 ms aim; its ratio is information). One organizer
files one notice in a hundred: the officer's page of their latest notice reads a long
record. A quarter of the notices are pickets at a point, the rest at three special places.

After the tour of the largest size, the resident memory (VmRSS) of each of the two web
workers is printed beside that of a bare Flask + SQLAlchemy ORM app's workers
(`_bare_app.py`, the same gunicorn settings) after a few requests (aim ≤ 100 MB).

Not in CI: the machine is shared and no aim is a test. Table on stdout, progress on stderr.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import sys
import urllib.parse
import urllib.request
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import date
from http.cookiejar import CookieJar
from pathlib import Path
from time import perf_counter

import _postgres
import _util  # noqa: F401 - first: puts the checkout on sys.path
from _http_servers import PASSWORD, assembly, free_port, serving
from _util import ROOT, Row, at_most, cli_command, print_table, progress, scratch, seconds
from sqlalchemy import (
    DateTime,
    Integer,
    String,
    case,
    cast,
    column,
    func,
    insert,
    literal,
    select,
    text,
    update,
)

from assembly import db, schema

NOW = "2026-05-20T10:00:00+06:00"
YEAR = 2026  # the year shown: the same notices at every size
PAST_YEAR = 2021  # a full past year: ~N/10 notices
FIRST_DAY = date(2016, 7, 1)  # the history runs from here to the end of YEAR - 1
PLACES = ("sary-arka-square", "gandhi-park", "valikhanov-square", None)  # None: a point
HOST = "127.0.0.1"
P95_AIM = 0.150
RATIO_AIM = 1.5
RSS_AIM_MB = 100.0
NEAR_STATION = (43.2750, 76.9390)  # (lat, lon), north of the Almaty-2 station's territory
HEAVY = "880101300999"  # the organizer of one notice in a hundred
EMAILS = {"citizen": "citizen@example.kz", "officer": "officer@example.kz",
          "manager": "manager@example.kz"}


def notices_select(count: int, first: date, days: int, offset: int,  # type: ignore[no-untyped-def]
                   owner_id: int | None):
    """SELECT of `count` notices from `first` over `days` days; references from `offset`.

    Per place, one notice after the other, 5-minute slots from 09:00 local (03:00 UTC),
    as many a day as the count needs: no two at one place overlap. Past ones are decided
    (held, refused, withdrawn, terminated, approved); from NOW on they are pending or
    approved. One in fifty belongs to the citizen, one in a hundred to HEAVY."""
    from assembly.models import Notice

    g = func.generate_series(1, count).table_valued(column("i", Integer)).render_derived()
    i = g.c.i
    per_place_day = max(1, -(-count // (len(PLACES) * days)))
    k = i // len(PLACES)
    day = literal(first) + k // per_place_day  # date + integer: a date
    starts = func.timezone("UTC", cast(day, DateTime()) + func.make_interval(
        0, 0, 0, 0, 3, (k % per_place_day) * 5))
    ends = starts + func.make_interval(0, 0, 0, 0, 0, 4)
    future = starts > literal(_util.instant(NOW))
    share = i % 100
    status = case(
        (future, case((share < 40, "received"), (share < 60, "in_review"),
                      (share < 90, "approved"), else_="deemed_accepted")),
        else_=case((share < 45, "held"), (share < 75, "refused"), (share < 85, "withdrawn"),
                   (share < 90, "terminated"), else_="approved"))
    decided = status.not_in(("received", "in_review"))
    place = case(*((i % len(PLACES) == n, p) for n, p in enumerate(PLACES) if p))
    filed = starts - func.make_interval(0, 0, 0, 12)
    values = {
        "reference": func.concat("SC-", i + offset),
        "public_id": func.substr(func.md5(func.concat("scale-", i + offset)), 1, 24),
        "procedure": "notification",
        "form": case((place.is_(None), "picket"), else_="rally"),
        "status": status, "overdue": False, "purpose": "Scale benchmark",
        "starts_at": starts, "ends_at": ends, "event_date": day,
        "place_kind": case((place.is_(None), "point"), else_="site"), "place_id": place,
        "expected_participants": 100, "sound_amplification": False, "vehicles": False,
        "structures": False, "organizer_kind": "person",
        "organizer_name": func.concat("Организатор ", i % 5000),
        "organizer_id_number": case((i % 100 == 7, HEAVY),
                                    else_=func.lpad(cast(i % 5000, String()), 12, "9")),
        "organizer_address": "Алматы", "organizer_email": "organizer@example.kz",
        "language": "ru", "filed_at": filed, "registration_date": func.date(filed),
        "latest_filing_date": func.date(filed),
        "decision_due": filed + func.make_interval(0, 0, 0, 5), "rules_version": "bench",
        "go_ahead": status.in_(("approved", "deemed_accepted", "held", "terminated")),
        "go_ahead_kind": case((status == "approved", "approve"),
                              (status == "deemed_accepted", "deemed_accepted"), else_=None),
        "proposal_made": False, "signature_missing": False,
        "decided_at": case((decided, filed + func.make_interval(0, 0, 0, 2)), else_=None),
        "owner_id": case((i % 50 == 3, owner_id), else_=None) if owner_id else None,
        "created_at": filed, "audit_seq": 0, "audit_hash": "0" * 64, "version_id": 1,
    }
    columns = [c for c in Notice.__table__.c if c.name in values]
    return columns, select(*(values[c.name] if hasattr(values[c.name], "compile")
                             else literal(values[c.name], c.type) for c in columns)
                           ).select_from(g)


def build(url: str, size: int, window: int, instance: Path, timeout: float) -> dict[str, str]:
    """Migrate the schema at `url`, add the three users, insert `size` notices: the
    `window` of YEAR and the rest before it. Returns the references the tour reads."""
    from assembly.models import Notice

    engine = db.make_engine(url)
    env = server_environment(url, instance)
    try:
        schema.upgrade(engine)
        _postgres.check_booking_constraint(url)
        for role, email in EMAILS.items():
            assembly(["users", "add", email, "--role", role, "--password", PASSWORD], env,
                     timeout)
        with engine.connect() as connection:
            citizen = connection.scalar(text("SELECT id FROM users WHERE email = :e"),
                                        {"e": EMAILS["citizen"]})
        began = perf_counter()
        history_days = (date(YEAR, 1, 1) - FIRST_DAY).days
        with engine.begin() as connection:
            columns, rows = notices_select(size - window, FIRST_DAY, history_days, 0, None)
            connection.execute(insert(Notice.__table__).from_select(columns, rows))
            columns, rows = notices_select(window, date(YEAR, 1, 1), 365, size, citizen)
            connection.execute(insert(Notice.__table__).from_select(columns, rows))
            # The citizen's latest notification left unanswered (Art. 11(1)): its letter.
            latest = select(func.max(Notice.id)).where(Notice.owner_id == citizen)
            connection.execute(update(Notice).where(Notice.id == latest.scalar_subquery())
                               .values(status="deemed_accepted", go_ahead=True,
                                       go_ahead_kind="deemed_accepted"))
        _util.rebuild_counts(engine)  # the report's counts: the INSERT bypassed their writers
        # A settled table, as autovacuum leaves it: statistics, and the visibility map that
        # index-only scans need. Only our tables: a bare VACUUM would visit every schema.
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("VACUUM ANALYZE notices, users, notice_counts"))
        progress(f"{size:,} notices inserted and vacuumed in {seconds(perf_counter() - began)}")
        with engine.connect() as connection:
            heavy = connection.scalar(
                select(Notice.reference).where(Notice.organizer_id_number == HEAVY)
                .order_by(Notice.filed_at.desc()).limit(1))
            own = connection.scalar(select(Notice.reference).where(
                Notice.owner_id == citizen).order_by(Notice.id.desc()).limit(1))
    finally:
        engine.dispose()
    return {"heavy": str(heavy), "own": str(own)}


def server_environment(url: str, instance: Path) -> dict[str, str]:
    """Every process's environment: the database, the instance folder, the pinned clock."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASSEMBLY_")}
    env.update(ASSEMBLY_DATABASE_URL=url, ASSEMBLY_INSTANCE_PATH=str(instance),
               ASSEMBLY_NOW=NOW, ASSEMBLY_SECRET_KEY="scale-benchmark")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    return env


@dataclass(frozen=True)
class Page:
    """One request of the tour: who asks, what, and whether its content is the same at every
    size (`same`: its time is compared across sizes)."""

    name: str
    who: str  # public, citizen, officer, manager
    path: str
    same: bool = True


def tour(refs: dict[str, str]) -> list[Page]:
    """Every page and API operation a citizen, officer, manager or the public uses."""
    year = f"from={YEAR}-01-01&to={YEAR}-12-31"
    return [
        Page("home", "public", "/"),
        Page("procedure", "public", "/procedure"),
        Page("map", "public", "/map"),
        Page("precheck form", "public", "/precheck"),
        Page("occupancy page, a year", "public", f"/occupancy?{year}"),
        Page("occupancy page, 30 days", "public", "/occupancy"),
        Page("occupancy ICS", "public", "/occupancy.ics"),
        Page("API occupancy, a year", "public", f"/api/v1/occupancy?{year}"),
        Page("API occupancy, default", "public", "/api/v1/occupancy"),
        Page("API places", "public", "/api/v1/places"),
        Page("API closures", "public", f"/api/v1/closures?{year}"),
        Page("API index", "public", "/api/v1"),
        Page("map layers (GeoJSON)", "public", "/places.geojson"),
        # 70 m from Almaty-2 station: inside its picketing buffer, so the exact distance
        # is measured (shapely), as for a picket filed there.
        Page("map: a point checked", "public", f"/places/point-check?lat={NEAR_STATION[0]}"
             f"&lon={NEAR_STATION[1]}"),
        Page("citizen: my notices", "citizen", "/my/notices"),
        Page("citizen: a notice", "citizen", f"/my/notices/{refs['own']}"),
        Page("citizen: my drafts", "citizen", "/my/drafts"),
        Page("citizen: filing form", "citizen", "/file"),
        Page("citizen: legal calendar", "citizen",
             f"/file/calendar.json?form=rally&place=site:{PLACES[0]}&month={YEAR}-06"),
        Page("citizen: a letter", "citizen", f"/my/notices/{refs['own']}/letter"),
        Page("citizen: a letter's PDF", "citizen", f"/my/notices/{refs['own']}/letter.pdf"),
        Page("citizen API: notices", "citizen", "/api/v1/notices"),
        Page("officer: queue", "officer", "/officer/"),
        Page("officer: notice, long record", "officer", f"/officer/notices/{refs['heavy']}"),
        Page("officer: a letter's PDF", "officer",
             f"/officer/notices/{refs['own']}/letter.pdf"),
        Page("officer: deliveries", "officer", "/officer/deliveries"),
        Page("officer: closures", "officer", "/officer/closures"),
        Page("officer: unsanctioned", "officer", "/officer/unsanctioned"),
        Page("officer API: notices, 100", "officer", "/api/v1/notices?per_page=100", False),
        Page("officer API: notices, page 50", "officer",
             "/api/v1/notices?per_page=100&page=50", False),
        Page(f"officer API: notices {YEAR}, 100", "officer",
             f"/api/v1/notices?per_page=100&year={YEAR}"),
        Page("officer API: a notice", "officer", f"/api/v1/notices/{refs['heavy']}"),
        Page(f"manager: dashboard {YEAR}", "manager", f"/manager/?year={YEAR}"),
        Page(f"manager: dashboard {PAST_YEAR}", "manager", f"/manager/?year={PAST_YEAR}",
             False),
        Page(f"manager: CSV {YEAR}", "manager", f"/manager/report.csv?year={YEAR}"),
        Page(f"manager: XLSX {YEAR}", "manager", f"/manager/report.xlsx?year={YEAR}"),
        Page("manager: years compared", "manager", "/manager/years", False),
        Page(f"manager API: report {YEAR}", "manager", f"/api/v1/reports/yearly?year={YEAR}"),
        Page(f"manager API: report {PAST_YEAR}", "manager",
             f"/api/v1/reports/yearly?year={PAST_YEAR}", False),
    ]


class Client:
    """One user's HTTP client: a portal session (cookies) and an API bearer token."""

    def __init__(self, port: int, who: str):
        self.base = f"http://{HOST}:{port}"
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(CookieJar()))
        self.token = ""
        if who != "public":
            self.sign_in(EMAILS[who])

    def sign_in(self, email: str) -> None:
        form = self.opener.open(f"{self.base}/sign-in", timeout=60).read().decode()
        found = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', form)
        if found is None:
            raise RuntimeError("no CSRF token on the sign-in page")
        body = urllib.parse.urlencode({"csrf_token": found.group(1), "email": email,
                                       "password": PASSWORD}).encode()
        self.opener.open(f"{self.base}/sign-in", body, timeout=60).read()
        request = urllib.request.Request(
            f"{self.base}/api/v1/tokens", method="POST", headers={
                "Content-Type": "application/json"},
            data=json.dumps({"email": email, "password": PASSWORD}).encode())
        with self.opener.open(request, timeout=60) as response:
            self.token = str(json.load(response)["token"])

    def get(self, path: str) -> tuple[float, int, int]:
        """Seconds to the last byte, the status and the body's size."""
        headers = {"Authorization": f"Bearer {self.token}"} if (
            self.token and path.startswith("/api/")) else {}
        request = urllib.request.Request(self.base + path, headers=headers)
        began = perf_counter()
        try:
            with self.opener.open(request, timeout=120) as response:
                size, status = len(response.read()), response.status
        except urllib.error.HTTPError as error:
            size, status = len(error.read()), error.code
        return perf_counter() - began, status, size


@dataclass(frozen=True)
class Timing:
    p50: float
    p95: float
    status: int
    size: int


def timing(samples: list[float], status: int, size: int) -> Timing:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return Timing(statistics.median(ordered), p95, status, size)


def measure(ports: dict[int, int], tours: dict[int, list[Page]], requests: int
            ) -> dict[int, dict[str, Timing]]:
    """p50 and p95 of each page at each size, the sizes' servers running side by side.

    Page by page: two warm-up requests to each size, then `requests` to each, alternated
    (small, large, large, small...), so that a change of the machine's load while a page is
    measured weighs on both sizes alike. Measured one size after the other, minutes apart,
    the same page at the same two sizes came out up to 1.8x apart on a shared machine."""
    clients = {size: {who: Client(port, who) for who in ("public", "citizen", "officer",
                                                         "manager")}
               for size, port in ports.items()}
    sizes = sorted(ports)
    result: dict[int, dict[str, Timing]] = {size: {} for size in sizes}
    for index in range(len(tours[sizes[0]])):
        samples: dict[int, list[float]] = {size: [] for size in sizes}
        last: dict[int, tuple[int, int]] = {}
        for size in sizes:
            page = tours[size][index]
            for _ in range(2):
                clients[size][page.who].get(page.path)
        for k in range(requests):
            for size in sizes if k % 2 == 0 else sizes[::-1]:
                page = tours[size][index]
                elapsed, status, body = clients[size][page.who].get(page.path)
                samples[size].append(elapsed)
                last[size] = (status, body)
        for size in sizes:
            name = tours[size][index].name
            result[size][name] = timing(samples[size], *last[size])
        progress(f"  {tours[sizes[0]][index].name}: " + "; ".join(
            f"{size:,}: {last[size][0]}, p50 {seconds(result[size][tours[size][index].name].p50)}"
            f", p95 {seconds(result[size][tours[size][index].name].p95)}" for size in sizes))
    return result


def worker_rss(master: int) -> list[float]:
    """The resident memory (MB) of each child process of `master` (gunicorn's workers)."""
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    sizes = []
    for pid in children:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                sizes.append(int(line.split()[1]) / 1024)
    return sizes


def serve_command(port: int, workers: int) -> list[str]:
    return [*cli_command(), "serve", "--host", HOST, "--port", str(port), "--workers",
            str(workers)]


def bare_rss(url: str, folder: Path, workers: int) -> list[float]:
    """A bare Flask + ORM app's workers' RSS after a few requests to each of its routes."""
    port = free_port()
    command = [sys.executable, str(Path(__file__).with_name("_bare_app.py")), "--url", url,
               "--host", HOST, "--port", str(port), "--workers", str(workers)]
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASSEMBLY_")}
    with serving("bare-app", command, env, folder, "/", port) as process:
        for k in range(20):
            for path in ("/insert", "/echo"):
                request = urllib.request.Request(
                    f"http://{HOST}:{port}{path}", method="POST",
                    data=json.dumps({"purpose": f"bare {k}"}).encode(),
                    headers={"Content-Type": "application/json"})
                urllib.request.urlopen(request, timeout=30).read()
        return worker_rss(process.pid)


def table_rows(sizes: list[int], timings: dict[int, dict[str, Timing]], pages: list[Page],
               rss: list[float], bare: list[float]) -> list[Row]:
    small, large = sizes[0], sizes[-1]
    rows = []
    for page in pages:
        a, b = timings[small][page.name], timings[large][page.name]
        ratio = b.p95 / a.p95 if a.p95 else None
        verdicts = [at_most(b.p95, P95_AIM)]
        if page.same and ratio is not None:
            verdicts.append(at_most(ratio, RATIO_AIM))
        verdict = "PASS" if all(v == "PASS" for v in verdicts) else "ABOVE"
        if b.status >= 400 or a.status >= 400:
            verdict = "ERROR"
        rows.append(Row(
            f"{page.name} ({page.who})", f"{seconds(b.p50)} / {seconds(b.p95)}",
            f"{seconds(a.p50)} / {seconds(a.p95)}", ratio,
            f"p95 <= {P95_AIM * 1000:.0f} ms" + (f", ratio <= {RATIO_AIM:g}" if page.same
                                                 else ""), verdict,
            f"{b.status}, {b.size:,} B"
            + (f"; p50 ratio {b.p50 / a.p50:.2f}" if a.p50 else "")
            + ("" if page.same else "; content grows with the data: ratio info")))
    worst = max(rss) if rss else 0.0
    rows.append(Row(f"web worker RSS after the tour at {large:,}",
                    ", ".join(f"{mb:.0f} MB" for mb in rss),
                    "bare Flask + ORM: " + ", ".join(f"{mb:.0f} MB" for mb in bare),
                    worst / max(bare) if bare else None, f"<= {RSS_AIM_MB:.0f} MB",
                    at_most(worst, RSS_AIM_MB), "VmRSS of each gunicorn worker"))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="1,000 and 20,000 notices")
    parser.add_argument("--url", default=_postgres.default_url(),
                        help="PostgreSQL (default ASSEMBLY_TEST_POSTGRES_URL, else "
                             f"{_postgres.DEFAULT_URL}); only schemas of our own are written")
    parser.add_argument("--sizes", type=int, nargs="+", help="notices per data set")
    parser.add_argument("--window", type=int, help="notices of the year shown (same at "
                        "every size; default 1,000, --quick 500)")
    parser.add_argument("--requests", type=int, default=40,
                        help="per page and size (default 40: the p95 is the 38th of 40, "
                             "not the 19th of 20, which one stray request sets)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=120.0)
    args = parser.parse_args(argv)
    sizes = args.sizes or ([1_000, 20_000] if args.quick else [10_000, 1_000_000])
    window = args.window or (500 if args.quick else 1_000)
    if window > min(sizes):
        parser.error("--window is larger than the smallest size")
    public_before = _postgres.public_counts(args.url)
    with scratch("assembly-scale-") as folder, ExitStack() as stack:
        urls, tours, ports, masters = {}, {}, {}, {}
        for size in sizes:
            url = urls[size] = stack.enter_context(
                _postgres.fresh_schema(args.url, "bench_scale"))
            run = folder / f"n{size}"
            (run / "instance").mkdir(parents=True)
            progress(f"building {size:,} notices ({window:,} in {YEAR})")
            tours[size] = tour(build(url, size, window, run / "instance", args.timeout))
        for size in sizes:  # the servers start once every data set is built and vacuumed
            run, ports[size] = folder / f"n{size}", free_port()
            masters[size] = stack.enter_context(serving(
                f"assembly-serve-{size}", serve_command(ports[size], args.workers),
                server_environment(urls[size], run / "instance"), run, "/healthz",
                ports[size])).pid
        progress(f"touring {len(tours[sizes[0]])} pages at {', '.join(f'{s:,}' for s in sizes)}"
                 " notices, side by side")
        timings = measure(ports, tours, args.requests)
        rss = worker_rss(masters[sizes[-1]])
        stack.close()  # the servers stop and the schemas go before the bare app's turn
        with _postgres.fresh_schema(args.url, "bench_scale_bare") as url:
            bare = bare_rss(url, folder, args.workers)
    pages = tours[sizes[-1]]
    rows = table_rows(sizes, timings, pages, rss, bare)
    rows.append(_postgres.public_row(public_before, _postgres.public_counts(args.url)))
    print(f"# {sizes[-1]:,} notices (p50 / p95) against {sizes[0]:,} (p50 / p95); ratio: "
          f"p95 over p95; `assembly serve --workers {args.workers}`, {args.requests} "
          "requests per page")
    print_table(rows)
    return 1 if any(row.verdict == "ERROR" for row in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
