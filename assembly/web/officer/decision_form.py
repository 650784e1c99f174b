"""The decision form: outcome, grounds as a checklist read from the record, reasoning,
restrictions, a proposal (free slots suggested), delivery channels -> a DecisionInput."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from flask_babel import gettext, lazy_gettext
from flask_wtf import FlaskForm
from wtforms import (
    RadioField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.widgets import CheckboxInput, DateInput, ListWidget, TimeInput

from assembly.errors import FieldError
from assembly.i18n import localize
from assembly.law.ruleset import Ground, RuleSet
from assembly.law.workdays import zone
from assembly.models import Notice
from assembly.notices.findings import Precheck
from assembly.notices.slots import Slot
from assembly.services.decisions import DecisionInput
from assembly.web.labels import ground_text, label
from assembly.web.officer.forms import optional_date, optional_time, place_choices

# Service field paths of review.decide -> the form field showing their errors.
DECISION_FIELDS = {
    "outcome": "outcome",
    "grounds": "grounds",
    "reasoning": "reasoning",
    "restrictions": "restrictions",
    "channels": "channels",
    "proposal": "proposal_date",
    "proposal.starts_at": "proposal_start",
    "proposal.ends_at": "proposal_end",
    "proposal.place": "proposal_place",
}
OWN_SLOT = ""  # the slot choice "another place or time, given below"


class CheckboxesField(SelectMultipleField):
    """Several choices, one checkbox each."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class DecisionForm(FlaskForm):
    """An officer's decision on a notice (Art. 11(1), 13(1), 14(1))."""

    outcome = RadioField(lazy_gettext("Decision"), choices=[], validate_choice=False)
    grounds = CheckboxesField(lazy_gettext("Grounds for a refusal (Art. 14(1))"), choices=[],
                              validate_choice=False)
    reasoning = TextAreaField(lazy_gettext("Reasoning"))
    restrictions = CheckboxesField(lazy_gettext("Restrictions"), choices=[],
                                   validate_choice=False)
    slot = RadioField(lazy_gettext("Proposed place and time"), choices=[], default=OWN_SLOT,
                      validate_choice=False)
    proposal_date = StringField(lazy_gettext("Proposed date"), widget=DateInput())
    proposal_start = StringField(lazy_gettext("Proposed start"), widget=TimeInput())
    proposal_end = StringField(lazy_gettext("Proposed end"), widget=TimeInput())
    proposal_place = SelectField(lazy_gettext("Proposed place"), choices=[],
                                 validate_choice=False)
    channels = CheckboxesField(lazy_gettext("How the organizer is informed"), choices=[],
                               validate_choice=False)


@dataclass(frozen=True)
class GroundRow:
    """One ground of the checklist and what the record says of it."""

    ground: Ground
    name: str
    standing: str  # supported, reasoning, unavailable
    findings: tuple[str, ...]  # the codes of the findings that support it

    @property
    def unavailable(self) -> bool:
        """True when the ground cannot be cited on this record."""
        return self.standing == "unavailable"


def ground_rows(rules: RuleSet, record: Precheck, notice: Notice, lang: str) -> list[GroundRow]:
    """Every Art. 14(1) ground in force, marked from the record as checked today (LAW.md §4)."""
    rows = []
    for ground in sorted(rules.grounds.values(), key=lambda g: _numbers(g.id)):
        codes = tuple(sorted(
            f.code for f in record.findings
            if f.code in rules.findings and rules.findings[f.code].ground == ground.id
        ))
        if codes:
            standing = "supported"
        elif ground.requires_finding is not None:
            standing = "unavailable"  # a machine-checkable ground the record contradicts
        else:
            standing = "reasoning"
        if ground.requires_prior_proposal and not notice.proposal_made:
            standing = "unavailable"  # CC 61-НП: only after another place or time was proposed
        rows.append(GroundRow(ground, ground_text(ground), standing, codes))
    return rows


def _numbers(ground_id: str) -> tuple[int, ...]:
    return tuple(int(part) for part in ground_id.split(".") if part.isdigit())


def slot_value(slot: Slot) -> str:
    """A free slot as one choice value: "kind:id|start|end" (UTC instants)."""
    return f"{slot.place_kind}:{slot.place_id}|{slot.starts_at.isoformat()}|" \
           f"{slot.ends_at.isoformat()}"


