"""The managers' what-if page: a year's checks run again under the rules of another date
(`assembly whatif` as a page): findings gained and lost by code, place and month, and the
refusals whose ground would no longer hold. It reads only."""

from __future__ import annotations

from datetime import date

from flask import render_template, request
from flask.typing import ResponseReturnValue
from flask_babel import lazy_gettext
from wtforms import Form, SelectField, StringField
from wtforms.widgets import DateInput

from assembly import clock
from assembly.i18n import N_, localize
from assembly.law.rulebook import RulesNotInForce
from assembly.services.law import Law, default_law
from assembly.services.whatif import what_if
from assembly.web import database
from assembly.web.access import roles_required
from assembly.web.forms import apply_errors
from assembly.web.locale import current_language
from assembly.web.manager import bp
from assembly.web.manager.views import chosen_year, year_choices
from assembly.web.public.forms import read_date, rules_on

REASONS = {
    "ground_unknown": N_("the ground is not in those rules"),
    "finding_lost": N_("the finding the ground needs would not be found"),
    "needs_prior_proposal": N_("it would need a prior proposal of another place or time"),
}


class WhatIfForm(Form):
    """The year replayed and the date whose rules are applied (GET)."""

    year = SelectField(lazy_gettext("Year"), choices=[], validate_choice=False)
    rules_on = StringField(lazy_gettext("Rules in force on"), widget=DateInput())


def place_names(law: Law, year: int, lang: str) -> dict[str, str]:
    """The special places and routes of the year (at its end), named in the language."""
    try:
        rules = law.at(date(year, 12, 31))
    except RulesNotInForce:
        return {}
    return {p.id: localize(p.names, lang) for p in rules.places.values()}


@bp.get("/whatif")
@roles_required("manager", "admin")
def whatif() -> ResponseReturnValue:
    """What the rules of another date (`?rules_on=`) would have changed in a year (`?year=`)."""
    law = default_law()
    year, years, errors = chosen_year()
    form = WhatIfForm(request.args)
    form.year.choices = year_choices(years, year)
    form.year.data = str(year)
    today = law.calendar.local_date(clock.now())
    on = read_date(form.rules_on.data, "rules_on", today, errors)
    rules = rules_on(law, on, "rules_on", errors, today)
    form.rules_on.data = rules.on.isoformat()
    apply_errors(form, errors)
    result = what_if(database.session(), year, rules.on, law)
    return render_template(
        "manager/whatif.html", form=form, result=result, reasons=REASONS,
        places=place_names(law, year, current_language()),
    ), 422 if errors else 200
