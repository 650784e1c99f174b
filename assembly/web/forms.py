"""Forms: the services validate, the page shows their errors beside the fields and on top.

Forms are Flask-WTF forms used for their fields, labels and CSRF token; the checking is
done by the services (InvalidInput with FieldErrors, the same messages as the API), so
`form.validate()` and WTForms' own messages are not used. A view does:

    errors = own_checks(form)
    try: result = service(...)
    except InvalidInput as exc: errors += exc.errors
    if errors: apply_errors(form, errors, FIELDS); return render(...), 422
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from flask import Flask
from wtforms import Field, Form

from assembly.errors import FieldError
from assembly.i18n import FIELD_ERROR_MESSAGES, N_, field_error_message
from assembly.web.locale import current_language

# Codes only the web forms produce (i18n.FIELD_ERROR_MESSAGES welcomes other modules').
FIELD_ERROR_MESSAGES.update({
    "invalid_date": N_("Enter a date, e.g. 20.05.2021."),
    "invalid_time": N_("Enter a time in hours and minutes, e.g. 11:00."),
    "day_number": N_("Enter the day as a number from 1 to 31."),
    "month_number": N_("Enter the month as a number from 1 to 12."),
    "year_number": N_("Enter the year as four digits, e.g. 2027."),
    "date.out_of_range": N_("Enter a year from %(min)s to %(max)s."),
    "date_in_one_box": N_(
        "Type the day, the month and the year each in its own box, e.g. 10, 12 and 2026."
    ),
    "not_a_real_date": N_("Enter a real date: %(day)s.%(month)s.%(year)s does not exist."),
    "invalid_coordinate": N_("Enter a number of degrees, e.g. 43.2389."),
    "mismatch": N_("The two entries do not match."),
    "password_confirm.mismatch": N_("The two passwords do not match: type the same one twice."),
    "not_in_force": N_("No rules for assemblies are in force on this date."),
    "starts_at.out_of_range": N_("No rules for assemblies are in force on this date."),
    "before_start": N_("The end of the period must not be before its start."),
    "period_too_long": N_("The period can be at most %(max)s days long."),
})


@dataclass(frozen=True)
class SummaryItem:
    """One line of the error summary: the field's id (anchor), its label, the message."""

    anchor: str | None
    label: str
    message: str


def _target(form: Form, path: str, fields: Mapping[str, str]) -> Field | None:
    """The form field showing the error of a service field path ("organizer.iin")."""
    candidates = [fields.get(path), path.replace(".", "_")]
    parts = path.split(".")
    candidates += [fields.get(".".join(parts[:n])) for n in range(len(parts) - 1, 0, -1)]
    for name in candidates:
        if name and name in form._fields:
            return form._fields[name]
    return None


def apply_errors(form: Form, errors: Iterable[FieldError],
                 fields: Mapping[str, str] | None = None) -> None:
    """Put each error beside its field (`fields` maps service paths to field names)."""
    lang = current_language()
    for error in errors:
        message = field_error_message(error, lang)
        target = _target(form, error.field, fields or {})
        if target is None:
            form.form_errors.append(message)
        elif message not in target.errors:
            target.errors = [*target.errors, message]


def field_anchor(field: Field) -> str:
    """The id a link to the field should target (the first option of a radio group)."""
    return f"{field.id}-0" if field.type == "RadioField" else field.id


def error_summary(form: Form) -> list[SummaryItem]:
    """Every error of the form, fields in their order, then the form's own."""
    items = [
        SummaryItem(field_anchor(f), str(f.label.text), " ".join(map(str, f.errors)))
        for f in form
        if f.errors and f.type != "CSRFTokenField"
    ]
    items += [SummaryItem(None, "", str(message)) for message in form.form_errors]
    return items


def init_app(app: Flask) -> None:
    """Make the summary helpers available to templates."""
    app.jinja_env.globals.update(error_summary_items=error_summary, field_anchor=field_anchor)
