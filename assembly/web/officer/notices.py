"""The queue of pending notices by legal deadline (overdue first), with filters and pages;
a notice as an officer sees it: content, deadlines, findings, the place's bookings and
capacity, the organizer's earlier notices, decisions, deliveries and history."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext
from flask_login import current_user

from assembly import clock
from assembly.actors import Actor
from assembly.errors import Conflict, TransitionNotAllowed
from assembly.services import privacy
from assembly.services.audit import history
from assembly.services.bookings import bookings_at
from assembly.services.deliveries import informed
from assembly.services.law import default_law
from assembly.services.queue import PER_PAGE, organizer_notices, pending_queue, record_today
from assembly.services.review import take_for_review
from assembly.web import database
from assembly.web.access import load_notice, roles_required
from assembly.web.errors import error_page
from assembly.web.forms import apply_errors
from assembly.web.letters import portal_letter
from assembly.web.locale import current_language
from assembly.web.officer import ACTORS, READERS, bp
from assembly.web.officer.common import (
    CONFLICT_MESSAGE,
    may_act,
    page_number,
    refusal_message,
    rules_on,
    today_rules,
)
from assembly.web.officer.forms import QueueForm
from assembly.web.svgmap import map_view

QUERY_FIELDS = ("status", "form", "place", "from", "to")


@bp.get("/")
@roles_required(*READERS)
def queue() -> ResponseReturnValue:
    """Notices waiting for a decision: overdue first, then the soonest deadline."""
    law = default_law()
    now = clock.now()
    form = QueueForm(request.args)
    form.set_choices(today_rules(law, now), current_language())
    filters, errors = form.filters()
    result = pending_queue(database.session(), filters, now=now,
                           page=page_number(), per_page=PER_PAGE)
    apply_errors(form, errors)
    query = {key: request.args[key] for key in QUERY_FIELDS if request.args.get(key)}
    return render_template(
        "officer/queue.html", form=form, result=result, now=now, query=query,
    ), 422 if errors else 200


@bp.get("/notices/<reference>")
@roles_required(*READERS)
def notice(reference: str) -> ResponseReturnValue:
    """Everything the record holds about one notice, and what can be done with it now."""
    law = default_law()
    now = clock.now()
    session = database.session()
    user = current_user.user
    item = load_notice(reference)
    event_rules = rules_on(law, item.event_date)
    place = event_rules.places.get(item.place_id or "") if event_rules else None
    overlapping = (
        bookings_at(session, item.place_id, item.starts_at, item.ends_at, exclude_id=item.id)
        if item.place_id else []
    )
    point = (item.lat, item.lon) if item.lat is not None and item.lon is not None else None
    view = (map_view(event_rules, current_language(), point=point, highlight=item.place_id)
            if event_rules is not None else None)
    outcomes = today_rules(law, now).outcomes
    # Administrators read this page too: no organizer, no notices found by the organizer's
    # IIN or BIN, no other notice named as holding the place (services.privacy).
    organizer = privacy.organizer(user, item)
    return render_template(
        "officer/notice.html",
        notice=item, now=now, place=place, view=view,
        holders=[(privacy.holder_reference(user, b.reference), b) for b in overlapping],
        findings=privacy.findings(user, item.findings, item),
        record=privacy.precheck(user, record_today(session, item, law)),
        organizer=organizer,
        earlier=organizer_notices(session, item) if organizer is not None else None,
        events=history(session, item),
        informed=informed(session, item),
        can_take=may_act() and law.workflow.can("take_for_review", item, now=now),
        can_decide=may_act() and any(law.workflow.can(o, item, now=now) for o in outcomes),
    )


@bp.post("/notices/<reference>/review")
@roles_required(*ACTORS)
def take(reference: str) -> ResponseReturnValue:
    """Take a received notice for review."""
    item = load_notice(reference)
    try:
        take_for_review(database.session(), item, actor=Actor.of(current_user.user),
                        now=clock.now())
    except TransitionNotAllowed as exc:
        return error_page(409, explanation=refusal_message(exc, item))
    except Conflict:
        database.session().rollback()
        return error_page(409, explanation=gettext(CONFLICT_MESSAGE))
    database.commit()
    flash(gettext("You have taken notice %(reference)s for review.", reference=reference),
          "success")
    return redirect(url_for("officer.notice", reference=reference))


@bp.get("/notices/<reference>/letter.pdf")
@roles_required(*ACTORS)
def letter_pdf(reference: str) -> ResponseReturnValue:
    """The latest decision as the PDF letter the organizer gets (404 undecided)."""
    return portal_letter(load_notice(reference))
