"""The officers' forms: queue filters, the tracking number of a letter, unsanctioned events."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time
from typing import Any

from flask_babel import gettext, lazy_gettext
from flask_wtf import FlaskForm
from wtforms import Form, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.widgets import DateInput, SearchInput, TimeInput

from assembly.errors import FieldError
from assembly.i18n import localize
from assembly.law.ruleset import RuleSet
from assembly.law.workdays import zone
from assembly.models import PENDING_STATES
from assembly.services.queue import POINT, QueueFilters
from assembly.web.labels import label
from assembly.web.parsing import is_whole_number, parse_date

# Service field paths of unsanctioned.log_event -> the form field showing their errors.
EVENT_FIELDS = {
    "occurred_at": "occurred_on",
    "place": "place",
    "place.site": "place",
    "place.route": "place",
    "place.point": "lat",
    "place.address": "address",
    "form": "form",
    "category": "category",
    "estimated_participants": "estimated_participants",
    "description": "description",
    "source": "source",
    "related_notice": "related_notice",
}


def place_choices(rules: RuleSet, lang: str) -> list[SelectChoice]:
    """The sites and routes in force, named in the language, as "kind:id" choices."""
    places = sorted(rules.places.values(), key=lambda p: (p.kind != "site", p.id))
    return [SelectChoice(f"{p.kind}:{p.id}", localize(p.names, lang) or p.id) for p in places]


def form_choices(rules: RuleSet, lang: str) -> list[SelectChoice]:
    """The forms of assembly, named in the language."""
    return [SelectChoice(f.id, localize(f.names, lang)) for f in rules.forms.values()]


def optional_date(value: str | None, field: str, errors: list[FieldError]) -> date | None:
    """A date typed in a query (ISO or dd.mm.yyyy); None when blank, an error when wrong."""
    text = (value or "").strip()
    if not text:
        return None
    try:
        return parse_date(text)
    except ValueError:
        errors.append(FieldError(field, "invalid_date"))
        return None


def optional_time(value: str | None, field: str, errors: list[FieldError]) -> time | None:
    """A time typed as HH:MM; None when blank, an error when wrong."""
    text = (value or "").strip()
    if not text:
        return None
    try:
        return time.fromisoformat(text)
    except ValueError:
        errors.append(FieldError(field, "invalid_time"))
        return None


class QueueForm(Form):
    """The queue's filters (GET): status, form, place, period of the event."""

    status = SelectField(lazy_gettext("Status"), choices=[], validate_choice=False)
    form = SelectField(lazy_gettext("Form"), choices=[], validate_choice=False)
    place = SelectField(lazy_gettext("Place"), choices=[], validate_choice=False)
    start = StringField(lazy_gettext("Event from"), name="from", widget=DateInput())
    end = StringField(lazy_gettext("Event to"), name="to", widget=DateInput())

    def set_choices(self, rules: RuleSet, lang: str) -> None:
        """The statuses of pending notices, the forms and places in force, in the language."""
        self.status.choices = [SelectChoice("", gettext("All pending"))] + [
            SelectChoice(s, label("status", s)) for s in PENDING_STATES
        ]
        self.form.choices = [SelectChoice("", gettext("All forms"))] + form_choices(rules, lang)
        self.place.choices = [SelectChoice("", gettext("All places"))] + [
            SelectChoice(c.value.partition(":")[2], c.label) for c in place_choices(rules, lang)
        ] + [SelectChoice(POINT, gettext("A point (pickets)"))]

    def filters(self) -> tuple[QueueFilters, list[FieldError]]:
        """The filters asked for, and the errors of the dates that could not be read."""
        errors: list[FieldError] = []
        start = optional_date(self.start.data, "start", errors)
        end = optional_date(self.end.data, "end", errors)
        if start and end and end < start:
            errors.append(FieldError("end", "before_start"))
        filters = QueueFilters(
            status=self.status.data or None, form=self.form.data or None,
            place=self.place.data or None, event_from=start, event_to=end,
        )
        return filters, errors


class DeliveryForm(FlaskForm):
    """A delivery made: the postal tracking number of a registered letter."""

    tracking_number = StringField(
        lazy_gettext("Tracking number"), render_kw={"autocomplete": "off", "spellcheck": "false"}
    )


class DeliveryFilterForm(Form):
    """Which delivery tasks the list shows (GET): of one channel, or all."""

    channel = SelectField(lazy_gettext("Channel"), choices=[], validate_choice=False)

    def set_choices(self, channels: Iterable[str]) -> None:
        """Every channel an officer handles, named in the language."""
        self.channel.choices = [SelectChoice("", gettext("All channels"))] + [
            SelectChoice(c, label("channel", c)) for c in channels
        ]

    def chosen(self, channels: Iterable[str]) -> str | None:
        """The channel asked for, if it is one of `channels`."""
        return self.channel.data if self.channel.data in set(channels) else None


