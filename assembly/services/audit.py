"""The hash-chained audit trail: every change of a notice writes one event (DESIGN.md "Audit").

Each event is sealed with an HMAC-SHA256 under a key kept outside the database
(`assembly.audit_keys`) over: the notice's reference, the event's place in the chain and
the previous seal, who did what and when, the event's data, the content of the decision
it records (outcome, grounds, reasoning, restrictions, proposal, channels, who decided,
when), and the digest of the notice's legally relevant fields as they stood after it.
The notice keeps the head of its chain (`audit_seq`, `audit_hash`). `verify_chains`
finds an edited, deleted or reordered event, an edited decision or grounds, an edited
notice field, a rewound head, and a chain re-sealed without the key.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Row, select
from sqlalchemy.orm import Session, selectinload

from assembly.actors import Actor
from assembly.audit_keys import Keyring, keyring
from assembly.models import Decision, DecisionGround, Notice, NoticeEvent, Signature

GENESIS = "0" * 64
# What `verify_chains` reports when an event, its decision or its grounds were changed, or
# the event was sealed by someone without the key.
SEAL_MISMATCH = "content does not match its seal"

# What the law decides on (times, place, participants, organizer identity, deadlines):
# their values after each event are part of its seal.
LEGAL_FIELDS = (
    "reference", "procedure", "form", "purpose", "status", "starts_at", "ends_at",
    "event_date", "place_kind", "place_id", "lat", "lon", "address",
    "expected_participants", "sound_amplification", "vehicles", "structures",
    "organizer_kind", "organizer_name", "organizer_id_number", "filed_at",
    "registration_date", "latest_filing_date", "decision_due", "go_ahead", "go_ahead_kind",
    "overdue", "proposal_made", "proposal_answer_due", "decided_at", "withdrawn_at",
    "withdrawal_statement", "signature_missing", "channel", "signature_digest",
)


def _plain(value: Any) -> Any:
    """A value as the seal reads it: instants in UTC, dates as ISO text."""
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def _canonical(payload: Mapping[str, Any]) -> bytes:
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"),
                      default=_plain).encode()


def record_digest(notice: Notice | Row[Any]) -> str:
    """SHA-256 of the notice's legally relevant fields (LEGAL_FIELDS) as they stand."""
    return hashlib.sha256(_canonical(
        {name: _plain(getattr(notice, name)) for name in LEGAL_FIELDS})).hexdigest()


def decision_content(decision: Decision | None, grounds: list[str] | None = None
                     ) -> dict[str, Any] | None:
    """What a decision decided, as its event's seal covers it (None: no decision)."""
    if decision is None:
        return None
    return {
        "outcome": decision.outcome,
        "grounds": grounds if grounds is not None else [g.ground for g in decision.grounds],
        "reasoning": decision.reasoning,
        "restrictions": list(decision.restrictions or []),
        "proposal": decision.proposal,
        "channels": list(decision.channels or []),
        "decided_at": _plain(decision.decided_at),
        "decided_by": decision.decided_by,
        "on_time": decision.on_time,
        # The officer's EDS (document, CMS, certificate), when the decision was signed.
        "signature": decision.signature.digest() if decision.signature is not None else None,
    }


def _seal(key: bytes, reference: str, event: Any, decision: dict[str, Any] | None) -> str:
    """The HMAC of one event (the chain's only formula)."""
    payload = {
        "notice": reference,
        "seq": event.seq,
        "at": _plain(event.at),
        "actor_id": event.actor_id,
        "actor_role": event.actor_role,
        "trigger": event.trigger,
        "from": event.from_state,
        "to": event.to_state,
        "data": event.data,
        "decision": decision,
        "record": event.record_digest,
        "key": event.key_id,
        "prev": event.prev_hash,
    }
    return hmac.new(key, _canonical(payload), hashlib.sha256).hexdigest()


def append_event(
    session: Session,
    notice: Notice,
    *,
    actor: Actor,
    at: datetime,
    trigger: str,
    from_state: str | None,
    to_state: str,
    data: dict[str, Any] | None = None,
    decision: Decision | None = None,
) -> NoticeEvent:
    """Append one sealed event to the notice's chain and move its head (flushed later).

    Call it once the notice's fields stand as the event leaves them."""
    keys = keyring()
    event = NoticeEvent(
        notice=notice, decision=decision, seq=(notice.audit_seq or 0) + 1, at=at,
        actor_id=actor.user_id, actor_role=actor.role, trigger=trigger,
        from_state=from_state, to_state=to_state, data=data or {},
        record_digest=record_digest(notice), key_id=keys.current,
        prev_hash=notice.audit_hash or GENESIS,
    )
    event.hash = _seal(keys.keys[keys.current], notice.reference, event,
                       decision_content(decision))
    notice.audit_seq, notice.audit_hash = event.seq, event.hash
    session.add(event)
    return event


def reseal_redacted(session: Session, notice: Notice,
                    redacted: Mapping[int, dict[str, Any]]) -> tuple[int, str] | None:
    """Replace the data of some events (by seq) and seal the chain again from the first of
    them on, each event with its own key; the notice's head follows. Returns (the first seq
    sealed again, the head before), or None when nothing was redacted.

    Only the retention job calls it, and only on a chain that verifies (a broken chain is
    never sealed again: that would hide the break). The record digests stay as sealed."""
    if not redacted:
        return None
    first, head_before = min(redacted), notice.audit_hash
    keys = keyring()
    prev = GENESIS
    for event in history(session, notice):
        if event.seq >= first:
            if event.seq in redacted:
                event.data = redacted[event.seq]
            key = keys.key(event.key_id)
            if key is None:
                raise ValueError(f"no audit key {event.key_id} to seal {notice.reference} again")
            event.prev_hash = prev
            event.hash = _seal(key, notice.reference, event, decision_content(event.decision))
        prev = event.hash
    notice.audit_hash = prev
    return first, head_before


