"""PostgreSQL for the benchmarks: a fresh schema per database, and a guard on `public`.

A benchmark never writes into the tables of the database it is pointed at, which may hold
the app's tables in `public` (a developer's `assembly init`). Each of its databases is a
schema of its own, created for the run and dropped after it, and every connection to it
(the benchmark's, the `assembly` commands', the servers' workers') has that schema alone
as its search_path, set by the URL's `options` (`-csearch_path=NAME`; pg_catalog is
always searched first).

Why alone: with `NAME,public` Alembic looks for its version table through the search path
(`has_table` without a schema asks `pg_table_is_visible`), finds `public.alembic_version`
when the app's tables are there, judges the database up to date and creates nothing; every
statement then resolves to the tables in `public`.

btree_gist (the notices' exclusion constraint) is made beforehand, when the database has
none, in the admin connection's own schema (`public` by default): the constraint finds
the extension's default operator classes whatever its search_path. Made by the migration
inside a benchmark schema, the extension would be dropped with that schema, and with it
(CASCADE) the exclusion constraint of every other schema using it: a test run or another
benchmark on the same database would then silently accept overlapping bookings.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from _util import Row
from sqlalchemy import func, inspect, select, table, text
from sqlalchemy.engine import make_url

DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/test"


def default_url() -> str:
    """ASSEMBLY_TEST_POSTGRES_URL, else the local server's `test` database."""
    return os.environ.get("ASSEMBLY_TEST_POSTGRES_URL") or DEFAULT_URL


def schema_url(url: str, name: str) -> str:
    """`url` whose connections have the schema `name` alone as their search_path."""
    parsed = make_url(url)
    given = parsed.query.get("options")
    given = " ".join(given) if isinstance(given, tuple) else given
    options = " ".join(filter(None, [given, f"-csearch_path={name}"]))
    return parsed.update_query_dict({"options": options}).render_as_string(hide_password=False)


@contextmanager
def fresh_schema(url: str, prefix: str = "bench") -> Iterator[str]:
    """A new empty schema, dropped afterwards: yields the URL that sees it alone."""
    from assembly import db

    admin = db.make_engine(url)
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    try:
        with admin.begin() as connection:
            connection.execute(text("CREATE EXTENSION IF NOT EXISTS btree_gist"))
            connection.execute(text(f"CREATE SCHEMA {name}"))
        yield schema_url(url, name)
    finally:
        with admin.begin() as connection:
            connection.execute(text(f"DROP SCHEMA IF EXISTS {name} CASCADE"))
        admin.dispose()


def check_booking_constraint(url: str) -> None:
    """Raise unless the notices' exclusion constraint (btree_gist) is in the URL's schema."""
    from assembly import db
    from assembly.models.notice import EXCLUSION_NAME

    engine = db.make_engine(url)
    try:
        with engine.connect() as connection:
            found = connection.scalar(text(
                "SELECT count(*) FROM pg_constraint WHERE conname = :name "
                "AND connamespace = current_schema()::regnamespace"), {"name": EXCLUSION_NAME})
    finally:
        engine.dispose()
    if found != 1:
        raise RuntimeError(f"{EXCLUSION_NAME} is missing from the benchmark's schema")


def public_counts(url: str) -> dict[str, int]:
    """Rows in each of the app's tables found in the schema `public` (none: empty)."""
    from assembly import db
    from assembly.models import Base

    engine = db.make_engine(url)
    try:
        with engine.connect() as connection:
            present = set(inspect(connection).get_table_names(schema="public"))
            return {name: connection.scalar(
                        select(func.count()).select_from(table(name, schema="public"))) or 0
                    for name in sorted(present & {*Base.metadata.tables, "alembic_version"})}
    finally:
        engine.dispose()


def public_row(before: dict[str, int], after: dict[str, int]) -> Row:
    """The table's row on `public`: its app tables' row counts before and after the run."""
    changed = [f"{name} {before.get(name, '-')} -> {after.get(name, '-')}"
               for name in sorted({*before, *after}) if before.get(name) != after.get(name)]
    kept = ", ".join(f"{name} {n:,}" for name, n in after.items() if n) or "none"

    def cell(counts: dict[str, int]) -> str:
        return f"{len(counts)} app tables, {sum(counts.values()):,} rows"

    return Row("public schema untouched", f"after: {cell(after)}", f"before: {cell(before)}",
               None, "same row counts", "ERROR" if changed else "PASS",
               "CHANGED during the run (by this run, or another process writing there): "
               + "; ".join(changed) if changed else
               f"row counts of the app's tables in public equal before and after; non-empty: "
               f"{kept}")
