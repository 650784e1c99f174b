"""The wizard's last step: everything typed, the live precheck, and filing the notice.

Filing uses the draft's id as the idempotency key: a second submit of the same draft
(a double click, a resent form) files nothing new and leads to the notice filed first.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import flask_babel
from flask import redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext
from wtforms import Field

from assembly import clock
from assembly.db import Session
from assembly.errors import FieldError, InvalidInput, NotFound
from assembly.i18n import field_error_message
from assembly.models import CitizenDraft, User
from assembly.notices.findings import Precheck
from assembly.services import privacy
from assembly.services.citizen import delete_draft, draft_key, draft_of, filed_from_draft
from assembly.services.filing import document_of, file_notice, precheck
from assembly.services.law import Law
from assembly.web.access import viewer
from assembly.web.citizen.step_checks import FINDING_STEPS
from assembly.web.citizen.steps import (
    REVIEW,
    STEP_FIELDS,
    STEP_TITLES,
    STEPS,
    draft_errors,
    event_date,
    field_of,
    place_map,
    problems_by_step,
    rules_for,
    stored_form,
)
from assembly.web.database import commit
from assembly.web.draft_form import POINT, DraftForm
from assembly.web.locale import current_language
from assembly.web.signing import ncalayer_url, signing_page, signing_policy

POINT_ONLY = ("lat", "lon")


@dataclass(frozen=True)
class Row:
    """One line of the review: a field's label and what it holds, in words."""

    label: str
    value: str


def _shown(field: Field) -> str:
    """A field's value as the citizen reads it."""
    data = field.data
    if field.type == "BooleanField":
        return gettext("yes") if data else gettext("no")
    if field.type in ("SelectField", "RadioField"):
        chosen = next((c for c in field.choices if data and c.value == data), None)
        return str(chosen.label) if chosen is not None else str(data or "—")
    if field.name == "date" and (day := event_date({"date": data})) is not None:
        return flask_babel.format_date(day, "long")
    return str(data or "").strip() or "—"


def summary(values: dict[str, Any], law: Law) -> dict[str, list[Row]]:
    """Each step's fields as label and value, in the wizard's order."""
    form = stored_form(values)
    form.set_choices(rules_for(law, values), current_language())
    point = values.get("place") == POINT
    return {
        step: [Row(str(form[name].label.text), _shown(form[name]))
               for name in STEP_FIELDS[step] if point or name not in POINT_ONLY]
        for step in STEPS if step != REVIEW
    }


def review_page(db: Session, draft: CitizenDraft, law: Law,
                errors: list[FieldError] | None = None, status: int = 200) -> ResponseReturnValue:
    """The review: the draft's content, then its deadlines and findings, or what is missing."""
    values = dict(draft.data)
    data, found = draft_errors(values, law)
    errors = errors if errors is not None else found
    result: Precheck | None = None
    # A refused signature leaves the draft as it was: its check and the signing stay.
    if not found and all(e.field == "signature" for e in errors):
        try:
            result = privacy.precheck(viewer(), precheck(db, data, filed_at=clock.now(),
                                                         law=law))
        except InvalidInput as exc:
            errors = exc.errors
    lang = current_language()
    form = stored_form(values)
    stepped = problems_by_step(errors)
    problems = [(group.step, _explained(group.errors, form, lang)) for group in stepped]
    unplaced = [e for e in errors if not any(e in group.errors for group in stepped)]
    if unplaced:
        problems.append((None, _explained(unplaced, form, lang)))
    page = render_template(
        "citizen/review.html", draft=draft, step=REVIEW, steps=STEPS, titles=STEP_TITLES,
        rows=summary(values, law), result=result, problems=problems,
        finding_steps=FINDING_STEPS,
        view=place_map(law, values, lang) if result is not None else None, lang=lang,
        document=document_of(data, law) if result is not None else None,
        signing=signing_policy(), ncalayer=ncalayer_url(),
    )
    response = signing_page(page)
    response.status_code = status
    return response


def _explained(errors: tuple[FieldError, ...] | list[FieldError], form: DraftForm,
               lang: str) -> list[Row]:
    """Each error with the label of the field that shows it."""
    rows = []
    for error in errors:
        name = field_of(error)
        label = str(form[name].label.text) if name in form._fields else ""
        rows.append(Row(label, field_error_message(error, lang)))
    return rows


def _to_notice(reference: str) -> ResponseReturnValue:
    """The confirmation panel of the filing (a submit repeated finds the same one)."""
    return redirect(url_for("citizen.filed", reference=reference))


def submit(db: Session, user: User, draft_id: str, law: Law) -> ResponseReturnValue:
    """File the draft as of now, once; then forget it and confirm the filing."""
    try:
        draft = draft_of(db, user, draft_id, for_update=True)
    except NotFound:
        filed = filed_from_draft(db, user, draft_id)  # submitted twice: the first one counts
        if filed is None:
            raise
        return _to_notice(filed.reference)
    data, errors = draft_errors(dict(draft.data), law)
    if errors:
        return review_page(db, draft, law, errors, 422)
    try:
        filing = file_notice(
            db, data, owner=user, now=clock.now(), idempotency_key=draft_key(draft.id),
            language=current_language(), law=law,
            signature=request.form.get("signature") or None, signing=signing_policy(),
        )
    except InvalidInput as exc:
        db.rollback()
        return review_page(db, draft, law, exc.errors, 422)
    reference = filing.notice.reference
    delete_draft(db, draft)
    commit()
    return _to_notice(reference)
