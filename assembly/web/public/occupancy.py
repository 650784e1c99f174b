"""The occupancy calendar of the special places and routes, as a page and an ICS feed.

Only what CC 61-НП lets the akimat publish: place, date, start, end, form, expected
number, status (services.occupancy). Never the organizer, the purpose or the reference.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

from flask import Response, render_template, request
from flask.typing import ResponseReturnValue
from flask_babel import format_date, format_decimal, gettext
from wtforms import SelectChoice

from assembly import clock
from assembly.errors import FieldError
from assembly.i18n import field_error_message, localize
from assembly.law.rulebook import RulesNotInForce
from assembly.services.closures import PublishedClosure, published_closures
from assembly.services.law import Law, default_law
from assembly.services.occupancy import MAX_ROWS, PlannedAssembly, planned_assemblies
from assembly.web import database, ics
from assembly.web.forms import apply_errors
from assembly.web.labels import label
from assembly.web.locale import current_language
from assembly.web.public import bp
from assembly.web.public.forms import OccupancyForm, read_period
from assembly.web.public.pages import today

FEED_PAST_DAYS = 30
FEED_DAYS = 210
PAGE_ROWS = 200  # the page's rows at most: a year at the special places takes pages


@dataclass(frozen=True)
class Row:
    """A planned assembly with its place and form named in the page's language."""

    entry: PlannedAssembly
    place: str
    form: str


@dataclass(frozen=True)
class Line:
    """A row of the page, its cells formatted once per distinct value (a year holds
    thousands of rows and few distinct dates, numbers and statuses)."""

    day: str
    hours: str
    place: str
    form: str
    participants: str
    status: str


def lines(found: list[Row], zone: tzinfo) -> list[Line]:
    """The page's rows as text: dates, numbers and statuses formatted through caches, times
    of day in the city's zone."""
    days: dict[date, str] = {}
    numbers: dict[int, str] = {}
    statuses: dict[tuple[str, str], str] = {}

    def hhmm(instant: datetime) -> str:
        return instant.astimezone(zone).strftime("%H:%M")

    result = []
    for row in found:
        e = row.entry
        if e.event_date not in days:
            days[e.event_date] = format_date(e.event_date, "medium")
        if e.expected_participants not in numbers:
            numbers[e.expected_participants] = format_decimal(e.expected_participants)
        if (e.status, e.procedure) not in statuses:
            statuses[(e.status, e.procedure)] = label("status", e.status, e.procedure)
        result.append(Line(days[e.event_date], f"{hhmm(e.starts_at)}–{hhmm(e.ends_at)}",
                           row.place, row.form, numbers[e.expected_participants],
                           statuses[(e.status, e.procedure)]))
    return result


def page_number() -> int:
    """`?page=` (1 when absent or not a whole number from 1)."""
    text = (request.args.get("page") or "").strip()
    return int(text) if text.isdigit() and 0 < int(text) < 100_000 else 1


def _names(law: Law, on: date, lang: str) -> tuple[dict[str, str], dict[str, str]]:
    try:
        rules = law.at(on)
    except RulesNotInForce:
        return {}, {}
    places = {p.id: localize(p.names, lang) for p in rules.places.values()}
    forms = {f.id: localize(f.names, lang) for f in rules.forms.values()}
    return places, forms


def rows(law: Law, entries: list[PlannedAssembly], lang: str) -> list[Row]:
    """The entries named as the rules in force on their date name them."""
    cache: dict[date, tuple[dict[str, str], dict[str, str]]] = {}
    result = []
    for entry in entries:
        places, forms = cache.setdefault(entry.event_date, _names(law, entry.event_date, lang))
        result.append(Row(entry, places.get(entry.place_id, entry.place_id),
                          forms.get(entry.form, entry.form)))
    return result


@dataclass(frozen=True)
class ClosedRow:
    """A closure as the public sees it: the place named, the period; nothing internal."""

    entry: PublishedClosure
    place: str


