"""An officer's review and decision, the organizer's answer, and withdrawal (Art. 11, 13, 14)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from assembly.actors import Actor
from assembly.errors import FieldError, InvalidInput
from assembly.models import Decision, DecisionGround, Delivery, Notice, User
from assembly.models.notice import new_public_id
from assembly.notices.checks import resolve_place_id
from assembly.notices.draft import Draft
from assembly.notices.place_checks import taken_when
from assembly.notices.validation import parse_draft
from assembly.services.bookings import bookings_at
from assembly.services.decisions import (
    DecisionInput,
    decided_on_time,
    proposal_draft,
    validate_decision,
)
from assembly.services.filing import notice_draft
from assembly.services.law import Law, default_law
from assembly.services.messages import decision_facts, place_names
from assembly.services.queue import record_today
from assembly.services.signatures import Signing, decision_signature, default_signing
from assembly.services.transitions import fire

MAX_STATEMENT = 5000


def take_for_review(
    session: Session, notice: Notice, *, actor: Actor, now: datetime, law: Law | None = None
) -> Notice:
    """An officer takes a received notice for review."""
    fire(session, notice, "take_for_review", actor=actor, now=now, law=law or default_law())
    return notice


def decide(
    session: Session,
    notice: Notice,
    given: DecisionInput,
    *,
    actor: Actor,
    now: datetime,
    law: Law | None = None,
    signing: Signing | None = None,
) -> Decision:
    """Record an officer's decision: approve, approve with restrictions, propose, refuse;
    with the officer's EDS over its canonical document where given or enforced."""
    law = law or default_law()
    rules = law.at(law.calendar.local_date(now))
    # The record is checked again only when a cited ground needs a finding (LAW.md §4).
    needs_record = given.outcome == "refuse" and any(
        rules.grounds[g].requires_finding for g in given.grounds if g in rules.grounds
    )
    record = record_today(session, notice, law) if needs_record else None
    validate_decision(
        given, procedure=notice.procedure, rules=rules, record=record,
        proposal_made=notice.proposal_made,
    )
    changes: dict[str, Any] = {}
    proposal: dict[str, Any] | None = None
    if given.outcome == "propose_change":
        proposed = proposal_draft(
            notice_draft(notice), given.proposal or {}, lambda d: parse_draft(d, law.rulebook)
        )
        _require_free(session, notice, proposed, law)
        proposal = {
            "starts_at": proposed.starts_at.isoformat(),
            "ends_at": proposed.ends_at.isoformat(),
            "place": (given.proposal or {}).get("place") or _place_json(notice),
        }
        today = law.calendar.local_date(now)
        answer_days = law.calendar.add_working_days(today, rules.proposal_answer_working_days)
        changes["proposal_answer_due"] = max(
            notice.decision_due, law.calendar.end_of_local_day(answer_days))
    if notice.decided_at is None:
        changes["decided_at"] = now
    officer = session.get(User, actor.user_id) if actor.user_id is not None else None
    signature = decision_signature(signing or default_signing(), given.document(notice.reference),
                                   officer.iin if officer is not None else None,
                                   given.signature, now)
    if signature is not None:
        signature.notice_id = notice.id
    decision = Decision(
        signature=signature,
        outcome=given.outcome,
        reasoning=(given.reasoning or "").strip() or None,
        restrictions=list(given.restrictions),
        proposal=proposal,
        channels=list(given.channels),
        decided_at=now,
        decided_by=actor.user_id,
        on_time=decided_on_time(now, notice.decision_due),
        check_id=new_public_id(),  # set now: the messages queued with it name it
        grounds=[DecisionGround(notice=notice, registration_date=notice.registration_date,
                                ground=g) for g in given.grounds],
    )
    deliveries = _plan_deliveries(notice, decision, rules.channels_needing_registered_mail, now)
    fire(
        session, notice, given.outcome, actor=actor, now=now, law=law, changes=changes,
        data={"grounds": list(given.grounds), "restrictions": list(given.restrictions)},
        decision=decision, adds=deliveries,
        context=lambda: decision_facts(notice, decision, deliveries, law),
        delivery=next((d for d in deliveries if d.channel == "email"), None),
        sms_delivery=next((d for d in deliveries if d.channel == "sms"), None),
    )
    return decision


def _require_free(session: Session, notice: Notice, proposed: Draft, law: Law) -> None:
    """Art. 11(1)(3), 13(1)(3): another place or time is proposed only where no assembly
    that may go ahead holds it; a clash is a field error naming where, when and which."""
    rules = law.at_instant(proposed.starts_at, "proposal.starts_at")
    place_id = resolve_place_id(proposed, rules)
    if place_id is None:  # a point outside the special places: nobody books it
        return
    held = bookings_at(session, place_id, proposed.starts_at, proposed.ends_at,
                       exclude_id=notice.id, go_ahead_only=True)
    if held:
        raise InvalidInput([FieldError("proposal", "place_taken", {
            "place": place_names(rules, place_id), "place_id": place_id,
            "references": [b.reference for b in held],
            **taken_when(held, law.calendar.zone),
        })])


def _place_json(notice: Notice) -> dict[str, Any]:
    if notice.place_kind in ("site", "route"):
        return {notice.place_kind: notice.place_id}
    return {"point": {"lat": notice.lat, "lon": notice.lon}, "address": notice.address}


def _plan_deliveries(
    notice: Notice, decision: Decision, doubled: tuple[str, ...], now: datetime
) -> list[Delivery]:
    # Art. 11(2), 13(2): a decision sent by e-mail or to a mobile also goes by registered mail.
    channels = list(decision.channels)
    if any(c in doubled for c in channels) and "registered_mail" not in channels:
        channels.append("registered_mail")
    return [Delivery(notice=notice, decision=decision, channel=channel, status="pending",
                     created_at=now) for channel in channels]


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
        fire(session, notice, "decline_proposal", actor=actor, now=now, law=law)
        return notice
    proposal = notice.decision.proposal if notice.decision else None
    changes: dict[str, Any] = {}
    if proposal:
        proposed = proposal_draft(
            notice_draft(notice), proposal, lambda d: parse_draft(d, law.rulebook)
        )
        place = proposed.place
        changes = {
            "starts_at": proposed.starts_at, "ends_at": proposed.ends_at,
            "event_date": law.calendar.local_date(proposed.starts_at),
            "place_kind": "site" if place.site else "route" if place.route else "point",
            "place_id": resolve_place_id(proposed, law.at_instant(proposed.starts_at)),
            "lat": place.lat, "lon": place.lon, "address": place.address,
        }
    fire(session, notice, "accept_proposal", actor=actor, now=now, law=law, changes=changes,
         data={"proposal": proposal})
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
    fire(session, notice, "withdraw", actor=actor, now=now, law=law,
         changes={"withdrawn_at": now, "withdrawal_statement": text}, data={"statement": text})
    return notice
