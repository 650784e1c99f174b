"""The filing wizard's steps: the fields each shows, and the errors each step owns.

A step is checked by validating the whole draft as filing would (`draft_data`, then
`parse_draft`, then the rules in force on the start) and keeping the errors that belong
to the step's own fields; later steps' gaps wait for their turn, and the review step
shows whatever is left, step by step.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from assembly.errors import FieldError, InvalidInput
from assembly.i18n import FIELD_ERROR_MESSAGES, N_
from assembly.law.rulebook import RulesNotInForce
from assembly.law.ruleset import RuleSet
from assembly.models import User
from assembly.notices.geography import LatLon
from assembly.notices.validation import parse_draft
from assembly.services.law import Law
from assembly.web.draft_form import (
    DRAFT_FIELDS,
    MADE_OF,
    POINT,
    DraftForm,
    draft_data,
    merge_errors,
    parse_date,
)
from assembly.web.public.pages import today
from assembly.web.svgmap import MapView, map_view

REVIEW = "review"
STEPS = ("form", "when", "place", "organizer", REVIEW)
STEP_FIELDS: dict[str, tuple[str, ...]] = {
    "form": ("form", "purpose", "sound_amplification", "vehicles", "structures"),
    "when": ("date", "start_time", "end_time"),
    "place": ("place", "lat", "lon", "address", "expected_participants"),
    "organizer": ("organizer_kind", "organizer_name", "organizer_id_number",
                  "organizer_address", "organizer_email", "organizer_phone"),
    REVIEW: (),
}
FIELD_NAMES = tuple(name for step in STEPS for name in STEP_FIELDS[step])
STEP_TITLES = {
    "form": N_("What kind of assembly"),
    "when": N_("When"),
    "place": N_("Where"),
    "organizer": N_("Organizer"),
    REVIEW: N_("Check and file"),
}
FIELD_ERROR_MESSAGES.update({
    "drafts.too_many": N_("You can keep at most %(max)s drafts: file or delete one first."),
})


@dataclass(frozen=True)
class StepProblems:
    """The errors left in one step, for the review page."""

    step: str
    errors: tuple[FieldError, ...]


def initial_values(user: User) -> dict[str, Any]:
    """A new draft: the organizer is, until changed, the signed-in citizen (name, IIN and
    address as kept on the account page)."""
    return {"organizer_kind": "person", "organizer_name": user.full_name or "",
            "organizer_id_number": user.iin or "", "organizer_address": user.address or "",
            "organizer_email": user.email}


def stored_form(values: dict[str, Any]) -> DraftForm:
    """A DraftForm holding the draft's values (not the request's), for checking them."""
    return DraftForm(formdata=None, data=values, meta={"csrf": False})


def event_date(values: dict[str, Any]) -> date | None:
    """The day of the assembly as typed, if it reads as a date."""
    try:
        return parse_date(str(values.get("date") or "").strip())
    except ValueError:
        return None


def rules_for(law: Law, values: dict[str, Any]) -> RuleSet:
    """The rules that list the forms and places: those of the event's day, else today's."""
    day = event_date(values)
    if day is not None:
        try:
            return law.at(day)
        except RulesNotInForce:
            pass
    return law.at(today(law))


def field_of(error: FieldError) -> str:
    """The form field that shows a service error ("organizer.iin" -> organizer_id_number)."""
    return DRAFT_FIELDS.get(error.field, error.field)


def step_of(error: FieldError) -> str | None:
    """The step whose fields show the error (None: the draft as a whole)."""
    names = MADE_OF.get(error.field, {field_of(error)})
    return next((s for s in STEPS if names & set(STEP_FIELDS[s])), None)


def draft_errors(values: dict[str, Any], law: Law) -> tuple[dict[str, Any], list[FieldError]]:
    """The draft in API.md's shape, and every error filing it would meet."""
    data, errors = draft_data(stored_form(values), law.rulebook.timezone)
    try:
        parse_draft(data, law.rulebook)
    except InvalidInput as exc:
        errors = merge_errors(errors, exc.errors)
    if data["starts_at"] and not any(e.field == "starts_at" for e in errors):
        try:
            law.at_instant(datetime.fromisoformat(data["starts_at"]))
        except InvalidInput as exc:  # no rules in force on that day
            errors += exc.errors
    return data, errors


def step_errors(step: str, values: dict[str, Any], law: Law) -> list[FieldError]:
    """The errors of one step's fields."""
    return [e for e in draft_errors(values, law)[1] if step_of(e) == step]


def problems_by_step(errors: list[FieldError]) -> list[StepProblems]:
    """The errors grouped by the step that shows them, in the wizard's order."""
    grouped = [
        StepProblems(step, tuple(e for e in errors if step_of(e) == step))
        for step in STEPS if step != REVIEW
    ]
    return [group for group in grouped if group.errors]


def next_step(step: str) -> str:
    """The step after `step` (the review is last)."""
    return STEPS[min(STEPS.index(step) + 1, len(STEPS) - 1)]


def previous_step(step: str) -> str:
    """The step before `step` (the first is its own)."""
    return STEPS[max(STEPS.index(step) - 1, 0)]


def _coordinate(value: Any) -> float | None:
    try:
        return float(str(value).replace(",", ".")) if value not in (None, "") else None
    except ValueError:
        return None


def place_map(law: Law, values: dict[str, Any], lang: str) -> MapView:
    """The places and routes in force on the chosen day, the chosen one highlighted."""
    choice = str(values.get("place") or "")
    point: LatLon | None = None
    if choice == POINT:
        lat, lon = _coordinate(values.get("lat")), _coordinate(values.get("lon"))
        if lat is not None and lon is not None and abs(lat) <= 90 and abs(lon) <= 180:
            point = (lat, lon)
    return map_view(
        rules_for(law, values), lang, point=point, highlight=choice.partition(":")[2] or None,
        prohibited=values.get("form") == "picket",
    )
