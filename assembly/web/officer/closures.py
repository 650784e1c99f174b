"""Closures of special places and routes (Art. 14(1)(10), works limb): the officers' list of
the coming closures, with their reason and source, and the form that records one."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from flask import flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext, lazy_gettext
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import SelectChoice, SelectField, StringField, TextAreaField
from wtforms.widgets import DateInput, TimeInput

from assembly import clock
from assembly.actors import Actor
from assembly.errors import FieldError, InvalidInput
from assembly.law.ruleset import RuleSet
from assembly.law.workdays import zone
from assembly.services.closures import record_closure, recorded_closures
from assembly.services.law import Law, default_law
from assembly.web import database
from assembly.web.access import roles_required
from assembly.web.forms import apply_errors
from assembly.web.labels import label
from assembly.web.locale import current_language
from assembly.web.officer import ACTORS, READERS, bp
from assembly.web.officer.common import today_rules
from assembly.web.officer.forms import optional_date, optional_time, place_choices

SHOWN_DAYS = 180  # the list: closures from today to half a year ahead
# Service field paths of closures.record_closure -> the form field showing their errors.
CLOSURE_FIELDS = {"place": "place", "starts_at": "start_date", "ends_at": "end_date",
                  "kind": "kind", "reason": "reason", "source": "source"}


class ClosureForm(FlaskForm):
    """A special place or route closed for works or an official event, and on what act."""

    place = SelectField(lazy_gettext("Special place or route"), choices=[],
                        validate_choice=False)
    start_date = StringField(lazy_gettext("Closed from (date)"), widget=DateInput())
    start_time = StringField(lazy_gettext("Closed from (time)"), widget=TimeInput())
    end_date = StringField(lazy_gettext("Closed until (date)"), widget=DateInput())
    end_time = StringField(lazy_gettext("Closed until (time)"), widget=TimeInput())
    kind = SelectField(lazy_gettext("Why it is closed"), choices=[], validate_choice=False)
    reason = TextAreaField(lazy_gettext("Details (not published)"))
    source = StringField(lazy_gettext("Act or letter behind it (not published)"))

    def set_choices(self, rules: RuleSet, lang: str) -> None:
        """The places in force and the kinds of closure of the rules, in the language."""
        self.place.choices = [SelectChoice("", gettext("Choose the place"))]
        self.place.choices += [SelectChoice(c.value.partition(":")[2], c.label)
                               for c in place_choices(rules, lang)]
        self.kind.choices = [SelectChoice(k, label("closure", k)) for k in rules.closure_kinds]

    def data_for_service(self, timezone: str) -> tuple[dict[str, Any], list[FieldError]]:
        """The closure in the shape of POST /closures, and what could not be read."""
        errors: list[FieldError] = []
        data: dict[str, Any] = {"place": self.place.data or "", "kind": self.kind.data or None,
                                "reason": self.reason.data or "",
                                "source": self.source.data or ""}
        for key, day_field, time_field in (("starts_at", "start_date", "start_time"),
                                           ("ends_at", "end_date", "end_time")):
            day = optional_date(getattr(self, day_field).data, day_field, errors)
            at = optional_time(getattr(self, time_field).data, time_field, errors)
            for value, field in ((day, day_field), (at, time_field)):
                if value is None and not any(e.field == field for e in errors):
                    errors.append(FieldError(field, "required"))
            if day and at:
                data[key] = datetime.combine(day, at, zone(timezone)).isoformat()
        return data, errors


def _form(law: Law, now: datetime) -> ClosureForm:
    form = ClosureForm()
    form.set_choices(today_rules(law, now), current_language())
    return form


def _page(form: ClosureForm, today: date) -> dict[str, Any]:
    closures = recorded_closures(database.session(), today, today + timedelta(SHOWN_DAYS))
    return {"form": form, "closures": closures, "today": today}


@bp.get("/closures")
@roles_required(*READERS)
def closures() -> ResponseReturnValue:
    """The coming closures, with the form recording one (shown to officers)."""
    law = default_law()
    now = clock.now()
    return render_template("officer/closures.html",
                           **_page(_form(law, now), law.calendar.local_date(now)))


@bp.post("/closures")
@roles_required(*ACTORS)
def record_closure_form() -> ResponseReturnValue:
    """Record a closure; the precheck finds `place_closed` there from now on."""
    law = default_law()
    now = clock.now()
    form = _form(law, now)
    data, errors = form.data_for_service(law.rulebook.timezone)
    if not errors:
        session = database.session()
        try:
            record_closure(session, data, actor=Actor.of(current_user.user), now=now, law=law)
        except InvalidInput as exc:
            session.rollback()
            errors = exc.errors
    if errors:
        apply_errors(form, errors, CLOSURE_FIELDS)
        return render_template("officer/closures.html",
                               **_page(form, law.calendar.local_date(now))), 422
    database.commit()
    flash(gettext("The closure has been recorded."), "success")
    return redirect(url_for("officer.closures"))
