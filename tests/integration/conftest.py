"""Fixtures and helpers of the service integration tests (SQLite and PostgreSQL alike).

Most tests follow one rally at Sary-Arka square on Thu 2021-05-20, 11:00-13:00 (UTC+6):
filed on Thu 2021-05-13, the last timely day (LAW.md §2), its review period of three
working days ends at 23:59:59 local on Tue 2021-05-18.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from assembly.actors import Actor
from assembly.models import Notice, NoticeEvent, User
from assembly.services.audit import history
from tests.conftest import at

FILED = "2021-05-13T10:00:00+06:00"  # registration 2021-05-13: the latest timely date
DECISION_DUE = "2021-05-18T23:59:59+06:00"  # 3 working days after registration
DURING_REVIEW = "2021-05-14T10:00:00+06:00"
LATE_FILED = "2021-05-14T10:00:00+06:00"  # one working day too late for 2021-05-20
STARTS = "2021-05-20T11:00:00+06:00"
ENDS = "2021-05-20T13:00:00+06:00"

_OWNER = object()


def count(session: Session, model: Any, *where: Any) -> int:
    """How many rows of a model (matching the conditions) the database holds."""
    return session.scalar(select(func.count()).select_from(model).where(*where)) or 0


def events(session: Session, notice: Notice) -> list[tuple[str, str | None, str]]:
    """The notice's audit trail as (trigger, from, to) triples."""
    return [(e.trigger, e.from_state, e.to_state) for e in history(session, notice)]


def last_event(session: Session, notice: Notice) -> NoticeEvent:
    """The notice's latest audit event."""
    return history(session, notice)[-1]


def rally_slot(start: str, end: str, site: str = "sary-arka-square") -> dict[str, Any]:
    """Draft overrides for a rally on 2021-05-20 from `start` to `end` (local HH:MM)."""
    return {
        "starts_at": f"2021-05-20T{start}:00+06:00",
        "ends_at": f"2021-05-20T{end}:00+06:00",
        "place": {"site": site},
    }


def waits_on_a_lock(engine: Any, pid: int | None) -> bool:
    """PostgreSQL: True when the backend `pid` waits for another transaction's lock."""
    if pid is None:
        return False
    with engine.connect() as connection:
        return connection.scalar(
            text("select wait_event_type from pg_stat_activity where pid = :pid"), {"pid": pid}
        ) == "Lock"


def run_at_once(n: int, work: Callable[[int], Any]) -> list[Any]:
    """Run work(i) in n threads released together by a barrier; their results or exceptions."""
    barrier = threading.Barrier(n)
    results: list[Any] = [None] * n

    def run(i: int) -> None:
        try:
            barrier.wait(timeout=30)
            results[i] = work(i)
        except BaseException as exc:  # reported by the test
            results[i] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)
    return results


@pytest.fixture(autouse=True)
def cheap_password_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Accounts here only act; scrypt (~0.15 s an account) would dominate the suite's time."""
    from werkzeug.security import generate_password_hash

    import assembly.services.users as users

    monkeypatch.setattr(
        users, "generate_password_hash",
        lambda password, method="": generate_password_hash(password, "pbkdf2:sha256:1"),
    )


@pytest.fixture
def create_notice(
    session: Session, citizen: User, draft: Callable[..., dict[str, Any]]
) -> Callable[..., Notice]:
    """Factory: a notice filed through the service (flushed), default the dummy rally."""
    from assembly.services.filing import file_notice

    def make(*, filed_at: str = FILED, owner: Any = _OWNER, **overrides: Any) -> Notice:
        return file_notice(
            session,
            draft(**overrides),
            owner=citizen if owner is _OWNER else owner,
            now=at(filed_at),
        ).notice

    return make


@pytest.fixture
def organizer(citizen: User) -> Actor:
    """The citizen who files the notices, as the author of their answers."""
    return Actor.of(citizen)


@pytest.fixture
def restriction(law: Any) -> str:
    """A restriction the 2021 rules allow on a notification (no sound amplifiers, ...)."""
    allowed = law.at(at(FILED).date()).outcomes["approve_restricted"].restrictions
    return allowed["notification"][0]
