"""The log of unsanctioned events: the year's list, the form (with a search for the related
notice), and an entry with its nearest special place (LAW.md §8)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext
from flask_login import current_user

from assembly import clock
from assembly.actors import Actor
from assembly.errors import FieldError, InvalidInput
from assembly.services.law import default_law
from assembly.services.queue import search_notices
from assembly.services.registers import (
    EventFilters,
    logged_event_counts,
    logged_events,
    logged_years,
    unsanctioned_event,
)
from assembly.services.unsanctioned import log_event
from assembly.web import database
from assembly.web.access import roles_required
from assembly.web.forms import apply_errors
from assembly.web.locale import current_language
from assembly.web.officer import ACTORS, READERS, bp
from assembly.web.officer.common import page_number, rules_on, today_rules
from assembly.web.officer.forms import EVENT_FIELDS, EventFilterForm, EventForm, SearchForm
from assembly.web.parsing import whole_number
from assembly.web.svgmap import map_view

# A service error on these paths is left out when the form flagged one of their fields.
MADE_OF = {"occurred_at": {"occurred_on", "occurred_time"}, "place.point": {"lat", "lon"}}
YEARS = (2000, 2100)


def _merge(own: list[FieldError], service: list[FieldError]) -> list[FieldError]:
    """The form's own errors, then the service's on fields not already flagged."""
    flagged = {e.field for e in own}

    def covered(error: FieldError) -> bool:
        """True when the form already flagged the field the error belongs to."""
        return bool(MADE_OF.get(error.field, {EVENT_FIELDS.get(error.field, error.field)})
                    & flagged)

    return own + [e for e in service if not covered(e)]


@bp.get("/unsanctioned")
@roles_required(*READERS)
def unsanctioned() -> ResponseReturnValue:
    """The events logged, the latest first, a page at a time; `?year=`, `?form=`,
    `?category=` narrow the list, with the count per category."""
    law = default_law()
    session = database.session()
    form = EventFilterForm(request.args)
    text = (form.year.data or "").strip()
    year, errors = None, []
    if text:
        try:
            year = whole_number(text, *YEARS)
        except ValueError:
            errors.append(FieldError("year", "out_of_range", {"min": YEARS[0], "max": YEARS[1]}))
    years = sorted({*logged_years(session), *([year] if year else [])}, reverse=True)
    form.set_choices(years, today_rules(law, clock.now()), current_language())
    apply_errors(form, errors)
    filters = EventFilters(year=year, form=form.form.data or None,
                           category=form.category.data or None)
    result = logged_events(session, filters, page=page_number())
    query = {key: request.args[key] for key in ("year", "form", "category")
             if request.args.get(key) and not (key == "year" and errors)}
    return render_template(
        "officer/unsanctioned_list.html", form=form, year=year, result=result, query=query,
        counts=logged_event_counts(session, filters), filters=filters,
    ), 422 if errors else 200


def _map(form: EventForm, rules):  # type: ignore[no-untyped-def]
    """The special places in force, with the point given (when it reads as one)."""
    try:
        point = (float(form.lat.data.replace(",", ".")), float(form.lon.data.replace(",", ".")))
    except (AttributeError, ValueError):
        point = None
    if point is not None and not (-90 <= point[0] <= 90 and -180 <= point[1] <= 180):
        point = None
    return map_view(rules, current_language(), point=point)


@bp.route("/unsanctioned/new", methods=["GET", "POST"])
@roles_required(*ACTORS)
def log() -> ResponseReturnValue:
    """Log an unsanctioned event; `?q=` searches the related notice, `?related=` picks it."""
    law = default_law()
    now = clock.now()
    rules = today_rules(law, now)
    form = EventForm()
    form.set_choices(rules, current_language())
    search = SearchForm(request.args)
    query = (search.q.data or "").strip()
    found = search_notices(database.session(), query) if query else []
    if request.method == "GET" and request.args.get("related"):
        form.related_notice.data = request.args["related"][:20]
    page = {"form": form, "search": search, "query": query, "found": found}
    if request.method == "GET":
        return render_template("officer/unsanctioned_form.html", **page, view=_map(form, rules))
    data, errors = form.data_for_service(law.rulebook.timezone)
    session = database.session()
    try:
        event = log_event(session, data, actor=Actor.of(current_user.user), now=now, law=law)
    except InvalidInput as exc:
        session.rollback()
        errors = _merge(errors, exc.errors)
    if errors:
        apply_errors(form, errors, EVENT_FIELDS)
        return render_template("officer/unsanctioned_form.html", **page,
                               view=_map(form, rules)), 422
    database.commit()
    flash(gettext("The event has been logged."), "success")
    return redirect(url_for("officer.unsanctioned_entry", event_id=event.id))


@bp.get("/unsanctioned/<int:event_id>")
@roles_required(*READERS)
def unsanctioned_entry(event_id: int) -> ResponseReturnValue:
    """One logged event: when, where, its nearest special place and the distance."""
    law = default_law()
    event = unsanctioned_event(database.session(), event_id)
    if event is None:
        abort(404)
    rules = rules_on(law, event.occurred_on) or today_rules(law, clock.now())
    view = map_view(rules, current_language(), point=(event.lat, event.lon),
                    highlight=event.nearest_place_id)
    return render_template("officer/unsanctioned_event.html", event=event, view=view)