def history(session: Session, notice: Notice) -> list[NoticeEvent]:
    """The notice's events in order (read once per notice and session: a notice filed or
    changed in this session has its new events already)."""
    return list(notice.events)


@dataclass(frozen=True)
class ChainBreak:
    """Where a chain does not hold: an edited, removed or reordered event, or record."""

    reference: str
    seq: int
    problem: str


def _decisions(session: Session, ids: set[int]) -> dict[int, dict[str, Any]]:
    """The content of these decisions as stored now, grounds in the order given."""
    if not ids:
        return {}
    grounds: dict[int, list[str]] = {}
    for decision_id, ground in session.execute(
        select(DecisionGround.decision_id, DecisionGround.ground)
        .where(DecisionGround.decision_id.in_(ids)).order_by(DecisionGround.id)
    ):
        grounds.setdefault(decision_id, []).append(ground)
    found = session.scalars(select(Decision).where(Decision.id.in_(ids))
                            .options(selectinload(Decision.signature)))
    return {d.id: decision_content(d, grounds.get(d.id, [])) for d in found}  # type: ignore[misc]


class _Chains:
    """The walk of every chain in event order, collecting breaks."""

    def __init__(self, keys: Keyring, references: dict[int, str]) -> None:
        self.keys = keys
        self.references = references
        self.heads: dict[int, tuple[int, str, str, str]] = {}  # seq, seal, to, digest
        self.breaks: list[ChainBreak] = []

    def check(self, event: Row[Any], decision: dict[str, Any] | None) -> None:
        reference = self.references.get(event.notice_id, "?")
        seq, prev, _, _ = self.heads.get(event.notice_id, (0, GENESIS, "", ""))
        problems = []
        if event.seq != seq + 1:
            problems.append(f"expected seq {seq + 1}")
        if event.prev_hash != prev:
            problems.append("previous hash does not match")
        key = self.keys.key(event.key_id)
        if key is None:
            problems.append(f"sealed with no known audit key ({event.key_id})")
        elif not hmac.compare_digest(_seal(key, reference, event, decision), event.hash):
            problems.append(SEAL_MISMATCH)
        self.breaks += [ChainBreak(reference, event.seq, p) for p in problems]
        self.heads[event.notice_id] = (event.seq, event.hash, event.to_state,
                                       event.record_digest)


def verify_chains(session: Session, batch: int = 5000, *,
                  notice_id: int | None = None) -> tuple[int, list[ChainBreak]]:
    """Recompute every notice's chain (or one notice's); return (events checked, breaks)."""
    only = (Notice.id == notice_id,) if notice_id is not None else ()
    notices = session.execute(
        select(Notice.id, Notice.audit_seq, Notice.audit_hash,
               *(getattr(Notice, name) for name in LEGAL_FIELDS)).where(*only)
    ).all()
    events_of = (NoticeEvent.notice_id == notice_id,) if notice_id is not None else ()
    chains = _Chains(keyring(), {row.id: row.reference for row in notices})
    checked, last_id = 0, 0
    while True:
        rows = session.execute(
            select(*NoticeEvent.__table__.c).where(NoticeEvent.id > last_id, *events_of)
            .order_by(NoticeEvent.id).limit(batch)
        ).all()
        if not rows:
            break
        decisions = _decisions(session, {r.decision_id for r in rows if r.decision_id})
        for event in rows:
            last_id = event.id
            checked += 1
            chains.check(event, decisions.get(event.decision_id) if event.decision_id else None)
    for notice in notices:
        head = chains.heads.get(notice.id)
        if head is None:
            chains.breaks.append(ChainBreak(notice.reference, 0, "no audit events"))
        elif head[:2] != (notice.audit_seq, notice.audit_hash):
            # The head kept on the notice names the last event written: a trail that
            # ends elsewhere lost its latest events, or the head was rewound.
            chains.breaks.append(ChainBreak(notice.reference, notice.audit_seq,
                                            "the trail does not end at the notice's audit head"))
        elif head[2] != notice.status:
            chains.breaks.append(ChainBreak(notice.reference, head[0] + 1,
                                            f"the trail ends in {head[2]} but the notice is "
                                            f"{notice.status}"))
        elif head[3] != record_digest(notice):
            chains.breaks.append(ChainBreak(notice.reference, head[0],
                                            "the notice's legal fields were changed after "
                                            "its last event"))
    chains.breaks += _filing_signature_breaks(session, notices, notice_id)
    return checked, chains.breaks


def _filing_signature_breaks(session: Session, notices: list[Row[Any]],
                             notice_id: int | None = None) -> list[ChainBreak]:
    """Filings whose kept signature (document, CMS, certificate) no longer matches the
    digest their sealed fields hold, or whose signature was removed."""
    only = (Signature.notice_id == notice_id,) if notice_id is not None else ()
    kept = {s.notice_id: s.digest() for s in session.scalars(
        select(Signature).where(Signature.decision_id.is_(None), *only))}
    return [ChainBreak(n.reference, 1, "the filing's signature does not match its seal")
            for n in notices if kept.get(n.id) != n.signature_digest]
