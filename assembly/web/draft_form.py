"""The notice draft as a web form: the public precheck and the citizens' filing share it.

`DraftForm` holds plain text fields; `draft_data` turns them into API.md's draft shape
(local date and times in the city's zone -> ISO instants with offset), reporting what it
cannot read as FieldErrors; the services then validate and check the draft, and
`merge_errors` + `apply_errors(form, errors, DRAFT_FIELDS)` show every problem beside
its field.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from flask_babel import gettext, lazy_gettext
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.utils import unset_value
from wtforms.widgets import EmailInput

from assembly.errors import FieldError
from assembly.i18n import localize
from assembly.law.ruleset import RuleSet
from assembly.law.workdays import zone
from assembly.notices.identity import make_iin
from assembly.web.parsing import (
    DateBoxError,
    is_whole_number,
    parse_date,
    parse_date_boxes,
    parse_time,
)

# Service field paths -> the form field that shows their errors.
DRAFT_FIELDS = {
    "form": "form",
    "purpose": "purpose",
    "starts_at": "date",
    "ends_at": "end_time",
    "place": "place",
    "place.site": "place",
    "place.route": "place",
    "place.point": "lat",
    "place.point.lat": "lat",
    "place.point.lon": "lon",
    "place.address": "address",
    "expected_participants": "expected_participants",
    "organizer": "organizer_kind",
    "organizer.kind": "organizer_kind",
    "organizer.full_name": "organizer_name",
    "organizer.name": "organizer_name",
    "organizer.iin": "organizer_id_number",
    "organizer.bin": "organizer_id_number",
    "organizer.address": "organizer_address",
    "organizer.email": "organizer_email",
    "organizer.phone": "organizer_phone",
}
# A service error on these paths is left out when the form already flagged one of the
# fields it is made of (a missing start time also makes starts_at missing).
MADE_OF = {
    "starts_at": {"date", "start_time"},
    "ends_at": {"date", "end_time"},
    "place.point": {"lat", "lon"},
}
POINT = "point"
BOXES = ("day", "month", "year")


class DateBoxesField(StringField):
    """A date typed in three boxes, day / month / year (GOV.UK's date pattern), named
    `<name>-day`, `<name>-month`, `<name>-year`: never a native date input, whose format
    follows the browser's locale and not the page's. `data` is the date as ISO text once
    the boxes read as one; `boxes` holds what they show; `box_error` what is wrong (a
    DateBoxError, or None). A request giving `<name>` itself (the API's and older pages'
    way) is read as before."""

    boxes: dict[str, str]
    box_error: DateBoxError | None

    def process(self, formdata: Any, data: Any = unset_value,
                extra_filters: Any = None) -> None:
        super().process(formdata, data, extra_filters)
        self.box_error = None
        self.boxes = date_boxes(self.data)
        if formdata is None or not any(f"{self.name}-{b}" in formdata for b in BOXES):
            return
        self.boxes = {b: str(formdata.get(f"{self.name}-{b}") or "") for b in BOXES}
        try:
            self.data = parse_date_boxes(**self.boxes).isoformat()
        except DateBoxError as exc:
            self.box_error = exc
            self.data = None

    def box_errors(self) -> list[FieldError]:
        """The error of the boxes, as a FieldError on this field (none when they read)."""
        if self.box_error is None:
            return []
        return [FieldError(self.name, self.box_error.code, self.box_error.params)]


def date_boxes(value: Any) -> dict[str, str]:
    """What the day / month / year boxes show for a kept date (ISO or 20.05.2021); text
    that is no date stays in the day box, as typed."""
    text = value.strip() if isinstance(value, str) else ""
    try:
        day = parse_date(text)
    except ValueError:
        return {"day": text, "month": "", "year": ""}
    return {"day": str(day.day), "month": str(day.month), "year": str(day.year)}


# Neutral stand-ins for an organizer not given yet (the precheck needs no identity, the
# wizard's early steps have none): an adult's IIN, so no finding reads them.
IDENTITY_STAND_INS = {
    "organizer_kind": "person", "organizer_name": "—",
    "organizer_id_number": make_iin(date(1970, 1, 1), "male", 1), "organizer_address": "—",
}


class DraftForm(FlaskForm):
    """What kind, where, when, who: the content of Art. 10(3) / 12(2)."""

    form = SelectField(lazy_gettext("Form of assembly"), choices=[], validate_choice=False)
    purpose = TextAreaField(lazy_gettext("Purpose of the assembly"))
    place = SelectField(lazy_gettext("Place"), choices=[], validate_choice=False)
    lat = StringField(lazy_gettext("Latitude"), render_kw={"inputmode": "decimal"})
    lon = StringField(lazy_gettext("Longitude"), render_kw={"inputmode": "decimal"})
    address = StringField(lazy_gettext("Address or landmark"))
    date = DateBoxesField(lazy_gettext("Date"))
    # 24-hour text boxes, not native time inputs (AM/PM in some browsers' locales).
    start_time = StringField(lazy_gettext("Start time"), render_kw={"autocomplete": "off"})
    end_time = StringField(lazy_gettext("End time"), render_kw={"autocomplete": "off"})
    expected_participants = StringField(
        lazy_gettext("Expected number of participants"), render_kw={"inputmode": "numeric"}
    )
    sound_amplification = BooleanField(lazy_gettext("Sound amplifiers will be used"))
    vehicles = BooleanField(lazy_gettext("Vehicles will be used"))
    structures = BooleanField(lazy_gettext("Yurts, tents or other structures will be set up"))
    organizer_kind = RadioField(
        lazy_gettext("The organizer is"), default="person", validate_choice=False,
        choices=[SelectChoice("person", lazy_gettext("a person")),
                 SelectChoice("organization", lazy_gettext("an organization"))],
    )
    organizer_name = StringField(
        lazy_gettext("Full name of the person, or name of the organization"),
        render_kw={"autocomplete": "name"},
    )
    organizer_id_number = StringField(
        lazy_gettext("IIN of the person, or BIN of the organization"),
        render_kw={"inputmode": "numeric", "autocomplete": "off"},
    )
    organizer_address = StringField(lazy_gettext("Organizer's address"),
                                    render_kw={"autocomplete": "street-address"})
    organizer_email = StringField(lazy_gettext("E-mail"), widget=EmailInput(),
                                  render_kw={"autocomplete": "email"})
    organizer_phone = StringField(lazy_gettext("Mobile number"),
                                  render_kw={"autocomplete": "tel", "inputmode": "tel"})

    def set_choices(self, rules: RuleSet, lang: str) -> None:
        """The forms and the places in force under `rules`, named in the language."""
        self.form.choices = [SelectChoice("", gettext("Choose the form"))] + [
            SelectChoice(form.id, localize(form.names, lang)) for form in rules.forms.values()
        ]
        places = sorted(rules.places.values(), key=lambda p: (p.kind != "site", p.id))
        self.place.choices = [SelectChoice("", gettext("Choose the place"))] + [
            SelectChoice(f"{p.kind}:{p.id}", localize(p.names, lang)) for p in places
        ] + [SelectChoice(POINT, gettext("Another point (pickets): give its coordinates"))]


def _text(value: Any) -> str:
    return (value or "").strip() if isinstance(value, str) else ""


def _date(value: str, field: str, errors: list[FieldError]) -> date | None:
    if not value:
        errors.append(FieldError(field, "required"))
        return None
    try:
        return parse_date(value)
    except ValueError:
        errors.append(FieldError(field, "invalid_date"))
        return None


def _time(value: str, field: str, errors: list[FieldError]) -> time | None:
    if not value:
        errors.append(FieldError(field, "required"))
        return None
    try:
        return parse_time(value)
    except ValueError:
        errors.append(FieldError(field, "invalid_time"))
        return None


def _number(value: str, field: str, errors: list[FieldError]) -> float | None:
    try:
        return float(value.replace(",", ".")) if value else None
    except ValueError:
        errors.append(FieldError(field, "invalid_coordinate"))
        return None


def _place(form: DraftForm, errors: list[FieldError]) -> dict[str, Any] | None:
    choice = _text(form.place.data)
    place: dict[str, Any] | None
    if choice == POINT:
        lat = _number(_text(form.lat.data), "lat", errors)
        lon = _number(_text(form.lon.data), "lon", errors)
        place = {"point": {"lat": lat, "lon": lon}}
    elif ":" in choice:
        kind, _, place_id = choice.partition(":")
        place = {kind: place_id}
    else:
        place = {"site": choice} if choice else None
    if place is not None and _text(form.address.data):
        place["address"] = _text(form.address.data)
    return place


def draft_data(form: DraftForm, timezone: str) -> tuple[dict[str, Any], list[FieldError]]:
    """The draft in API.md's shape, and the errors of the fields that could not be read."""
    errors: list[FieldError] = []
    box_errors = form.date.box_errors()
    errors += box_errors
    day = None if box_errors else _date(_text(form.date.data), "date", errors)
    start = _time(_text(form.start_time.data), "start_time", errors)
    end = _time(_text(form.end_time.data), "end_time", errors)
    local = zone(timezone)
    starts_at = datetime.combine(day, start, local).isoformat() if day and start else None
    ends_at = datetime.combine(day, end, local).isoformat() if day and end else None
    participants: Any = _text(form.expected_participants.data) or None
    if participants is not None:
        if is_whole_number(participants):
            participants = int(participants)
        else:
            errors.append(FieldError("expected_participants", "positive_integer"))
            participants = None
    kind = _text(form.organizer_kind.data) or None
    name_key, number_key = ("name", "bin") if kind == "organization" else ("full_name", "iin")
    organizer = {
        "kind": kind,
        name_key: _text(form.organizer_name.data) or None,
        number_key: _text(form.organizer_id_number.data).replace(" ", "") or None,
        "address": _text(form.organizer_address.data) or None,
        "email": _text(form.organizer_email.data) or None,
        "phone": _text(form.organizer_phone.data) or None,
    }
    data = {
        "form": _text(form.form.data) or None,
        "purpose": form.purpose.data or None,
        "starts_at": starts_at,
        "ends_at": ends_at,
        "place": _place(form, errors),
        "expected_participants": participants,
        "sound_amplification": bool(form.sound_amplification.data),
        "vehicles": bool(form.vehicles.data),
        "structures": bool(form.structures.data),
        "organizer": organizer,
    }
    return data, errors


def answers_of(form: DraftForm) -> dict[str, Any]:
    """What the form holds, as a draft keeps it: text as typed, or a boolean."""
    return {field.name: "" if field.data is None else field.data
            for field in form if field.name != "csrf_token"}


def with_identity_stand_ins(values: dict[str, Any]) -> dict[str, Any]:
    """The values with each blank organizer field given its stand-in (an organizer with no
    number given is checked as an adult person: the age is checked only when an IIN is)."""
    filled = dict(values)
    if not _text(filled.get("organizer_id_number")):
        filled["organizer_kind"] = "person"
    for key, value in IDENTITY_STAND_INS.items():
        if not _text(filled.get(key)):
            filled[key] = value
    return filled


def merge_errors(own: list[FieldError], service: list[FieldError]) -> list[FieldError]:
    """The form's own errors, then the service's on fields not already flagged."""
    flagged = {DRAFT_FIELDS.get(e.field, e.field) for e in own}

    def covered(error: FieldError) -> bool:
        parts = MADE_OF.get(error.field, {DRAFT_FIELDS.get(error.field, error.field)})
        return bool(parts & flagged)

    return own + [e for e in service if not covered(e)]
