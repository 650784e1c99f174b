"""What each outbox message says: JSON-safe contexts built from a notice and its decision.

A message is rendered when it is sent, possibly after a restart or an upgrade: its context
carries every fact it shows (names in kk, ru and en included), never a database id to
look up again.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from assembly.law.rulebook import RulesNotInForce
from assembly.law.ruleset import Appeal, RuleSet
from assembly.models import Decision, Delivery, Notice, NoticeFinding
from assembly.notices.findings import Finding
from assembly.services.law import Law, default_law


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _rules(notice: Notice, law: Law) -> RuleSet | None:
    try:
        return law.at(notice.event_date)
    except RulesNotInForce:  # names fall back to ids
        return None


def place_names(rules: RuleSet | None, place_id: str | None) -> dict[str, str] | None:
    """The names of a special place or route in kk, ru and en (None: not a designated one)."""
    if rules is None or place_id is None or place_id not in rules.places:
        return {"kk": place_id, "ru": place_id, "en": place_id} if place_id else None
    return dict(rules.places[place_id].names)


def notice_facts(notice: Notice, law: Law | None = None) -> dict[str, Any]:
    """The notice as every message shows it: what, where, when, who, and its deadlines."""
    law = law or default_law()
    rules = _rules(notice, law)
    form = rules.forms.get(notice.form) if rules else None
    procedure = rules.procedures.get(notice.procedure) if rules else None
    point = (
        {"lat": notice.lat, "lon": notice.lon}
        if notice.place_kind == "point" and notice.lat is not None
        else None
    )
    return {
        "reference": notice.reference,
        "procedure": notice.procedure,
        "form": dict(form.names) if form else notice.form,
        "place": place_names(rules, notice.place_id) if notice.place_kind != "point" else None,
        "address": notice.address,
        "point": point,
        "starts_at": _iso(notice.starts_at),
        "ends_at": _iso(notice.ends_at),
        "expected_participants": notice.expected_participants,
        "organizer_name": notice.organizer_name,
        "registration_date": notice.registration_date.isoformat(),
        "decision_due": _iso(notice.decision_due),
        "proposal_answer_due": _iso(notice.proposal_answer_due),
        "review_article": procedure.review_article if procedure else "",
    }


def finding_facts(findings: Iterable[Finding | NoticeFinding]) -> list[dict[str, Any]]:
    """Findings with what their messages need (LAW.md §5)."""
    return [
        {"code": f.code, "article": f.article, "ground": f.ground, "severity": f.severity,
         "params": dict(f.params)}
        for f in findings
    ]


def appeal_facts(appeal: Appeal | None) -> dict[str, Any] | None:
    """The complaint period a letter may state (APPC Art. 92(1)), or None: none in force on
    the decision's date, or one not verified in the act (never shown as the law)."""
    if appeal is None or not appeal.states_the_law:
        return None
    return {"months": appeal.complaint_months, "article": appeal.article,
            "filed_with": appeal.filed_with}


def decision_facts(
    notice: Notice, decision: Decision, deliveries: Sequence[Delivery], law: Law | None = None
) -> dict[str, Any]:
    """An officer's decision as the organizer reads it (Art. 11(1), 13(1), 14(1))."""
    law = law or default_law()
    rules = law.at(law.calendar.local_date(decision.decided_at))
    outcome = rules.outcomes.get(decision.outcome)
    grounds = []
    for g in decision.grounds:
        ground = rules.grounds.get(g.ground)
        grounds.append({
            "id": g.ground,
            "article": ground.article if ground else g.ground,
            # Only the act's own words reach the organizer (GLOSSARY.md, refusal grounds).
            "names": dict(ground.names) if ground and ground.quotes_act else None,
        })
    proposal = None
    if decision.proposal:
        proposed = decision.proposal.get("place") or {}
        site = proposed.get("site") or proposed.get("route")
        proposal = {
            "starts_at": decision.proposal.get("starts_at"),
            "ends_at": decision.proposal.get("ends_at"),
            "place": place_names(law.at(notice.event_date), site) if site else None,
            "address": proposed.get("address"),
            "answer_due": _iso(notice.proposal_answer_due),
        }
    channels = [d.channel for d in deliveries]
    return {
        "outcome": decision.outcome,
        "outcome_names": (dict(outcome.names_for(notice.procedure)) if outcome
                          else {"en": decision.outcome}),
        "grounds": grounds,
        "reasoning": decision.reasoning,
        "appeal": appeal_facts(rules.appeal),
        "restrictions": list(decision.restrictions),
        "proposal": proposal,
        "channels": channels,
        "registered_mail": "registered_mail" in channels,
        "decided_at": _iso(decision.decided_at),
        "on_time": decision.on_time,
        # The public check page of the decision (its letter's QR code, the SMS's link).
        "check_id": decision.check_id,
    }
