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
    """Append one audit event to the notice's chain (its head is kept on the notice)."""
    seq, prev = (notice.audit_seq or 0) + 1, notice.audit_hash or GENESIS
    event = NoticeEvent(
        notice=notice,
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
    notice.audit_seq, notice.audit_hash = seq, event.hash
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
