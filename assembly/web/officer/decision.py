"""The decision on a notice, in three steps: the outcome is chosen first (a GET, so it
works without JavaScript), then the form shows only that outcome's fields, then a check
page previews the letter before the decision is recorded.

The check runs review.decide itself and rolls it back: the one writer validates, and the
preview is the letter the organizer will read.
"""

from __future__ import annotations

from dataclasses import replace

from flask import flash, jsonify, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import format_date, format_time, gettext
from flask_login import current_user

from assembly import clock
from assembly.actors import Actor
from assembly.errors import Conflict, InvalidInput, PlaceTaken, TransitionNotAllowed
from assembly.i18n import field_error_message, localize
from assembly.models import Notice
from assembly.notices.slots import Slot
from assembly.services.law import Law, default_law
from assembly.services.queue import proposal_slots, record_today
from assembly.services.review import decide
from assembly.web import database
from assembly.web.access import load_notice, roles_required
from assembly.web.errors import place_taken_message
from assembly.web.forms import apply_errors
from assembly.web.letters import letter_context, reading
from assembly.web.locale import current_language
from assembly.web.officer import ACTORS, bp
from assembly.web.officer.common import (
    CONFLICT_MESSAGE,
    place_name,
    refusal_message,
    rules_on,
    today_rules,
)
from assembly.web.officer.decision_form import (
    DECISION_FIELDS,
    OWN_SLOT,
    DecisionForm,
    decision_input,
    default_channels,
    ground_rows,
    set_choices,
)
from assembly.web.signing import ncalayer_url, signing_page, signing_policy


def _slot_text(slot: Slot) -> str:
    """A free slot as officers read it: place, date, hours (local)."""
    return (f"{place_name(slot.place_id, slot.day)}, {format_date(slot.day, 'full')}, "
            f"{format_time(slot.starts_at, 'HH:mm')}–{format_time(slot.ends_at, 'HH:mm')}")


def _page(law: Law, item: Notice, form: DecisionForm) -> dict:
    """Build the form's choices from the rules and the record; the page's other values."""
    now = clock.now()
    lang = current_language()
    session = database.session()
    rules = today_rules(law, now)
    record = record_today(session, item, law)
    rows = ground_rows(rules, record, item, lang)
    outcomes = [o for o in rules.outcomes if law.workflow.can(o, item, now=now)]
    slots = proposal_slots(session, item, law, now=now)
    set_choices(form, rules=rules, event_rules=rules_on(law, item.event_date), notice=item,
                outcomes=outcomes, rows=rows, slots=[(s, _slot_text(s)) for s in slots],
                lang=lang)
    unavailable = [localize(rules.outcomes[o].names, lang)
                   for o in rules.outcomes if o not in outcomes]
    chosen = form.outcome.data if form.outcome.data in outcomes else None
    return {"form": form, "notice": item, "rows": rows, "record": record, "now": now,
            "unavailable": unavailable, "slots": slots, "problem": None, "chosen": chosen,
            "chosen_name": localize(rules.outcomes[chosen].names, lang) if chosen else None,
            "signing": signing_policy(), "ncalayer": ncalayer_url()}


def _signing(page: str, status: int = 200) -> ResponseReturnValue:
    """The decision's pages may reach NCALayer (web.signing)."""
    response = signing_page(page)
    response.status_code = status
    return response


@bp.route("/notices/<reference>/decision/document", methods=["POST"])
@roles_required(*ACTORS)
def decision_document(reference: str) -> ResponseReturnValue:
    """The canonical document of the decision as the check page carries it (JSON): what
    the officer certifies with NCALayer when recording it."""
    law = default_law()
    item = load_notice(reference)
    form = DecisionForm()
    _page(law, item, form)
    given, errors = decision_input(form, item, law.rulebook.timezone)
    if errors:
        lang = current_language()
        return jsonify({"errors": [{"field": e.field, "message": field_error_message(e, lang)}
                                   for e in errors]}), 422
    document = given.document(item.reference)
    return jsonify({"document": document.text, "sha256": document.sha256})


@bp.route("/notices/<reference>/decision", methods=["GET", "POST"])
@roles_required(*ACTORS)
def decision(reference: str) -> ResponseReturnValue:
    """Decide: approve, approve with restrictions, propose another place or time, refuse."""
    law = default_law()
    item = load_notice(reference)
    form = DecisionForm()
    if request.method == "GET":
        form.channels.data = default_channels(item)
        form.outcome.data = request.args.get("outcome") or None
    page = _page(law, item, form)
    step = request.form.get("step", "check")
    if request.method == "GET" or step == "edit":
        return _signing(render_template("officer/decision.html", **page))
    given, errors = decision_input(form, item, law.rulebook.timezone)
    # Only the check page's "Record the decision" carries the officer's signature, made
    # over the document of the decision it shows; the check itself needs none.
    recording = step == "record"
    given = replace(given, signature=(request.form.get("signature") or None) if recording
                    else None)
    policy = signing_policy()
    if not errors:
        session = database.session()
        try:
            made = decide(session, item, given, actor=Actor.of(current_user.user),
                          now=clock.now(), law=law,
                          signing=policy if recording else replace(policy, enforced=False))
            if not recording:  # the check: the letter as it will read, nothing kept
                body = render_template("officer/decision_check.html", **{
                    **page, **reading(current_language()), **letter_context(item, made, law)})
                session.rollback()
                return _signing(body)
        except InvalidInput as exc:
            session.rollback()
            errors = exc.errors
        except (TransitionNotAllowed, Conflict) as exc:
            session.rollback()  # the notice as it is stored, not as the refused change left it
            if isinstance(exc, TransitionNotAllowed):
                page["problem"] = refusal_message(exc, item)
            elif isinstance(exc, PlaceTaken):
                page["problem"] = place_taken_message(exc)
            else:
                page["problem"] = gettext(CONFLICT_MESSAGE)
            return _signing(render_template("officer/decision.html", **page), 409)
    if errors:
        # A clash of a chosen free slot shows beside the slots, of a typed one beside it.
        fields = DECISION_FIELDS if (form.slot.data or OWN_SLOT) == OWN_SLOT \
            else {**DECISION_FIELDS, "proposal": "slot"}
        apply_errors(form, errors, fields)
        return _signing(render_template("officer/decision.html", **page), 422)
    database.commit()
    outcome = localize(today_rules(law, made.decided_at).outcomes[made.outcome].names,
                       current_language())
    flash(gettext("Decision on %(reference)s recorded: %(outcome)s.", reference=reference,
                  outcome=outcome), "success")
    return redirect(url_for("officer.notice", reference=reference))
