"""A read replica for the report pages (issue 16.3): with ASSEMBLY_DATABASE_REPLICA_URL set,
the managers' dashboard and exports, the occupancy and the yearly report read the replica;
every write goes to the primary; unset, the reports read the primary.

The "replica" here is a second database of the same kind (a SQLite file, or a PostgreSQL
schema), migrated, holding a notice the primary does not have: what a page shows tells
which database it read.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import pytest
from sqlalchemy import func, insert, select
from sqlalchemy.exc import DBAPIError

from assembly import clock, db, schema
from assembly.models import Notice, User
from assembly.services.filing import file_notice
from assembly.web import database
from tests.conftest import TEST_URL, _postgres_engine, at, dummy_draft
from tests.web.conftest import PASSWORD, make_app

FILED = "2021-05-13T10:00:00+06:00"
ONLY_IN_REPLICA = "A meeting recorded in the replica alone"


@pytest.fixture
def replica(tmp_path) -> Iterator[db.Engine]:
    """A second migrated database holding one notice (a gandhi-park meeting) of its own."""
    if TEST_URL.startswith("postgres"):
        schemas = _postgres_engine(TEST_URL)
        engine = next(schemas)
    else:
        schemas, engine = None, db.make_engine(f"sqlite:///{tmp_path / 'replica.db'}")
    schema.upgrade(engine)
    with db.unit_of_work(db.make_session_factory(engine)) as session:
        file_notice(session, dummy_draft(purpose=ONLY_IN_REPLICA), owner=None, now=at(FILED))
    yield engine
    engine.dispose()
    if schemas is not None:
        next(schemas, None)


@pytest.fixture
def pinned() -> Iterator[None]:
    clock.set_now(at(FILED))
    yield
    clock.set_now(None)


def count(engine: db.Engine) -> int:
    with engine.connect() as connection:
        return connection.scalar(select(func.count()).select_from(Notice.__table__))


def bearer(client, user: User) -> dict[str, str]:
    answer = client.post("/api/v1/tokens", json={"email": user.email, "password": PASSWORD})
    assert answer.status_code == 201, answer.get_data(as_text=True)
    return {"Authorization": f"Bearer {answer.get_json()['token']}"}


def received(client, headers: dict[str, str]) -> int:
    answer = client.get("/api/v1/reports/yearly?year=2021", headers=headers)
    assert answer.status_code == 200, answer.get_data(as_text=True)
    return answer.get_json()["received"]


def test_the_report_pages_read_the_replica_while_writes_go_to_the_primary(
    engine, session, replica, create_user, pinned
):
    manager, citizen = create_user("manager"), create_user("citizen")
    session.commit()
    client = make_app(engine, DATABASE_REPLICA_ENGINE=replica).test_client()
    manager_headers, citizen_headers = bearer(client, manager), bearer(client, citizen)

    assert received(client, manager_headers) == 1  # the replica's notice; the primary has none
    occupancy = client.get("/api/v1/occupancy?from=2021-05-20&to=2021-05-20")
    filed = client.post("/api/v1/notices", headers=citizen_headers,
                        json=dummy_draft(starts_at="2021-05-20T15:00:00+06:00",
                                         ends_at="2021-05-20T16:00:00+06:00"))

    assert filed.status_code == 201, filed.get_data(as_text=True)
    assert (count(engine), count(replica)) == (1, 1)  # the filing went to the primary
    assert received(client, manager_headers) == 1  # the reports still read the replica
    # The occupancy shows the replica's 11:00-13:00 rally, not the 15:00 one just filed.
    assert [datetime.fromisoformat(e["starts_at"]) for e in occupancy.get_json()["items"]] == [
        at("2021-05-20T11:00:00+06:00")]


def test_the_dashboard_export_reads_the_replica(engine, session, replica, login, pinned):
    client = make_app(engine, DATABASE_REPLICA_ENGINE=replica).test_client()
    login(client, "manager")

    rows = client.get("/manager/report.csv?year=2021").get_data(as_text=True).splitlines()

    assert [r for r in rows if r.startswith("received,")][0].endswith(",1")
    assert count(engine) == 0


def test_without_a_replica_the_report_pages_read_the_primary(
    engine, session, create_user, pinned
):
    manager = create_user("manager")
    file_notice(session, dummy_draft(), owner=None, now=at(FILED))
    session.commit()
    client = make_app(engine).test_client()

    assert received(client, bearer(client, manager)) == 1


def test_a_report_session_on_the_replica_cannot_write(engine, session, replica):
    app = make_app(engine, DATABASE_REPLICA_ENGINE=replica)

    # SQLite: "attempt to write a readonly database"; PostgreSQL: "cannot execute INSERT in
    # a read-only transaction" (not a missing column's error: the transaction refuses first).
    with app.test_request_context("/manager/"), pytest.raises(DBAPIError, match="read-?only"):
        database.report_session().execute(insert(User.__table__).values(email="x@example.kz"))
    assert count(replica) == 1