def _query(default_start: date, default_days: int, *, limit: int = MAX_ROWS, offset: int = 0
           ) -> tuple[OccupancyForm, list[Row], list[FieldError], tuple[date, date],
                      list[ClosedRow]]:
    law = default_law()
    form = OccupancyForm(request.args)
    errors: list[FieldError] = []
    start, end = read_period(form, default_start, errors, default_days)
    lang = current_language()
    choices = {**_names(law, end, lang)[0], **_names(law, start, lang)[0]}
    form.place.choices = [SelectChoice("", gettext("All places"))] + [
        SelectChoice(place_id, name) for place_id, name in sorted(choices.items())
    ]
    place = (form.place.data or "").strip() or None
    if place is not None and place not in law.rulebook.known_places:
        errors.append(FieldError("place", "unknown", {"value": place[:60]}))
        place = None
    entries = planned_assemblies(database.report_session(), start, end, place, limit=limit,
                                 offset=offset)
    names = {**_names(law, end, lang)[0], **_names(law, start, lang)[0]}
    closed = [ClosedRow(c, names.get(c.place_id, c.place_id))
              for c in published_closures(database.report_session(), start, end, place, law)]
    return form, rows(law, entries, lang), errors, (start, end), closed


@bp.get("/occupancy")
def occupancy() -> ResponseReturnValue:
    """Planned assemblies at the special places and routes for a period (`?from=&to=&place=`)."""
    page = page_number()
    # One row more than the page shows: whether a next page exists, without counting.
    form, found, errors, (start, end), closed = _query(
        today(), 30, limit=PAGE_ROWS + 1, offset=(page - 1) * PAGE_ROWS)
    apply_errors(form, errors, {"from": "start", "to": "end"})
    feed_args = {k: v for k, v in request.args.items() if k in ("from", "to", "place") and v}
    return render_template(
        "public/occupancy.html", form=form, rows=lines(found[:PAGE_ROWS],
                                                        default_law().calendar.zone),
        start=start, end=end, feed_args=feed_args, closed=closed, page=page,
        more=len(found) > PAGE_ROWS,
    ), 422 if errors else 200


@bp.get("/occupancy.ics")
def occupancy_ics() -> ResponseReturnValue:
    """The same as an iCalendar feed (RFC 5545): one VEVENT per planned assembly."""
    _, found, errors, _, closed = _query(today() - timedelta(days=FEED_PAST_DAYS), FEED_DAYS)
    if errors:
        lang = current_language()
        text = "\n".join(f"{e.field}: {field_error_message(e, lang)}" for e in errors)
        return Response(text + "\n", status=422, mimetype="text/plain")
    participants = gettext("Expected participants")
    status = gettext("Status")
    events = [
        ics.Event(
            uid=f"{row.entry.key}@assembly",
            starts_at=row.entry.starts_at,
            ends_at=row.entry.ends_at,
            summary=f"{row.form}: {row.place}",
            location=row.place,
            description=f"{participants}: {row.entry.expected_participants}\n"
                        f"{status}: {label('status', row.entry.status, row.entry.procedure)}",
            status="CONFIRMED" if row.entry.go_ahead else "TENTATIVE",
        )
        for row in found
    ]
    # Closures (Art. 14(1)(10)): the place and period, "closed"; never why or on what act.
    events += [
        ics.Event(uid=f"closure-{row.entry.key}@assembly", starts_at=row.entry.starts_at,
                  ends_at=row.entry.ends_at,
                  summary=gettext("Closed: %(place)s", place=row.place), location=row.place,
                  description=gettext("The place is closed."), status="CONFIRMED")
        for row in closed
    ]
    body = ics.calendar(events, name=gettext("Occupancy of the special places"),
                        stamp=clock.now())
    return Response(body, mimetype="text/calendar",
                    headers={"Content-Disposition": 'inline; filename="occupancy.ics"'})
