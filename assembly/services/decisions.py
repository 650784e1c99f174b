"""Validating an officer's decision against LAW.md §3-§4 before anything changes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from assembly.errors import FieldError, InvalidInput
from assembly.law.ruleset import RuleSet
from assembly.notices.document import Document, decision_document
from assembly.notices.draft import Draft
from assembly.notices.findings import Precheck

MAX_REASONING = 10_000


@dataclass(frozen=True)
class DecisionInput:
    """An officer's decision as given (API body or web form)."""

    outcome: str
    grounds: Sequence[str] = ()
    reasoning: str | None = None
    restrictions: Sequence[str] = ()
    proposal: dict[str, Any] | None = None
    channels: Sequence[str] = ()
    signature: str | None = None  # the officer's EDS over `document` (base64 CMS)

    def document(self, reference: str) -> Document:
        """The decision's canonical document: what the deciding officer signs."""
        return decision_document(
            reference, outcome=self.outcome, grounds=self.grounds, reasoning=self.reasoning,
            restrictions=self.restrictions, proposal=self.proposal, channels=self.channels)


def validate_decision(
    given: DecisionInput,
    *,
    procedure: str,
    rules: RuleSet,
    record: Precheck | None,
    proposal_made: bool,
) -> None:
    """Raise InvalidInput unless the decision is one the law allows on this record."""
    errors: list[FieldError] = []
    if given.outcome not in rules.outcomes:
        raise InvalidInput([FieldError("outcome", "unknown", {"value": given.outcome})])
    for i, channel in enumerate(given.channels):
        if channel not in rules.delivery_channels:
            errors.append(FieldError(f"channels.{i}", "unknown", {"value": channel}))
    reasoning = (given.reasoning or "").strip()
    if len(reasoning) > MAX_REASONING:
        errors.append(FieldError("reasoning", "too_long", {"max": MAX_REASONING}))
    elif "\x00" in reasoning:  # never meaningful, and PostgreSQL cannot store it
        errors.append(FieldError("reasoning", "invalid_characters"))
    if given.outcome == "refuse":
        errors += _refusal_errors(given, reasoning, rules, record, proposal_made)
    elif given.grounds:
        errors.append(FieldError("grounds", "not_allowed", {"outcome": given.outcome}))
    if given.outcome == "approve_restricted":
        allowed = rules.outcomes["approve_restricted"].restrictions.get(procedure, ())
        if not given.restrictions:
            errors.append(FieldError("restrictions", "required"))
        for i, restriction in enumerate(given.restrictions):
            if restriction not in allowed:
                errors.append(FieldError(f"restrictions.{i}", "unknown", {"value": restriction}))
    elif given.restrictions:
        errors.append(FieldError("restrictions", "not_allowed", {"outcome": given.outcome}))
    if given.outcome == "propose_change" and not given.proposal:
        errors.append(FieldError("proposal", "required"))
    elif given.outcome != "propose_change" and given.proposal:
        errors.append(FieldError("proposal", "not_allowed", {"outcome": given.outcome}))
    if errors:
        raise InvalidInput(errors)


def _refusal_errors(
    given: DecisionInput, reasoning: str, rules: RuleSet, record: Precheck | None,
    proposal_made: bool,
) -> list[FieldError]:
    # Art. 14(1): a closed list of grounds, at least one; written reasoning where the rules
    # require it (LAW.md §4: "reasoned and motivated", CC 61-НП).
    errors: list[FieldError] = []
    if not given.grounds:
        errors.append(FieldError("grounds", "required"))
    if not reasoning and rules.outcomes["refuse"].requires_reasoning:
        errors.append(FieldError("reasoning", "required"))
    held = record.codes() if record is not None else set()
    for i, ground_id in enumerate(given.grounds):
        ground = rules.grounds.get(ground_id)
        if ground is None:
            errors.append(FieldError(f"grounds.{i}", "unknown", {"value": ground_id}))
            continue
        # A machine-checkable ground the record contradicts is rejected (LAW.md §4).
        if ground.requires_finding and not _supported(ground_id, held, rules):
            errors.append(
                FieldError(
                    f"grounds.{i}",
                    "not_supported",
                    {"ground": ground_id, "finding": ground.requires_finding},
                )
            )
        # CC normative resolution 61-НП: 14.1.10 only after an alternative was proposed.
        if ground.requires_prior_proposal and not proposal_made:
            errors.append(FieldError(f"grounds.{i}", "proposal_required", {"ground": ground_id}))
    return errors


def _supported(ground_id: str, held: set[str], rules: RuleSet) -> bool:
    """True when a finding that supports this ground holds on the record."""
    return any(rules.findings[code].ground == ground_id for code in held if code in rules.findings)


def proposal_draft(base: Draft, proposal: dict[str, Any], parse: Any) -> Draft:
    """The draft as it would be with the proposed place and time (validated like a filing)."""
    from assembly.notices.validation import draft_to_json

    data = draft_to_json(base)
    unknown = set(proposal) - {"starts_at", "ends_at", "place"}
    if unknown:
        raise InvalidInput([FieldError(f"proposal.{k}", "unknown_field") for k in sorted(unknown)])
    for key in ("starts_at", "ends_at", "place"):
        if key in proposal:
            data[key] = proposal[key]
    try:
        return parse(data)
    except InvalidInput as exc:
        raise InvalidInput(
            [FieldError(f"proposal.{e.field}", e.code, e.params) for e in exc.errors]
        ) from exc


def decided_on_time(decided_at: datetime, decision_due: datetime) -> bool:
    """True when the decision came within the review period (Art. 11(1), 13(1))."""
    return decided_at <= decision_due