class EventFilterForm(Form):
    """Which logged events the list shows (GET): a year, a form, a category."""

    year = SelectField(lazy_gettext("Year"), choices=[], validate_choice=False)
    form = SelectField(lazy_gettext("Form of assembly"), choices=[], validate_choice=False)
    category = SelectField(lazy_gettext("What makes it unsanctioned"), choices=[],
                           validate_choice=False)

    def set_choices(self, years: list[int], rules: RuleSet, lang: str) -> None:
        """The years with events, the forms and categories of the rules in force."""
        self.year.choices = [SelectChoice("", gettext("All years"))] + [
            SelectChoice(str(y), str(y)) for y in years]
        self.form.choices = [SelectChoice("", gettext("All forms"))] + form_choices(rules, lang)
        self.category.choices = [SelectChoice("", gettext("All kinds"))] + [
            SelectChoice(c, label("unsanctioned", c)) for c in rules.unsanctioned_categories]


class SearchForm(Form):
    """A search for the related notice (GET): reference or organizer's name."""

    q = StringField(lazy_gettext("Reference or organizer's name"), widget=SearchInput())


class EventForm(FlaskForm):
    """An unsanctioned event: when, where, what, how many, how it is known (LAW.md §8)."""

    occurred_on = StringField(lazy_gettext("Date"), widget=DateInput())
    occurred_time = StringField(lazy_gettext("Time"), widget=TimeInput())
    place = SelectField(lazy_gettext("At a special place or route"), choices=[],
                        validate_choice=False)
    lat = StringField(lazy_gettext("Latitude"), render_kw={"inputmode": "decimal"})
    lon = StringField(lazy_gettext("Longitude"), render_kw={"inputmode": "decimal"})
    address = StringField(lazy_gettext("Address or landmark"))
    form = SelectField(lazy_gettext("Form of assembly"), choices=[], validate_choice=False)
    category = SelectField(lazy_gettext("What makes it unsanctioned"), choices=[],
                           validate_choice=False)
    estimated_participants = StringField(lazy_gettext("Estimated number of participants"),
                                         render_kw={"inputmode": "numeric"})
    description = TextAreaField(lazy_gettext("What happened"))
    source = StringField(lazy_gettext("Source of the information"))
    related_notice = StringField(lazy_gettext("Related notice (reference)"),
                                 render_kw={"autocomplete": "off"})

    def set_choices(self, rules: RuleSet, lang: str) -> None:
        """The places, forms and categories of the rules in force, in the language."""
        self.place.choices = [SelectChoice("", gettext("Elsewhere: give the point below"))]
        self.place.choices += place_choices(rules, lang)
        self.form.choices = [SelectChoice("", gettext("Choose the form"))]
        self.form.choices += form_choices(rules, lang)
        self.category.choices = [
            SelectChoice(c, label("unsanctioned", c)) for c in rules.unsanctioned_categories
        ]

    def data_for_service(self, timezone: str) -> tuple[dict[str, Any], list[FieldError]]:
        """The event in the shape of POST /unsanctioned-events, and what could not be read."""
        errors: list[FieldError] = []
        day = optional_date(self.occurred_on.data, "occurred_on", errors)
        at = optional_time(self.occurred_time.data, "occurred_time", errors)
        for value, field in ((day, "occurred_on"), (at, "occurred_time")):
            if value is None and not any(e.field == field for e in errors):
                errors.append(FieldError(field, "required"))
        data: dict[str, Any] = {
            "form": self.form.data or None,
            "category": self.category.data or None,
            "description": self.description.data or "",
            "source": self.source.data or "",
            "estimated_participants": _whole(self.estimated_participants.data),
        }
        if day and at:
            data["occurred_at"] = datetime.combine(day, at, zone(timezone)).isoformat()
        data["place"] = self._place(errors)
        related = (self.related_notice.data or "").strip().upper()
        if related:
            data["related_notice"] = related
        return data, errors

    def _place(self, errors: list[FieldError]) -> dict[str, Any]:
        address = (self.address.data or "").strip() or None
        kind, _, place_id = (self.place.data or "").partition(":")
        if place_id:
            return {kind: place_id, "address": address}
        point: dict[str, Any] = {}
        for key, field in (("lat", self.lat), ("lon", self.lon)):
            text = (field.data or "").strip().replace(",", ".")
            try:
                point[key] = float(text)
            except ValueError:
                code = "invalid_coordinate" if text else "required"
                errors.append(FieldError(key, code))
        return {"point": point, "address": address}


def _whole(value: str | None) -> Any:
    text = (value or "").strip()
    return int(text) if is_whole_number(text) else text or None
