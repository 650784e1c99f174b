"""Home, the procedure explained from the rules in force, the map of places and route."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask import render_template, request
from flask.typing import ResponseReturnValue
from flask_login import current_user

from assembly import clock
from assembly.errors import FieldError
from assembly.law.ruleset import RuleSet
from assembly.services.closures import closed_on
from assembly.services.law import Law, default_law
from assembly.web import database
from assembly.web.access import role_front_page
from assembly.web.forms import apply_errors
from assembly.web.locale import current_language
from assembly.web.public import bp
from assembly.web.public.forms import DateForm, read_date, rules_on
from assembly.web.svgmap import map_view

EXAMPLE_DAYS_AHEAD = 21


def today(law: Law | None = None) -> date:
    """Today's date in the city."""
    return (law or default_law()).calendar.local_date(clock.now())


@dataclass(frozen=True)
class Example:
    """The deadlines of one procedure for an event some weeks ahead, filed today."""

    procedure: str
    event_date: date
    latest_filing_date: date
    registration_date: date
    decision_due: datetime


def examples(law: Law, rules: RuleSet, day: date) -> list[Example]:
    """Worked deadlines for each procedure, computed as the engine computes them."""
    event = day + timedelta(days=EXAMPLE_DAYS_AHEAD)
    while event.weekday() >= 5:  # a weekday makes the example easier to follow
        event += timedelta(days=1)
    examples = []
    for p in rules.procedures.values():
        registration = law.calendar.registration_date(clock.now(), p.registration)
        examples.append(Example(
            procedure=p.id,
            event_date=event,
            latest_filing_date=law.calendar.latest_filing_date(event, p.lead_working_days),
            registration_date=registration,
            decision_due=law.calendar.decision_due(registration, p.review_working_days),
        ))
    return examples


def _ground_order(ground_id: str) -> tuple[int, ...]:
    return tuple(int(part) for part in ground_id.split(".") if part.isdigit())


@bp.get("/")
def home() -> ResponseReturnValue:
    """What this is, and where each audience starts; a signed-in citizen's own home."""
    front = role_front_page(current_user.role) if current_user.is_authenticated else None
    return front() if front is not None else render_template("public/home.html")


@bp.get("/procedure")
def procedure() -> ResponseReturnValue:
    """The procedure and deadlines, read from the rules in force today."""
    law = default_law()
    day = today(law)
    rules = law.at(day)
    grounds = sorted(rules.grounds.values(), key=lambda g: _ground_order(g.id))
    places = sorted(rules.places.values(), key=lambda p: (p.kind != "site", p.id))
    return render_template(
        "public/procedure.html", rules=rules, on=day, grounds=grounds, places=places,
        examples=examples(law, rules, day),
    )


@bp.get("/map")
def places_map() -> ResponseReturnValue:
    """The special places, routes and prohibited zones in force on a date (`?on=`)."""
    law = default_law()
    form = DateForm(request.args)
    errors: list[FieldError] = []
    day = today(law)
    on = read_date(form.on.data, "on", day, errors)
    rules = rules_on(law, on, "on", errors, day)
    apply_errors(form, errors)
    # Closures (Art. 14(1)(10)) show as "closed" on the map, without their details.
    closed = closed_on(database.session(), on, law) if not errors else set()
    view = map_view(rules, current_language(), prohibited=True, closed=closed)
    return render_template(
        "public/map.html", form=form, view=view, rules=rules
    ), 422 if errors else 200
