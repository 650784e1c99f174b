"""Files and logs (issue 11, point 8): the SQLite database, its WAL and SHM, the secret key
and the audit keys are readable by their owner only; database errors are logged without
their parameters; a whole lifecycle logged at DEBUG shows no token, password, IIN, e-mail
or phone."""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from assembly import audit_keys, config, db
from assembly.mail import FlaskMailTransport, send_outbox
from assembly.models import User
from assembly.notices.identity import make_iin
from assembly.services.deadlines import sweep
from tests.conftest import at, dummy_draft
from tests.mailserver import MailServer
from tests.web.conftest import PASSWORD, make_app
from tests.web.conftest import cheap_password_hashes as cheap_password_hashes  # autouse
from tests.web.conftest import now as now  # the clock pinned, unpinned after

# The instants of tests/api: filed on the last timely day, decided during the review.
FILED = "2021-05-13T10:00:00+06:00"
DURING_REVIEW = "2021-05-14T10:00:00+06:00"
AFTER_THE_EVENT = "2021-05-21T10:00:00+06:00"


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def open_umask() -> Iterator[None]:
    """A careless operator's umask: files would be world-readable unless made private."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


@pytest.mark.usefixtures("open_umask")
def test_a_new_sqlite_database_and_its_wal_and_shm_are_readable_by_their_owner_only(
    tmp_path: Path
) -> None:
    database = tmp_path / "instance" / "assembly.db"
    engine = db.make_engine(f"sqlite:///{database}")
    try:
        with engine.begin() as connection:
            connection.execute(text("CREATE TABLE t (x TEXT)"))
            connection.execute(text("INSERT INTO t VALUES ('a')"))
        files = [database, database.with_name("assembly.db-wal"),
                 database.with_name("assembly.db-shm")]
        assert all(f.exists() for f in files), sorted(p.name for p in database.parent.iterdir())
        assert {f.name: mode(f) for f in files} == {f.name: 0o600 for f in files}
    finally:
        engine.dispose()


@pytest.mark.usefixtures("open_umask")
def test_the_secret_key_and_the_audit_keys_are_made_readable_by_their_owner_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ASSEMBLY_INSTANCE_PATH", str(tmp_path / "instance"))
    monkeypatch.delenv("ASSEMBLY_SECRET_KEY", raising=False)
    monkeypatch.delenv("ASSEMBLY_AUDIT_KEYS_FILE", raising=False)
    key = config.secret_key()
    assert audit_keys.keyring().current
    secret, keys = tmp_path / "instance" / "secret_key", tmp_path / "instance" / "audit_keys"
    assert (mode(secret), mode(keys)) == (0o600, 0o600)
    assert config.secret_key() == key  # made once, then read
    assert sorted(p.name for p in secret.parent.iterdir()) == ["audit_keys", "secret_key"]


def test_a_database_error_is_raised_and_logged_without_its_parameters(
    engine: Engine, caplog: pytest.LogCaptureFixture
) -> None:
    iin = make_iin(date(1990, 3, 15), "female", 1)
    caplog.set_level(logging.DEBUG)
    with pytest.raises(DBAPIError) as raised, engine.connect() as connection:
        connection.execute(text("SELECT no_such_column FROM users WHERE email = :e AND 1 = :i"),
                           {"e": "aigerim@example.kz", "i": iin})
    assert "aigerim@example.kz" not in str(raised.value) and iin not in str(raised.value)
    assert "hidden" in str(raised.value)


# --- a whole lifecycle, logged at DEBUG ---------------------------------------------------

# The test's SMTP server (aiosmtpd) logs what it receives: that is the mail, not a log of ours.
THE_TESTS_OWN = ("mail.log", "asyncio")


def secrets_in(records: list[logging.LogRecord], secrets: dict[str, str]) -> list[str]:
    """Which secrets any record's message, arguments or exception shows."""
    found = []
    for record in records:
        if record.name.startswith(THE_TESTS_OWN):
            continue
        shown = record.getMessage()
        if record.exc_info:
            shown += logging.Formatter().formatException(record.exc_info)
        for name, value in secrets.items():
            if value.lower() in shown.lower():
                found.append(f"{name} in {record.name}: {shown[:300]}")
    return found


