"""The law at the step that owns the answer: each wizard step runs the checks its answers
allow ("When": timeliness and hours; "Where": place, capacity, occupancy, zones;
"Organizer": age) and says the limit plainly.

A step's answers are checked as filing would check them (services.filing.precheck), with
the steps not reached yet assumed fine: their blank fields get neutral stand-ins that no
kept finding reads, and only the findings the step can fix are shown there.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime
from typing import Any

from assembly.errors import InvalidInput
from assembly.law.rulebook import RulesNotInForce
from assembly.notices.findings import Finding
from assembly.notices.legal_calendar import earliest_timely
from assembly.services import privacy
from assembly.services.filing import precheck
from assembly.services.law import Law
from assembly.web import database
from assembly.web.access import viewer
from assembly.web.citizen.steps import REVIEW, STEP_FIELDS, STEPS, draft_errors, rules_for
from assembly.web.draft_form import IDENTITY_STAND_INS

# The step whose answers fix each finding (the review links there).
FINDING_STEPS = {
    "late_filing": "when",
    "outside_hours": "when",
    "not_a_special_place": "place",
    "not_the_route": "place",
    "over_capacity": "place",
    "place_closed": "place",
    "place_occupied": "place",
    "prohibited_zone": "place",
    "organizer_not_adult": "organizer",
}
# Stand-ins for the answers of the steps not reached yet (none of them is read by a
# finding of an earlier step).
_LATER = {
    "place": {"expected_participants": "1"},
    "organizer": IDENTITY_STAND_INS,
}


def _with_stand_ins(step: str, values: dict[str, Any], law: Law) -> dict[str, Any]:
    filled = dict(values)
    later = STEPS[STEPS.index(step) + 1:]
    if "place" in later and not filled.get("place"):
        places = sorted(rules_for(law, values).places.values(), key=lambda p: p.id)
        filled["place"] = f"{places[0].kind}:{places[0].id}" if places else ""
    for name in later:
        for key, value in _LATER.get(name, {}).items():
            if not filled.get(key):
                filled[key] = value
    return filled


def step_findings(step: str, values: dict[str, Any], law: Law, now: datetime) -> list[Finding]:
    """The findings the step's answers give (none while the draft up to it has errors)."""
    if step not in set(FINDING_STEPS.values()):
        return []
    data, errors = draft_errors(_with_stand_ins(step, values, law), law)
    if errors:
        return []
    try:
        result = precheck(database.session(), data, filed_at=now, law=law)
    except InvalidInput:  # e.g. no rules in force: the step's own errors say it
        return []
    shown = privacy.precheck(viewer(), result)
    return [f for f in shown.findings if FINDING_STEPS.get(f.code) == step]


def earliest_date(values: dict[str, Any], law: Law, now: datetime) -> date | None:
    """The first event day still timely if the notice is filed now (its form known)."""
    try:
        rules = rules_for(law, values)
    except RulesNotInForce:
        return None
    form = str(values.get("form") or "")
    return earliest_timely(lambda _day: rules, law.calendar, now, form)


def fingerprint(step: str, values: dict[str, Any]) -> str:
    """A short digest of a step's answers: "Continue" moves on once they were checked."""
    answers = {name: values.get(name) for name in STEP_FIELDS.get(step, ())}
    text = json.dumps(answers, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def is_review_return(args: Any) -> bool:
    """True when the step was opened from the review's "Change" (it returns there)."""
    return args.get("return") == REVIEW
