"""The public precheck: a draft checked against the rules and bookings, nothing stored."""

from __future__ import annotations

from datetime import date

from flask import render_template, request
from flask.typing import ResponseReturnValue

from assembly import clock
from assembly.errors import InvalidInput
from assembly.law.rulebook import RulesNotInForce
from assembly.notices.findings import Precheck
from assembly.services import privacy
from assembly.services.filing import precheck as run_precheck
from assembly.services.law import Law, default_law
from assembly.web import database
from assembly.web.access import viewer
from assembly.web.draft_form import (
    DRAFT_FIELDS,
    DraftForm,
    answers_of,
    draft_data,
    merge_errors,
    parse_date,
    with_identity_stand_ins,
)
from assembly.web.forms import apply_errors
from assembly.web.locale import current_language
from assembly.web.public import bp
from assembly.web.public.pages import today
from assembly.web.svgmap import MapView, map_view


def _event_date(form: DraftForm) -> date | None:
    try:
        return parse_date((form.date.data or "").strip())
    except ValueError:
        return None


def _rules_day(law: Law, form: DraftForm) -> date:
    """The day whose rules list the forms and places: the event's, else today."""
    day = _event_date(form)
    if day is not None:
        try:
            law.at(day)
            return day
        except RulesNotInForce:
            pass
    return today(law)


def _result_map(law: Law, result: Precheck, data: dict, lang: str) -> MapView:
    place = data.get("place") or {}
    point = place.get("point")
    return map_view(
        law.at(result.event_date), lang,
        point=(point["lat"], point["lon"]) if point else None,
        highlight=place.get("site") or place.get("route"),
    )


@bp.route("/precheck", methods=["GET", "POST"])
def precheck() -> ResponseReturnValue:
    """Check a draft: the deadlines and every finding in plain words, before filing."""
    law = default_law()
    lang = current_language()
    form = DraftForm()
    rules = law.at(_rules_day(law, form))
    form.set_choices(rules, lang)
    page = {"form": form, "rules": rules, "result": None, "view": None}
    if request.method == "GET":
        return render_template("public/precheck.html", **page)
    # The precheck needs no identity: blank organizer fields get neutral stand-ins.
    answers = with_identity_stand_ins(answers_of(form))
    checked = DraftForm(formdata=None, data=answers, meta={"csrf": False})
    data, errors = draft_data(checked, law.rulebook.timezone)
    boxes = form.date.box_errors()  # day / month / year boxes that make no date say why
    if boxes:
        errors = boxes + [e for e in errors if e.field != "date"]
    try:
        result = run_precheck(database.session(), data, filed_at=clock.now(), law=law)
    except InvalidInput as exc:
        errors = merge_errors(errors, exc.errors)
    if errors:
        apply_errors(form, errors, DRAFT_FIELDS)
        return render_template("public/precheck.html", **page), 422
    # A place taken says when; by which notice, to officers only (services.privacy).
    page.update(result=privacy.precheck(viewer(), result),
                view=_result_map(law, result, data, lang))
    return render_template("public/precheck.html", **page)

