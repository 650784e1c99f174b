"""An officer's review and decision, the organizer's answer, and withdrawal (Art. 11, 13, 14)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from assembly.actors import Actor
from assembly.drafts import parse_draft
from assembly.errors import Conflict, FieldError, InvalidInput
from assembly.models import Decision, DecisionGround, Delivery, Notice
from assembly.services.audit import chain_event, record_event, write_events
from assembly.services.bookings import go_ahead_conflicts
from assembly.services.decisions import (
    DecisionInput,
    decided_on_time,
    proposal_draft,
    validate_decision,
)
from assembly.services.filing import check_draft, notice_draft
from assembly.services.law import Law, default_law
from assembly.services.outbox import notify_decision
from assembly.services.writes import Changes, flush_or_conflict, store_changes, store_rows

MAX_STATEMENT = 5000


def transition(
    session: Session,
    notice: Notice,
    trigger: str,
    *,
    actor: Actor,
    now: datetime,
    law: Law,
    at: datetime | None = None,
    data: dict[str, Any] | None = None,
) -> None:
    """Fire a workflow trigger on the notice and write its audit event (flushed later)."""
    before, after = law.workflow.fire(trigger, notice, now=now)
    record_event(
        session, notice, actor=actor, at=at or now, trigger=trigger,
        from_state=before, to_state=after, data=data,
    )


def take_for_review(
    session: Session, notice: Notice, *, actor: Actor, now: datetime, law: Law | None = None
) -> Notice:
    """An officer takes a received notice for review."""
    transition(session, notice, "take_for_review", actor=actor, now=now, law=law or default_law())
    flush_or_conflict(session)
    return notice


def _check_place_free(session: Session, notice: Notice) -> None:
    # Booking integrity: no two go-ahead notices overlap at one place (DESIGN.md).
    conflicts = go_ahead_conflicts(session, notice)
    if conflicts:
        raise Conflict(f"{notice.place_id} is already held by {', '.join(conflicts)}")


def _hold_place(session: Session, notice: Notice, kind: str) -> None:
    _check_place_free(session, notice)
    notice.go_ahead = True
    notice.go_ahead_kind = kind


def decide(
    session: Session,
    notice: Notice,
    given: DecisionInput,
    *,
    actor: Actor,
    now: datetime,
    law: Law | None = None,
) -> Decision:
    """Record an officer's decision: approve, approve with restrictions, propose, refuse."""
    law = law or default_law()
    rules = law.at(law.calendar.local_date(now))
    # The record is checked again only when a cited ground needs a finding (LAW.md §4).
    needs_record = given.outcome == "refuse" and any(
        rules.grounds[g].requires_finding for g in given.grounds if g in rules.grounds
    )
    record = (
        check_draft(session, notice_draft(notice), notice.filed_at, law, exclude_id=notice.id)
        if needs_record
        else None
    )
    validate_decision(
        given, procedure=notice.procedure, rules=rules, record=record,
        proposal_made=notice.proposal_made,
    )
    proposal: dict[str, Any] | None = None
    if given.outcome == "propose_change":
        proposed = proposal_draft(
            notice_draft(notice), given.proposal or {}, lambda d: parse_draft(d, law.rulebook)
        )
        proposal = {
            "starts_at": proposed.starts_at.isoformat(),
            "ends_at": proposed.ends_at.isoformat(),
            "place": (given.proposal or {}).get("place") or _place_json(notice),
        }
        answer_days = rules.proposal_answer_working_days
        today = law.calendar.local_date(now)
        answer_due = max(
            notice.decision_due,
            law.calendar.end_of_local_day(law.calendar.add_working_days(today, answer_days)),
        )
    # The trigger and the decision write to a view of the notice; its changes are then
    # stored in one UPDATE under its optimistic lock, without the unit of work (a refused
    # trigger or a Conflict leaves the notice as it was).
    changed = Changes(notice)
    before, after = law.workflow.fire(given.outcome, changed, now=now)
    event = chain_event(
        notice, actor=actor, at=now, trigger=given.outcome, from_state=before, to_state=after,
        data={"grounds": list(given.grounds), "restrictions": list(given.restrictions)},
    )
    changed.audit_seq, changed.audit_hash = event["seq"], event["hash"]
    if proposal is not None:
        changed.proposal_made = True
        changed.proposal_answer_due = answer_due
    if given.outcome in ("approve", "approve_restricted"):
        _check_place_free(session, notice)
        changed.go_ahead, changed.go_ahead_kind = True, given.outcome
    if notice.decided_at is None:
        changed.decided_at = now
    # A lost optimistic lock or a concurrent booking (23P01) is a Conflict before anything
    # else is written.
    store_changes(session, notice, changed.values)
    # Then the append-only rows, inserted directly (Core, no unit of work): the decision,
    # its grounds and deliveries, the audit event, and the message to the organizer.
    decision = store_rows(session, Decision, [{
        "notice_id": notice.id,
        "outcome": given.outcome,
        "reasoning": (given.reasoning or "").strip() or None,
        "restrictions": list(given.restrictions),
        "proposal": proposal,
        "channels": list(given.channels),
        "decided_at": now,
        "decided_by": actor.user_id,
        "on_time": decided_on_time(now, notice.decision_due),
    }])[0]
    grounds = store_rows(session, DecisionGround, [
        {"decision_id": decision.id, "notice_id": notice.id,
         "registration_date": notice.registration_date, "ground": g}
        for g in given.grounds
    ])
    for ground in grounds:
        set_committed_value(ground, "decision", decision)
    set_committed_value(decision, "grounds", grounds)
    set_committed_value(decision, "notice", notice)
    if "decisions" in notice.__dict__:  # loaded: the new decision is its last one
        set_committed_value(notice, "decisions", [*notice.decisions, decision])
    deliveries = _plan_deliveries(
        session, notice, decision, rules.channels_needing_registered_mail, now
    )
    write_events(session, [event])
    notify_decision(session, notice, decision, deliveries, now, law=law)
    return decision


