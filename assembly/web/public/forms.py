"""The public pages' query forms (GET: no CSRF token needed) and their checks."""

from __future__ import annotations

from datetime import date, timedelta

from flask_babel import lazy_gettext
from wtforms import Form, SelectField, StringField
from wtforms.widgets import DateInput

from assembly.errors import FieldError
from assembly.law.rulebook import RulesNotInForce
from assembly.law.ruleset import RuleSet
from assembly.services.law import Law
from assembly.services.occupancy import MAX_DAYS
from assembly.web.parsing import parse_date

DEFAULT_DAYS = 30


class DateForm(Form):
    """A date (`?on=`): the rules in force on it."""

    on = StringField(lazy_gettext("Date"), widget=DateInput())


class OccupancyForm(Form):
    """A period and, optionally, one place."""

    start = StringField(lazy_gettext("From"), name="from", widget=DateInput())
    end = StringField(lazy_gettext("To"), name="to", widget=DateInput())
    place = SelectField(lazy_gettext("Place"), choices=[], validate_choice=False)


def read_date(value: str | None, field: str, default: date,
              errors: list[FieldError]) -> date:
    """A date from the query (ISO or dd.mm.yyyy), `default` when blank or wrong."""
    text = (value or "").strip()
    if not text:
        return default
    try:
        return parse_date(text)
    except ValueError:
        errors.append(FieldError(field, "invalid_date"))
        return default


def rules_on(law: Law, day: date, field: str, errors: list[FieldError],
             fallback: date) -> RuleSet:
    """The rules in force on `day`; on a date before them, an error and `fallback`'s."""
    try:
        return law.at(day)
    except RulesNotInForce:
        errors.append(FieldError(field, "not_in_force"))
        return law.at(fallback)


def read_period(form: OccupancyForm, default_start: date, errors: list[FieldError],
                default_days: int = DEFAULT_DAYS) -> tuple[date, date]:
    """The period asked (default: `default_days` from `default_start`), at most MAX_DAYS."""
    start = read_date(form.start.data, "from", default_start, errors)
    end = read_date(form.end.data, "to", start + timedelta(days=default_days), errors)
    if end < start:
        errors.append(FieldError("to", "before_start"))
        end = start
    elif (end - start).days >= MAX_DAYS:
        errors.append(FieldError("to", "period_too_long", {"max": MAX_DAYS}))
        end = start + timedelta(days=MAX_DAYS - 1)
    return start, end