def set_choices(form: DecisionForm, *, rules: RuleSet, event_rules: RuleSet | None,
                notice: Notice, outcomes: list[str], rows: list[GroundRow],
                slots: list[tuple[Slot, str]], lang: str) -> None:
    """The choices of the rules in force: outcomes possible now, grounds, restrictions, places."""
    form.outcome.choices = [
        SelectChoice(o, localize(rules.outcomes[o].names, lang)) for o in outcomes
    ]
    form.grounds.choices = [SelectChoice(r.ground.id, f"{r.ground.id} {r.name}") for r in rows]
    restricted = rules.outcomes.get("approve_restricted")
    allowed = restricted.restrictions.get(notice.procedure, ()) if restricted else ()
    form.restrictions.choices = [SelectChoice(r, label("restriction", r)) for r in allowed]
    form.slot.choices = [SelectChoice(slot_value(s), text) for s, text in slots] + [
        SelectChoice(OWN_SLOT, gettext("Another place or time, given below"))
    ]
    form.proposal_place.choices = [SelectChoice("", gettext("The place notified"))]
    if event_rules is not None:
        form.proposal_place.choices += [
            c for c in place_choices(event_rules, lang)
            if notice.form in event_rules.places[c.value.partition(":")[2]].forms
        ]
    form.channels.choices = [SelectChoice(c, label("channel", c)) for c in rules.delivery_channels]


def default_channels(notice: Notice) -> list[str]:
    """The organizer's e-mail if given (doubled by registered mail), else registered mail."""
    return ["email"] if notice.organizer_email else ["registered_mail"]


def _slot_proposal(value: str, errors: list[FieldError]) -> dict[str, Any] | None:
    try:
        place, starts_at, ends_at = value.split("|")
        kind, _, place_id = place.partition(":")
        datetime.fromisoformat(starts_at), datetime.fromisoformat(ends_at)
    except ValueError:
        errors.append(FieldError("slot", "invalid"))
        return None
    return {"starts_at": starts_at, "ends_at": ends_at, "place": {kind: place_id}}


def _typed_proposal(form: DecisionForm, notice: Notice, timezone: str,
                    errors: list[FieldError]) -> dict[str, Any] | None:
    local = zone(timezone)
    day = optional_date(form.proposal_date.data, "proposal_date", errors)
    start = optional_time(form.proposal_start.data, "proposal_start", errors)
    end = optional_time(form.proposal_end.data, "proposal_end", errors)
    proposal: dict[str, Any] = {}
    if day or start or end:
        # What is left blank stays as notified: the day, the start or the end.
        base_day: date = day or notice.event_date
        first: time = start or notice.starts_at.astimezone(local).time().replace(tzinfo=None)
        last: time = end or notice.ends_at.astimezone(local).time().replace(tzinfo=None)
        proposal["starts_at"] = datetime.combine(base_day, first, local).isoformat()
        proposal["ends_at"] = datetime.combine(base_day, last, local).isoformat()
    kind, _, place_id = (form.proposal_place.data or "").partition(":")
    if place_id:
        proposal["place"] = {kind: place_id}
    return proposal or None


def decision_input(form: DecisionForm, notice: Notice,
                   timezone: str) -> tuple[DecisionInput, list[FieldError]]:
    """The decision as given; only the parts that belong to the chosen outcome are sent."""
    errors: list[FieldError] = []
    outcome = form.outcome.data or ""
    if not outcome:
        errors.append(FieldError("outcome", "required"))
    proposal = None
    if outcome == "propose_change":
        chosen = form.slot.data or OWN_SLOT
        proposal = (_slot_proposal(chosen, errors) if chosen != OWN_SLOT
                    else _typed_proposal(form, notice, timezone, errors))
    given = DecisionInput(
        outcome=outcome,
        grounds=tuple(form.grounds.data or ()) if outcome == "refuse" else (),
        reasoning=form.reasoning.data or None,
        restrictions=(tuple(form.restrictions.data or ())
                      if outcome == "approve_restricted" else ()),
        proposal=proposal,
        channels=tuple(form.channels.data or ()),
    )
    return given, errors
