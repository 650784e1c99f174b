"""The hash-chained audit trail: every transition writes one event (DESIGN.md "Audit")."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from assembly.actors import Actor
from assembly.models import Notice, NoticeEvent

GENESIS = "0" * 64


def event_hash(reference: str, event: NoticeEvent) -> str:
    """SHA-256 over the event's content and the previous hash."""
    payload = {
        "notice": reference,
        "seq": event.seq,
        "at": event.at.isoformat(),
        "actor_id": event.actor_id,
        "actor_role": event.actor_role,
        "trigger": event.trigger,
        "from": event.from_state,
        "to": event.to_state,
        "data": event.data,
        "prev": event.prev_hash,
    }
    blob = json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(blob.encode()).hexdigest()


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
    """Append one audit event to the notice's chain."""
    if notice.id is None:
        session.flush()
    last = session.execute(
        select(NoticeEvent.seq, NoticeEvent.hash)
        .where(NoticeEvent.notice_id == notice.id)
        .order_by(NoticeEvent.seq.desc())
        .limit(1)
    ).first()
    seq, prev = (last[0] + 1, last[1]) if last else (1, GENESIS)
    event = NoticeEvent(
        notice_id=notice.id,
        seq=seq,
        at=at,
        actor_id=actor.user_id,
        actor_role=actor.role,
        trigger=trigger,
        from_state=from_state,
        to_state=to_state,
        data=data or {},
        prev_hash=prev,
    )
    event.hash = event_hash(notice.reference, event)
    session.add(event)
    return event


def history(session: Session, notice: Notice) -> list[NoticeEvent]:
    """The notice's events in order."""
    return list(
        session.scalars(
            select(NoticeEvent).where(NoticeEvent.notice_id == notice.id).order_by(NoticeEvent.seq)
        )
    )


@dataclass(frozen=True)
class ChainBreak:
    """Where a chain does not hold: an edited, removed or reordered event."""

    reference: str
    seq: int
    problem: str


def verify_chains(session: Session, batch: int = 2000) -> tuple[int, list[ChainBreak]]:
    """Recompute every notice's chain; return (events checked, breaks found)."""
    breaks: list[ChainBreak] = []
    checked = 0
    notices = session.execute(select(Notice.id, Notice.reference, Notice.status)).all()
    refs = {notice_id: reference for notice_id, reference, _ in notices}
    last_id = 0
    state: dict[int, tuple[int, str]] = {}
    ends_in: dict[int, str] = {}
    while True:
        rows = session.scalars(
            select(NoticeEvent)
            .where(NoticeEvent.id > last_id)
            .order_by(NoticeEvent.id)
            .limit(batch)
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
            if event_hash(reference, event) != event.hash:
                breaks.append(ChainBreak(reference, event.seq, "content does not match its hash"))
            state[event.notice_id] = (event.seq, event.hash)
            ends_in[event.notice_id] = event.to_state
        session.expunge_all()
    for notice_id, reference, status in notices:
        if notice_id not in state:
            breaks.append(ChainBreak(reference, 0, "no audit events"))
        elif ends_in[notice_id] != status:
            # Every change of status writes an event: a trail that stops short of the
            # notice's status lost its latest events (a chain alone cannot show that).
            breaks.append(ChainBreak(
                reference, state[notice_id][0] + 1,
                f"the trail ends in {ends_in[notice_id]} but the notice is {status}",
            ))
    return checked, breaks
