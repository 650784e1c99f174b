"""A request's transaction follows its method: GET, HEAD and OPTIONS only read (no write
lock on SQLite, READ ONLY on PostgreSQL: a write fails), other methods write (BEGIN
IMMEDIATE on SQLite), and after its one commit a writing request only reads.

The tests of SQLite's write lock run on an SQLite file of their own, whichever database
the suite runs on; the others run on the test database.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from flask import Flask, request_finished
from sqlalchemy import Engine, func, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from assembly import db, schema
from assembly.models import ReferenceCounter
from assembly.services.users import add_user
from assembly.web import database
from tests.conftest import at, dummy_draft
from tests.web.conftest import PASSWORD, Client, make_app

READING = ["GET", "HEAD", "OPTIONS"]
WRITING = ["POST", "PUT", "PATCH", "DELETE"]


def _counters(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(connection.scalar(select(func.count()).select_from(ReferenceCounter)) or 0)


@pytest.mark.parametrize("method", READING)
def test_a_write_in_a_reading_request_fails_and_stores_nothing(
    app: Flask, engine: Engine, session: Session, method: str
) -> None:
    with app.test_request_context(method=method):
        database.session().add(ReferenceCounter(prefix="TST", year=2021, last=1))
        with pytest.raises(DBAPIError):
            database.session().flush()
    assert _counters(engine) == 0


@pytest.mark.parametrize("method", WRITING)
def test_a_writing_request_stores_what_it_commits(
    app: Flask, engine: Engine, session: Session, method: str
) -> None:
    with app.test_request_context(method=method):
        database.session().add(ReferenceCounter(prefix="TST", year=2022, last=1))
        database.commit()
    assert _counters(engine) == 1


def test_nothing_a_request_leaves_uncommitted_is_stored(
    app: Flask, engine: Engine, session: Session
) -> None:
    with app.test_request_context(method="POST"):
        database.session().add(ReferenceCounter(prefix="TST", year=2023, last=1))
        database.session().flush()
    assert _counters(engine) == 0


def test_after_its_commit_a_request_reads_what_it_stored_and_writes_no_more(
    app: Flask, engine: Engine, session: Session
) -> None:
    with app.test_request_context(method="POST"):
        stored = ReferenceCounter(prefix="TST", year=2024, last=1)
        database.session().add(stored)
        database.commit()
        assert database.session().scalar(select(ReferenceCounter.last)) == 1
        stored.last = 2  # a second write: the request's one commit is behind it
        with pytest.raises(DBAPIError):
            database.session().flush()
    with engine.connect() as connection:
        assert connection.scalar(select(ReferenceCounter.last)) == 1


@pytest.mark.postgres
@pytest.mark.parametrize("method", READING + WRITING)
def test_on_postgresql_only_a_reading_request_s_transaction_is_read_only(
    app: Flask, session: Session, method: str
) -> None:
    with app.test_request_context(method=method):
        read_only = database.session().scalar(text("SHOW transaction_read_only"))
    assert read_only == ("on" if method in READING else "off")


# SQLite's write lock, on a file of its own.


@pytest.fixture(scope="module")
def lock_engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    engine = db.make_engine(f"sqlite:///{tmp_path_factory.mktemp('lock') / 'lock.db'}")
    schema.upgrade(engine)
    yield engine
    engine.dispose()


@pytest.fixture(scope="module")
def lock_app(lock_engine: Engine) -> Flask:
    return make_app(lock_engine)


def _lock_free(engine: Engine) -> bool:
    """Whether another connection may take SQLite's write lock now (without waiting)."""
    connection = sqlite3.connect(str(engine.url.database), timeout=0, isolation_level=None)
    try:
        connection.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as exc:
        assert "locked" in str(exc)
        return False
    finally:
        connection.close()  # rolls back
    return True


@contextmanager
def _write_lock(engine: Engine) -> Iterator[None]:
    """Another connection holds SQLite's write lock (BEGIN IMMEDIATE) meanwhile."""
    with engine.connect() as holder:
        holder.begin()
        assert not _lock_free(engine)
        yield
        holder.rollback()


@pytest.mark.parametrize("method", WRITING)
def test_a_writing_request_takes_sqlite_s_write_lock_at_its_first_read(
    lock_app: Flask, lock_engine: Engine, method: str
) -> None:
    with lock_app.test_request_context(method=method):
        assert _lock_free(lock_engine)
        database.session().execute(select(func.count()).select_from(ReferenceCounter))
        assert not _lock_free(lock_engine)
    assert _lock_free(lock_engine)


@pytest.mark.parametrize("method", READING)
def test_a_reading_request_leaves_sqlite_s_write_lock_free(
    lock_app: Flask, lock_engine: Engine, method: str
) -> None:
    with lock_app.test_request_context(method=method):
        database.session().execute(select(func.count()).select_from(ReferenceCounter))
        assert _lock_free(lock_engine)


def test_after_its_commit_a_request_reads_without_sqlite_s_write_lock(
    lock_app: Flask, lock_engine: Engine
) -> None:
    with lock_app.test_request_context(method="POST"):
        database.session().add(ReferenceCounter(prefix="LCK", year=2021, last=7))
        database.commit()
        last = select(ReferenceCounter.last).where(ReferenceCounter.prefix == "LCK")
        assert database.session().scalar(last) == 7
        assert _lock_free(lock_engine)


