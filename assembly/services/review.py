"""An officer's review and decision, the organizer's answer, and withdrawal (Art. 11, 13, 14)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from assembly.actors import Actor
from assembly.drafts import parse_draft
from assembly.errors import Conflict, FieldError, InvalidInput
from assembly.models import Decision, DecisionGround, Delivery, Notice
from assembly.services.audit import record_event
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


def flush_or_conflict(session: Session) -> None:
    """Flush; a lost optimistic lock or the booking constraint (23P01) becomes a Conflict."""
    try:
        session.flush()
    except StaleDataError as exc:
        raise Conflict("the notice was changed by someone else meanwhile") from exc
    except IntegrityError as exc:
        if getattr(exc.orig, "sqlstate", None) == "23P01":
            raise Conflict("the place is already held at that time") from exc
        raise


def take_for_review(
    session: Session, notice: Notice, *, actor: Actor, now: datetime, law: Law | None = None
) -> Notice:
    """An officer takes a received notice for review."""
    transition(session, notice, "take_for_review", actor=actor, now=now, law=law or default_law())
    flush_or_conflict(session)
    return notice


def _hold_place(session: Session, notice: Notice, kind: str) -> None:
    # Booking integrity: no two go-ahead notices overlap at one place (DESIGN.md).
    conflicts = go_ahead_conflicts(session, notice)
    if conflicts:
        raise Conflict(f"{notice.place_id} is already held by {', '.join(conflicts)}")
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
    transition(
        session, notice, given.outcome, actor=actor, now=now, law=law,
        data={"grounds": list(given.grounds), "restrictions": list(given.restrictions)},
    )
    if proposal is not None:
        # Only once the transition is allowed: a refused trigger leaves the notice as it was.
        notice.proposal_made = True
        notice.proposal_answer_due = answer_due
    if given.outcome in ("approve", "approve_restricted"):
        _hold_place(session, notice, given.outcome)
    decision = Decision(
        outcome=given.outcome,
        reasoning=(given.reasoning or "").strip() or None,
        restrictions=list(given.restrictions),
        proposal=proposal,
        channels=list(given.channels),
        decided_at=now,
        decided_by=actor.user_id,
        on_time=decided_on_time(now, notice.decision_due),
    )
    decision.grounds = [
        DecisionGround(notice_id=notice.id, registration_date=notice.registration_date, ground=g)
        for g in given.grounds
    ]
    decision.notice = notice  # appended to notice.decisions only if already loaded
    session.add(decision)
    if notice.decided_at is None:
        notice.decided_at = now
    deliveries = _plan_deliveries(
        session, notice, decision, rules.channels_needing_registered_mail, now
    )
    notify_decision(session, notice, decision, deliveries, now, law=law)
    # One flush: a lost optimistic lock or a concurrent booking (23P01) is a Conflict.
    flush_or_conflict(session)
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
    deliveries = [
        Delivery(
            notice_id=notice.id, decision=decision, channel=channel,
            status="pending", created_at=now,
        )
        for channel in channels
    ]
    session.add_all(deliveries)
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
    transition(session, notice, "withdraw", actor=actor, now=now, law=law,
               data={"statement": text})
    notice.go_ahead = False
    notice.withdrawn_at = now
    notice.withdrawal_statement = text
    flush_or_conflict(session)
    return notice
