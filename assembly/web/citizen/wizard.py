"""The filing wizard: what kind -> when -> where -> organizer -> review, kept as a draft.

Each step's POST keeps what was typed in the citizen's draft (valid or not: nothing
typed is lost), then checks the step's own fields and moves on, or shows the errors
beside them. "Back" and "Save and finish later" keep without checking.
"""

from __future__ import annotations

from typing import Any

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext
from flask_login import current_user
from wtforms import Field

from assembly import clock
from assembly.db import Session
from assembly.errors import InvalidInput
from assembly.models import CitizenDraft, User
from assembly.notices.findings import Finding
from assembly.services.citizen import create_draft, draft_of, update_draft
from assembly.services.law import Law, default_law
from assembly.web import database
from assembly.web.access import roles_required
from assembly.web.citizen import bp
from assembly.web.citizen.calendar import calendar_view, picked_day
from assembly.web.citizen.review import review_page, submit
from assembly.web.citizen.step_checks import (
    earliest_date,
    fingerprint,
    is_review_return,
    step_findings,
)
from assembly.web.citizen.steps import (
    FIELD_NAMES,
    REVIEW,
    STEP_FIELDS,
    STEP_TITLES,
    STEPS,
    initial_values,
    next_step,
    place_map,
    previous_step,
    rules_for,
    step_errors,
)
from assembly.web.draft_form import DRAFT_FIELDS, DraftForm
from assembly.web.forms import apply_errors
from assembly.web.locale import current_language

ACTIONS = ("next", "back", "save")


def _value(field: Field) -> Any:
    """What a field holds as the draft keeps it: text as typed, or a boolean."""
    return "" if field.data is None else field.data


def render_step(step: str, form: DraftForm, draft: CitizenDraft | None,
                values: dict[str, Any], law: Law, status: int = 200,
                findings: list[Finding] | None = None) -> ResponseReturnValue:
    """One step's page: its fields, the steps around it, (where) the map, and the findings
    of its answers with the limits they set."""
    lang = current_language()
    now = clock.now()
    rules = rules_for(law, values)
    form.set_choices(rules, lang)
    returning = is_review_return(request.args) or request.form.get("return") == REVIEW
    action = (url_for("citizen.step", draft_id=draft.id, step=step) if draft is not None
              else url_for("citizen.start"))
    if findings is None:  # a step already answered says what the law makes of it
        filled = any(values.get(name) for name in STEP_FIELDS[step])
        findings = step_findings(step, values, law, now) if filled and draft else []
    page = render_template(
        f"citizen/step_{step}.html", form=form, draft=draft, step=step, steps=STEPS,
        titles=STEP_TITLES, rules=rules, action=action, findings=findings,
        earliest=earliest_date(values, law, now) if step == "when" else None,
        checked=fingerprint(step, values), returning=returning,
        view=place_map(law, values, lang) if step == "place" else None,
        calendar=(calendar_view(law, values, request.args, now, database.session())
                  if step == "when" else None),
    )
    return page, status


def _keep(db: Session, user: User, draft: CitizenDraft | None, values: dict[str, Any],
          entered: dict[str, Any], step: str) -> CitizenDraft | None:
    """Keep the step's values; a new draft only once something was typed."""
    now = clock.now()
    if draft is not None:
        return update_draft(db, draft, entered, names=STEP_FIELDS[step], now=now)
    if not any(entered.values()):
        return None
    return create_draft(db, user, {**values, **entered}, names=FIELD_NAMES, now=now)


def _step(draft: CitizenDraft | None, step: str) -> ResponseReturnValue:
    law = default_law()
    user = current_user.user
    values = dict(draft.data) if draft is not None else initial_values(user)
    if request.method == "GET":
        picked = picked_day(request.args) if step == "when" else None
        if picked is not None:  # a day tapped on the calendar fills the boxes (not kept yet)
            values["date"] = picked.isoformat()
        return render_step(step, DraftForm(formdata=None, data=values), draft, values, law)
    form = DraftForm(data=values)  # the request's fields over the kept ones
    if form.date.box_error is not None:  # the boxes make no date: said, and nothing kept
        apply_errors(form, form.date.box_errors(), DRAFT_FIELDS)
        return render_step(step, form, draft, values, law, 422)
    entered = {name: _value(form[name]) for name in STEP_FIELDS[step]}
    action = request.form.get("action", "next")
    if action not in ACTIONS:
        abort(400)
    db = database.session()
    kept = draft
    try:
        draft = _keep(db, user, draft, values, entered, step)
    except InvalidInput as exc:  # too many drafts, or a value beyond any reason
        db.rollback()
        apply_errors(form, exc.errors, DRAFT_FIELDS)
        return render_step(step, form, kept, values, law, 422)
    values = {**values, **entered}
    errors = step_errors(step, values, law) if action == "next" else []
    database.commit()
    if action == "save":
        if draft is not None:
            flash(gettext("Your draft is kept: continue it from “My drafts” at any time."),
                  "success")
        return redirect(url_for("citizen.drafts"))
    if errors or draft is None:
        apply_errors(form, errors, DRAFT_FIELDS)
        return render_step(step, form, draft, values, law, 422 if errors else 200)
    if action == "next" and request.form.get("checked") != fingerprint(step, values):
        # New answers the law has something to say about: said here, once, before moving on.
        findings = step_findings(step, values, law, clock.now())
        if findings:
            return render_step(step, form, draft, values, law, findings=findings)
    if action == "next" and request.form.get("return") == REVIEW:
        return redirect(url_for("citizen.step", draft_id=draft.id, step=REVIEW))
    target = previous_step(step) if action == "back" else next_step(step)
    return redirect(url_for("citizen.step", draft_id=draft.id, step=target))


@bp.route("/file", methods=["GET", "POST"])
@roles_required("citizen")
def start() -> ResponseReturnValue:
    """The first step of a new notice; the draft is kept once something is typed."""
    return _step(None, STEPS[0])


@bp.route("/file/calendar.json")
@roles_required("citizen")
def calendar_json() -> ResponseReturnValue:
    """The legal calendar of "When" as JSON: `?form=rally&place=site:x&month=2026-12`."""
    law = default_law()
    values = {"form": request.args.get("form", ""), "place": request.args.get("place", "")}
    view = calendar_view(law, values, request.args, clock.now(), database.session())
    if view is None:
        abort(404)
    return jsonify(view.as_dict(law.calendar.zone))


@bp.route("/file/<draft_id>/<step>", methods=["GET", "POST"])
@roles_required("citizen")
def step(draft_id: str, step: str) -> ResponseReturnValue:
    """A step of a kept draft; the review step's POST files the notice."""
    if step not in STEPS:
        abort(404)
    db = database.session()
    user = current_user.user
    if step == REVIEW:
        if request.method == "POST":
            return submit(db, user, draft_id, default_law())
        return review_page(db, draft_of(db, user, draft_id), default_law())
    return _step(draft_of(db, user, draft_id), step)
