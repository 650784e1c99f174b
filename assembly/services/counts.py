"""The notice counts the yearly report reads (models.NoticeCount), kept exact by the writers.

The two writers of a notice (DESIGN.md "One write path") tell this module what they touch:
filing (`track` of the new notice) and `transitions.fire` (`track` before the transition
changes anything). At commit (and when a report reads in the same transaction) each
tracked notice's key as first seen and as it stands now give the deltas, written with
one upsert per key (`n = n + delta`, atomic on PostgreSQL and SQLite) in key order, so two
transactions never wait for each other's keys in opposite orders (no deadlock), and the
keys are locked only for the end of the transaction. A savepoint rolled back undoes its
changes: a new notice it added is no longer in the session and counts for nothing. A
rolled-back transaction forgets what it tracked.

A bulk load that bypasses the writers (the benchmarks' INSERT … SELECT) calls `rebuild`.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from typing import Any

from sqlalchemy import case, delete, event, extract, func, insert, inspect, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session, SessionTransaction

from assembly.models import Notice, NoticeCount

Key = tuple[int, int, str, str, str, str, int]
KEY_COLUMNS = ("year", "month", "status", "go_ahead_kind", "form", "place_id", "on_time")
UNDECIDED, LATE, ON_TIME = -1, 0, 1
TRACKED = "assembly.notice_counts"


def timeliness(decided_at: datetime | None, decision_due: datetime) -> int:
    """ON_TIME when decided by the due time, LATE after it, UNDECIDED before a decision."""
    if decided_at is None:
        return UNDECIDED
    return ON_TIME if decided_at <= decision_due else LATE


def key_of(notice: Notice) -> Key:
    """The notice's row in the counts."""
    registered = notice.registration_date
    return (registered.year, registered.month, notice.status, notice.go_ahead_kind or "",
            notice.form, notice.place_id or "",
            timeliness(notice.decided_at, notice.decision_due))


def track(session: Session, notice: Notice) -> None:
    """Remember the notice's key before a writer changes it (a new notice: none)."""
    tracked: dict[int, tuple[Notice, Key | None]] = session.info.setdefault(TRACKED, {})
    if id(notice) not in tracked:
        state = inspect(notice)
        tracked[id(notice)] = (notice, key_of(notice) if state.persistent else None)


def _counted(notice: Notice) -> bool:
    state = inspect(notice)
    return (state.persistent or state.pending) and not state.deleted


def apply(session: Session) -> None:
    """Write the deltas of the notices tracked so far, in key order."""
    tracked = session.info.pop(TRACKED, None)
    if not tracked:
        return
    deltas: Counter[Key] = Counter()
    for notice, before in tracked.values():
        if before is not None:
            deltas[before] -= 1
        if _counted(notice):
            deltas[key_of(notice)] += 1
    upsert = postgresql_insert if session.get_bind().dialect.name == "postgresql" \
        else sqlite_insert
    for key in sorted(k for k, d in deltas.items() if d):
        statement = upsert(NoticeCount).values(**dict(zip(KEY_COLUMNS, key, strict=True)),
                                               n=deltas[key])
        session.execute(statement.on_conflict_do_update(
            index_elements=KEY_COLUMNS, set_={"n": NoticeCount.n + statement.excluded.n}))


@event.listens_for(Session, "before_commit")
def _apply_before_commit(session: Session) -> None:
    apply(session)


@event.listens_for(Session, "after_transaction_end")
def _forget_after_rollback(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is None:  # the outermost transaction ended: committed or not
        session.info.pop(TRACKED, None)


def key_columns() -> tuple[Any, ...]:
    """The counts' key computed from the notices' columns, as `key_of` computes it."""
    on_time = case((Notice.decided_at.is_(None), UNDECIDED),
                   (Notice.decided_at <= Notice.decision_due, ON_TIME), else_=LATE)
    return (extract("year", Notice.registration_date), extract("month", Notice.registration_date),
            Notice.status, func.coalesce(Notice.go_ahead_kind, ""), Notice.form,
            func.coalesce(Notice.place_id, ""), on_time)


def full_counts_query():  # type: ignore[no-untyped-def]
    """The counts read from every notice: one GROUP BY over the table (what `rebuild`
    writes, and what the counts must always equal)."""
    columns = key_columns()
    return select(*columns, func.count()).group_by(*columns)


def rebuild(session: Session) -> None:
    """Count every notice again (after a bulk load that bypassed the writers)."""
    session.execute(delete(NoticeCount))
    session.execute(insert(NoticeCount).from_select([*KEY_COLUMNS, "n"], full_counts_query()))