def test_a_whole_lifecycle_logs_no_token_password_iin_email_or_phone(
    engine: Engine, session: Session, create_user: Callable[..., User], now: Any,
    caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)  # every logger, SQLAlchemy's statements included
    for name in ("sqlalchemy.engine", "sqlalchemy.pool", "transitions", "apscheduler"):
        logging.getLogger(name).setLevel(logging.DEBUG)
    smtp = MailServer()
    smtp.start()
    try:
        app = make_app(engine, MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp.port, MAIL_TIMEOUT=5)
        organizer = dummy_draft()["organizer"]
        citizen_password = "a long enough secret"
        secrets = {
            "account e-mail": "aigerim.owner@example.kz", "password": citizen_password,
            "officer password": PASSWORD, "IIN": organizer["iin"],
            "organizer e-mail": organizer["email"], "phone": organizer["phone"],
            "phone digits": organizer["phone"].lstrip("+"),
        }
        client = app.test_client()
        now(FILED)
        registered = client.submit("/register", {
            "email": secrets["account e-mail"], "full_name": "Айгерим Сапарова",
            "language": "ru", "password": citizen_password, "password_confirm": citizen_password})
        assert registered.status_code == 302
        signed_in = client.submit("/sign-in", {"email": secrets["account e-mail"],
                                               "password": citizen_password})
        assert signed_in.status_code == 302
        assert client.get("/my/notices").status_code == 200
        wrong = client.post("/api/v1/tokens", json={"email": secrets["account e-mail"],
                                                    "password": "a wrong guess here"})
        assert wrong.status_code == 401
        token = client.post("/api/v1/tokens", json={"email": secrets["account e-mail"],
                                                    "password": citizen_password}).get_json()
        secrets["citizen token"] = token["token"]
        bearer = {"Authorization": f"Bearer {token['token']}"}
        filed = client.post("/api/v1/notices", json=dummy_draft(), headers=bearer)
        assert filed.status_code == 201, filed.get_data(as_text=True)
        reference = filed.get_json()["reference"]
        bad = client.post("/api/v1/notices", json=dummy_draft(expected_participants=0),
                          headers=bearer)
        assert bad.status_code == 422

        officer = create_user("officer")
        session.commit()
        now(DURING_REVIEW)
        issued = client.post("/api/v1/tokens", json={"email": officer.email,
                                                     "password": PASSWORD}).get_json()
        secrets["officer token"] = issued["token"]
        officer_bearer = {"Authorization": f"Bearer {issued['token']}"}
        assert client.post(f"/api/v1/notices/{reference}/review",
                           headers=officer_bearer).status_code == 200
        decided = client.post(f"/api/v1/notices/{reference}/decision",
                              json={"outcome": "approve"}, headers=officer_bearer)
        assert decided.status_code == 200, decided.get_data(as_text=True)
        assert client.delete("/api/v1/tokens/current", headers=officer_bearer).status_code == 204

        factory = db.make_session_factory(engine)
        with db.unit_of_work(factory) as swept:
            sweep(swept, at(AFTER_THE_EVENT))
        with app.app_context():
            report = send_outbox(factory, FlaskMailTransport(app), app.config,
                                 now=lambda: at(AFTER_THE_EVENT))
        assert report.sent >= 2 and smtp.received  # the registration and the decision
        assert client.post("/sign-out", data={"csrf_token": client.csrf_token()}).status_code \
            == 302
    finally:
        smtp.stop()
        for name in ("sqlalchemy.engine", "sqlalchemy.pool", "transitions", "apscheduler"):
            logging.getLogger(name).setLevel(logging.NOTSET)

    assert len(caplog.records) > 50  # the run was logged: SQL statements, moves, mail
    assert secrets_in(caplog.records, secrets) == []