def test_a_request_s_transaction_ends_before_its_response_is_sent(
    lock_app: Flask, lock_engine: Engine
) -> None:
    free_when_sent: list[bool] = []

    def sent(_app: Flask, **_extra: Any) -> None:  # after the after-request hooks
        free_when_sent.append(_lock_free(lock_engine))

    with request_finished.connected_to(sent, lock_app):  # a POST that only reads
        response = lock_app.test_client().post("/api/v1/precheck", json=dummy_draft())
    assert response.status_code == 200, response.get_data(as_text=True)
    assert free_when_sent == [True]


@pytest.fixture(scope="module")
def signed_in(lock_app: Flask, lock_engine: Engine) -> tuple[Client, dict[str, str]]:
    """A citizen signed in on the portal, and the same citizen's API bearer token."""
    with db.unit_of_work(db.make_session_factory(lock_engine)) as s:
        user = add_user(s, "lock@example.kz", role="citizen", password=PASSWORD,
                        now=at("2021-01-01T09:00:00+06:00"))
        email = user.email
    client: Client = lock_app.test_client()  # type: ignore[assignment]
    signed = client.submit("/sign-in", {"email": email, "password": PASSWORD})
    assert signed.status_code == 302, signed.get_data(as_text=True)
    issued = client.post("/api/v1/tokens", json={"email": email, "password": PASSWORD})
    assert issued.status_code == 201, issued.get_data(as_text=True)
    return client, {"Authorization": f"Bearer {issued.get_json()['token']}"}


@pytest.mark.parametrize("path", [
    "/healthz", "/occupancy", "/my/notices", "/my/drafts", "/api/v1/notices",
    "/api/v1/occupancy",
])
def test_a_get_request_is_answered_while_another_connection_holds_the_write_lock(
    signed_in: tuple[Client, dict[str, str]], lock_engine: Engine,
    monkeypatch: pytest.MonkeyPatch, path: str,
) -> None:
    client, token = signed_in
    monkeypatch.setattr(db, "BUSY_TIMEOUT_MS", 200)  # waiting for the lock fails fast
    with _write_lock(lock_engine):
        response = client.get(path, headers=token)
    assert response.status_code == 200, response.get_data(as_text=True)


def test_a_signed_in_visit_due_to_be_recorded_waits_for_no_write_lock(
    signed_in: tuple[Client, dict[str, str]], lock_engine: Engine,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from datetime import timedelta

    from assembly import clock
    from assembly.models import WebSession

    client, _ = signed_in
    later = clock.system_now() + timedelta(minutes=5)  # the last recorded visit is stale
    monkeypatch.setattr(clock, "system_now", lambda: later)
    monkeypatch.setattr(db, "BUSY_TIMEOUT_MS", 10**9)  # were it to wait, it would never end
    seen = select(func.max(WebSession.last_seen_at))
    with _write_lock(lock_engine):
        thread, answers = _in_thread(lambda: client.get("/my/notices"))
        thread.join(timeout=60)
        assert not thread.is_alive(), "the visit waited for the write lock"
    assert answers[0].status_code == 200, answers[0].get_data(as_text=True)
    with lock_engine.connect() as connection:
        assert connection.scalar(seen) < later
    assert client.get("/my/notices").status_code == 200  # the lock is free: recorded now
    with lock_engine.connect() as connection:
        assert connection.scalar(seen) == later


@pytest.mark.parametrize(("method", "path"), [
    ("POST", "/api/v1/notices"), ("DELETE", "/api/v1/tokens/current"),
])
def test_a_writing_api_request_reads_its_caller_s_token_without_the_write_lock(
    signed_in: tuple[Client, dict[str, str]], lock_engine: Engine,
    monkeypatch: pytest.MonkeyPatch, method: str, path: str,
) -> None:
    client, _ = signed_in
    monkeypatch.setattr(db, "BUSY_TIMEOUT_MS", 200)  # waiting for the lock fails fast
    with _write_lock(lock_engine):
        refused = client.open(path, method=method, json={},
                              headers={"Authorization": "Bearer no-such-token"})
    assert refused.status_code == 401, refused.get_data(as_text=True)


def _in_thread(send: Any) -> tuple[threading.Thread, list[Any]]:
    answers: list[Any] = []
    thread = threading.Thread(target=lambda: answers.append(send()), daemon=True)
    thread.start()
    return thread, answers


def _precheck(client: Client, app: Flask) -> Any:
    return lambda: client.post("/api/v1/precheck", json=dummy_draft())


def _revoke_a_token(client: Client, app: Flask) -> Any:
    issued = app.test_client().post(  # a token of its own: the shared one stays valid
        "/api/v1/tokens", json={"email": "lock@example.kz", "password": PASSWORD})
    own = {"Authorization": f"Bearer {issued.get_json()['token']}"}
    return lambda: client.delete("/api/v1/tokens/current", headers=own)


def _switch_language(client: Client, app: Flask) -> Any:
    csrf = client.csrf_token()  # signed in: the POST reads the account in its transaction
    return lambda: client.post("/language", data={"lang": "kk", "next": "/", "csrf_token": csrf})


@pytest.mark.parametrize("prepare", [_precheck, _revoke_a_token, _switch_language],
                         ids=["api precheck", "api token revocation", "portal language switch"])
def test_a_post_request_waits_for_the_write_lock_even_when_it_only_reads(
    signed_in: tuple[Client, dict[str, str]], lock_app: Flask, lock_engine: Engine,
    prepare: Any,
) -> None:
    client, _ = signed_in
    send = prepare(client, lock_app)  # whatever it reads first, before the lock is taken
    with _write_lock(lock_engine):
        thread, answers = _in_thread(send)
        time.sleep(0.5)
        assert thread.is_alive() and not answers  # waiting for the lock
    thread.join(timeout=30)
    assert answers and answers[0].status_code in (200, 204, 302), answers
