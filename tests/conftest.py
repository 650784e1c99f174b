"""Shared fixtures: the test database (SQLite, or PostgreSQL in a fresh schema), the law,
accounts and drafts.

ASSEMBLY_TEST_DATABASE_URL picks the database of the database-backed tests (default: a
temporary SQLite file). When it names a database that does not answer, the run fails.
Tests marked `postgres` need PostgreSQL and are skipped on SQLite.
"""

from __future__ import annotations

import os
import tempfile
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session, sessionmaker

from assembly import db, schema
from assembly.actors import Actor
from assembly.models import Base, User

TEST_URL = os.environ.get("ASSEMBLY_TEST_DATABASE_URL", "")
# Every process of a test run seals the audit trail with the same keys (assembly.audit_keys),
# never with a real instance's.
os.environ["ASSEMBLY_AUDIT_KEYS_FILE"] = os.path.join(
    tempfile.mkdtemp(prefix="assembly-audit-"), "audit_keys")
# And pseudonymise with the same key (assembly.pseudonyms), never a real instance's.
os.environ["ASSEMBLY_PSEUDONYM_KEY_FILE"] = os.path.join(
    os.path.dirname(os.environ["ASSEMBLY_AUDIT_KEYS_FILE"]), "pseudonym_key")
# The suite files unsigned notices as a training instance does (ASSEMBLY_REQUIRE_EDS=0):
# the tests of signatures (tests/signatures) give their own policy.
os.environ.setdefault("ASSEMBLY_REQUIRE_EDS", "0")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if TEST_URL.startswith("postgres"):
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL: set ASSEMBLY_TEST_DATABASE_URL")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


def _postgres_engine(url: str) -> Iterator[Engine]:
    admin = db.make_engine(url)
    try:
        with admin.connect() as connection:
            connection.execute(text("select 1"))
    except Exception as exc:  # noqa: BLE001 - any failure to connect ends the run
        pytest.exit(f"PostgreSQL at {url} does not answer: {exc}", returncode=3)
    name = f"test_{uuid.uuid4().hex[:10]}"
    with admin.begin() as connection:
        # Made in the database's own schema, not by the migration inside ours: dropped
        # with ours, it would take along the exclusion constraint of every other schema.
        connection.execute(text("CREATE EXTENSION IF NOT EXISTS btree_gist"))
        connection.execute(text(f"CREATE SCHEMA {name}"))
    # Our schema alone: with public after it, Alembic finds public.alembic_version when
    # the app's tables are there, creates nothing, and the tests run on public's tables.
    engine = db.make_engine(url, connect_args={"options": f"-csearch_path={name}"})
    try:
        yield engine
    finally:
        engine.dispose()
        with admin.begin() as connection:
            connection.execute(text(f"DROP SCHEMA {name} CASCADE"))
        admin.dispose()


@pytest.fixture(scope="session")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """The test database, migrated to the latest schema with Alembic."""
    if TEST_URL.startswith("postgres"):
        generator = _postgres_engine(TEST_URL)
        engine = next(generator)
    else:
        path = tmp_path_factory.mktemp("db") / "assembly.db"
        engine = db.make_engine(TEST_URL or f"sqlite:///{path}")
        generator = None
    schema.upgrade(engine)
    yield engine
    engine.dispose()
    if generator is not None:
        next(generator, None)


@pytest.fixture(scope="session")
def session_factory(engine: Engine) -> sessionmaker[Session]:
    return db.make_session_factory(engine)


def _empty_tables(engine: Engine) -> None:
    # DELETE in dependency order: on a few rows it is much faster than TRUNCATE.
    with engine.begin() as connection:
        for table in reversed(Base.metadata.sorted_tables):
            connection.execute(table.delete())


@pytest.fixture
def session(session_factory: sessionmaker[Session], engine: Engine) -> Iterator[Session]:
    """A session on an empty database; the test commits or flushes as the code under test."""
    s = session_factory()
    try:
        yield s
    finally:
        s.rollback()
        s.close()
        _empty_tables(engine)


@pytest.fixture(scope="module")
def demo(session_factory: sessionmaker[Session], engine: Engine, law):  # type: ignore[no-untyped-def]
    """The 2021 demo loaded once for the test module, the tables emptied afterwards."""
    from assembly.demo import run_demo

    _empty_tables(engine)
    yield run_demo(session_factory, 2021, progress=False, law=law)
    _empty_tables(engine)


@pytest.fixture
def demo_session(demo, session_factory: sessionmaker[Session]) -> Iterator[Session]:  # type: ignore[no-untyped-def]
    """A session on the loaded demo (a module shadows `session` with it)."""
    s = session_factory()
    yield s
    s.rollback()
    s.close()


@pytest.fixture(scope="session")
def law():  # type: ignore[no-untyped-def]
    """The shipped law: rulebook, calendar and workflow."""
    from assembly.services.law import default_law

    return default_law()


def at(text_: str) -> datetime:
    """An aware instant from ISO text with offset, e.g. '2021-05-10T10:00:00+06:00'."""
    return datetime.fromisoformat(text_).astimezone(UTC)


@pytest.fixture
def create_user(session: Session) -> Callable[..., User]:
    """Factory: an account of a role, flushed."""
    from assembly.services.users import add_user

    counter = iter(range(1, 10_000))

    def make(role: str = "citizen", **kwargs: Any) -> User:
        email = kwargs.pop("email", f"{role}{next(counter)}@example.kz")
        return add_user(session, email, role=role, password="correct horse battery",
                        now=at("2021-01-01T09:00:00+06:00"), **kwargs)

    return make


@pytest.fixture
def officer(create_user: Callable[..., User]) -> Actor:
    return Actor.of(create_user("officer"))


@pytest.fixture
def citizen(create_user: Callable[..., User]) -> User:
    return create_user("citizen")




def dummy_draft(**overrides: Any) -> dict[str, Any]:
    """A valid rally notice at Sary-Arka square on Thu 2021-05-20, 11:00-13:00 (UTC+6)."""
    from datetime import date

    from assembly.notices.identity import make_iin

    draft: dict[str, Any] = {
        "form": "rally",
        "purpose": "Public discussion of the city's parks",
        "starts_at": "2021-05-20T11:00:00+06:00",
        "ends_at": "2021-05-20T13:00:00+06:00",
        "place": {"site": "sary-arka-square"},
        "expected_participants": 300,
        "sound_amplification": False,
        "vehicles": False,
        "structures": False,
        "organizer": {
            "kind": "person",
            "full_name": "Айгерим Сапарова",
            "iin": make_iin(date(1990, 3, 15), "female", 1),
            "address": "Алматы, ул. Абая 10, кв. 5",
            "email": "aigerim@example.kz",
            "phone": "+77011234567",
        },
    }
    draft.update(overrides)
    return draft


@pytest.fixture
def draft() -> Callable[..., dict[str, Any]]:
    """Factory: a valid draft dict with fields overridden."""
    return dummy_draft


@pytest.fixture(scope="session")
def eds():  # type: ignore[no-untyped-def]
    """The suite's test certification authority, its keys and policies (tests/eds.py)."""
    from tests.eds import suite

    return suite()