def _place_json(notice: Notice) -> dict[str, Any]:
    if notice.place_kind in ("site", "route"):
        return {notice.place_kind: notice.place_id}
    return {"point": {"lat": notice.lat, "lon": notice.lon}, "address": notice.address}


def _plan_deliveries(
    session: Session, notice: Notice, decision: Decision, doubled: tuple[str, ...], now: datetime
) -> list[Delivery]:
    # Art. 11(2), 13(2): a decision sent by e-mail or to a mobile also goes by registered mail.
    channels = list(decision.channels)
    if any(c in doubled for c in channels) and "registered_mail" not in channels:
        channels.append("registered_mail")
    deliveries = store_rows(session, Delivery, [
        {"notice_id": notice.id, "decision_id": decision.id, "channel": channel,
         "status": "pending", "tracking_number": None, "created_at": now, "sent_at": None,
         "recorded_by": None}
        for channel in channels
    ])
    for delivery in deliveries:
        set_committed_value(delivery, "decision", decision)
    return deliveries


def answer_proposal(
    session: Session,
    notice: Notice,
    *,
    accept: bool,
    actor: Actor,
    now: datetime,
    law: Law | None = None,
) -> Notice:
    """The organizer accepts the proposed place/time (approved) or declines (back to review)."""
    law = law or default_law()
    if not accept:
        transition(session, notice, "decline_proposal", actor=actor, now=now, law=law)
        flush_or_conflict(session)
        return notice
    proposal = notice.decision.proposal if notice.decision else None
    transition(session, notice, "accept_proposal", actor=actor, now=now, law=law,
               data={"proposal": proposal})
    if proposal:
        proposed = proposal_draft(
            notice_draft(notice), proposal, lambda d: parse_draft(d, law.rulebook)
        )
        rules = law.at_instant(proposed.starts_at)
        from assembly.checks import resolve_place_id

        notice.starts_at, notice.ends_at = proposed.starts_at, proposed.ends_at
        notice.event_date = law.calendar.local_date(proposed.starts_at)
        place = proposed.place
        notice.place_kind = "site" if place.site else "route" if place.route else "point"
        notice.place_id = resolve_place_id(proposed, rules)
        notice.lat, notice.lon, notice.address = place.lat, place.lon, place.address
    _hold_place(session, notice, "change_accepted")
    notice.proposal_answer_due = None
    flush_or_conflict(session)
    return notice


def withdraw(
    session: Session,
    notice: Notice,
    *,
    statement: str,
    actor: Actor,
    now: datetime,
    law: Law | None = None,
) -> Notice:
    """The organizer withdraws in writing before the start; the slot is freed (Art. 5(1)(10))."""
    law = law or default_law()
    text = (statement or "").strip() if isinstance(statement, str) else ""
    if not text:
        raise InvalidInput([FieldError("statement", "required")])
    if len(text) > MAX_STATEMENT:
        raise InvalidInput([FieldError("statement", "too_long", {"max": MAX_STATEMENT})])
    if "\x00" in text:  # never meaningful, and PostgreSQL cannot store it
        raise InvalidInput([FieldError("statement", "invalid_characters")])
    transition(session, notice, "withdraw", actor=actor, now=now, law=law,
               data={"statement": text})
    notice.go_ahead = False
    notice.withdrawn_at = now
    notice.withdrawal_statement = text
    flush_or_conflict(session)
    return notice
