"""The hash-chained audit trail: every transition writes one event (DESIGN.md "Audit")."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Row, bindparam, insert, select
from sqlalchemy.orm import Session

from assembly.actors import Actor
from assembly.models import Notice, NoticeEvent
from assembly.services.direct import Direct

GENESIS = "0" * 64


def _digest(reference: str, seq: int, at: datetime, actor_id: int | None, actor_role: str,
            trigger: str, from_state: str | None, to_state: str, data: Any, prev: str) -> str:
    """SHA-256 of one event's content and the previous hash (the chain's only formula)."""
    payload = {
        "notice": reference,
        "seq": seq,
        "at": at.isoformat(),
        "actor_id": actor_id,
        "actor_role": actor_role,
        "trigger": trigger,
        "from": from_state,
        "to": to_state,
        "data": data,
        "prev": prev,
    }
    blob = json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(blob.encode()).hexdigest()


def event_hash(reference: str, event: NoticeEvent) -> str:
    """SHA-256 over the event's content and the previous hash."""
    return _digest(reference, event.seq, event.at, event.actor_id, event.actor_role,
                   event.trigger, event.from_state, event.to_state, event.data, event.prev_hash)


def chain_event(
    notice: Notice,
    *,
    actor: Actor,
    at: datetime,
    trigger: str,
    from_state: str | None,
    to_state: str,
    data: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The notice's next audit event as a row of notice_events, hashed after its head.

    Changes nothing: the caller moves the head (audit_seq, audit_hash) to the row's seq and
    hash, and writes the row with `write_events` once the notice is stored.
    """
    seq, prev = (notice.audit_seq or 0) + 1, notice.audit_hash or GENESIS
    data = data or {}
    digest = _digest(notice.reference, seq, at, actor.user_id, actor.role, trigger,
                     from_state, to_state, data, prev)
    return {
        "notice_id": notice.id,
        "seq": seq,
        "at": at,
        "actor_id": actor.user_id,
        "actor_role": actor.role,
        "trigger": trigger,
        "from_state": from_state,
        "to_state": to_state,
        "data": data,
        "prev_hash": prev,
        "hash": digest,
    }


# Built once: the audit row of every decision is written through it (Core, no unit of work).
_INSERT_EVENTS = Direct(insert(NoticeEvent.__table__))


def write_events(session: Session, rows: list[dict[str, Any]]) -> None:
    """Insert rows of `chain_event` in one statement, in the session's transaction.

    Written at once, without the unit of work: call it once the notice's new head is
    stored (a lost optimistic lock then fails before any event is written).
    """
    if rows:
        _INSERT_EVENTS.execute(session.connection(), rows)


def record_event(
    session: Session,
    notice: Notice,
    *,
    actor: Actor,
    at: datetime,
    trigger: str,
    from_state: str | None,
    to_state: str,
    data: dict[str, Any] | None = None,
) -> NoticeEvent:
    """Append one audit event to the notice's chain (its head is kept on the notice)."""
    row = chain_event(notice, actor=actor, at=at, trigger=trigger, from_state=from_state,
                      to_state=to_state, data=data)
    notice.audit_seq, notice.audit_hash = row["seq"], row["hash"]
    del row["notice_id"]  # the notice may not be stored yet: the relationship sets it
    event = NoticeEvent(notice=notice, **row)
    session.add(event)
    return event


# Built once: every notice page and API answer reads its history through it.
_EVENTS = NoticeEvent.__table__.c
_HISTORY = (
    select(NoticeEvent.__table__)
    .where(_EVENTS.notice_id == bindparam("notice_id")).order_by(_EVENTS.seq)
)


def history(session: Session, notice: Notice) -> list[Row[Any]]:
    """The notice's events in order, as read-only rows with the columns of notice_events."""
    return list(session.connection().execute(_HISTORY, {"notice_id": notice.id}))


@dataclass(frozen=True)
class ChainBreak:
    """Where a chain does not hold: an edited, removed or reordered event."""

    reference: str
    seq: int
    problem: str


def verify_chains(session: Session, batch: int = 5000) -> tuple[int, list[ChainBreak]]:
    """Recompute every notice's chain; return (events checked, breaks found)."""
    breaks: list[ChainBreak] = []
    checked = 0
    notices = session.execute(
        select(Notice.id, Notice.reference, Notice.status, Notice.audit_seq, Notice.audit_hash)
    ).all()
    refs = {row.id: row.reference for row in notices}
    columns = [c for c in NoticeEvent.__table__.c]
    last_id = 0
    state: dict[int, tuple[int, str]] = {}
    ends_in: dict[int, str] = {}
    while True:
        rows = session.execute(
            select(*columns).where(NoticeEvent.id > last_id).order_by(NoticeEvent.id).limit(batch)
        ).all()
        if not rows:
            break
        for event in rows:
            last_id = event.id
            checked += 1
            reference = refs.get(event.notice_id, "?")
            seq, prev = state.get(event.notice_id, (0, GENESIS))
            if event.seq != seq + 1:
                breaks.append(ChainBreak(reference, event.seq, f"expected seq {seq + 1}"))
            if event.prev_hash != prev:
                breaks.append(ChainBreak(reference, event.seq, "previous hash does not match"))
            if event_hash(reference, event) != event.hash:  # type: ignore[arg-type]
                breaks.append(ChainBreak(reference, event.seq, "content does not match its hash"))
            state[event.notice_id] = (event.seq, event.hash)
            ends_in[event.notice_id] = event.to_state
    for notice in notices:
        if notice.id not in state:
            breaks.append(ChainBreak(notice.reference, 0, "no audit events"))
            continue
        if state[notice.id] != (notice.audit_seq, notice.audit_hash):
            # The head kept on the notice names the last event written: a trail that
            # ends elsewhere lost its latest events (a chain alone cannot show that).
            breaks.append(ChainBreak(notice.reference, notice.audit_seq,
                                     "the trail does not end at the notice's audit head"))
        elif ends_in[notice.id] != notice.status:
            breaks.append(ChainBreak(
                notice.reference, state[notice.id][0] + 1,
                f"the trail ends in {ends_in[notice.id]} but the notice is {notice.status}",
            ))
    return checked, breaks
