"""The organizer's acts on a notice: answer a proposal, withdraw it in writing (Art. 5(1)(10)).

Each is a POST with the CSRF token; the services check the state and the deadlines, and a
state that no longer allows the act reads as a plain 409 page saying why.
"""

from __future__ import annotations

from flask import flash, redirect, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext, lazy_gettext
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import TextAreaField

from assembly import clock
from assembly.actors import Actor
from assembly.errors import Conflict, FieldError, InvalidInput, PlaceTaken, TransitionNotAllowed
from assembly.i18n import N_
from assembly.models import Notice
from assembly.services.law import default_law
from assembly.services.messages import decision_facts, notice_facts
from assembly.services.review import answer_proposal, withdraw
from assembly.web import database
from assembly.web.access import load_notice, roles_required
from assembly.web.citizen import bp
from assembly.web.citizen.notices import page
from assembly.web.errors import error_page, place_taken_message
from assembly.web.forms import apply_errors

ANSWERS = {"accept": True, "decline": False}
PROPOSAL_CLOSED = N_(
    "The proposal can no longer be answered: the time to answer has passed, or it was "
    "already answered."
)
PROPOSAL_CONFLICT = N_(
    "The proposal cannot be accepted now: the place was taken or the notice changed in the "
    "meantime. Open the notice again to see where it stands."
)
WITHDRAWAL_CLOSED = N_(
    "This notice can no longer be withdrawn: a notice can be withdrawn only before the "
    "assembly starts, and not once it is refused or withdrawn."
)


class AnswerForm(FlaskForm):
    """Accept or decline (two buttons named `answer`)."""


class WithdrawForm(FlaskForm):
    """The organizer's written statement of withdrawal."""

    statement = TextAreaField(lazy_gettext("Your statement of withdrawal"))


def _to_notice(notice: Notice) -> ResponseReturnValue:
    return redirect(url_for("citizen.notice", reference=notice.reference))


def _proposal_page(notice: Notice, form: AnswerForm, status: int = 200) -> ResponseReturnValue:
    law = default_law()
    facts = decision_facts(notice, notice.decision, [], law) if notice.decision else {}
    return page("citizen/proposal.html", notice=notice, form=form,
                facts=notice_facts(notice, law), proposal=facts.get("proposal")), status


@bp.route("/my/notices/<reference>/proposal", methods=["GET", "POST"])
@roles_required("citizen")
def proposal(reference: str) -> ResponseReturnValue:
    """The akimat's proposal of another place or time, and the organizer's answer."""
    law = default_law()
    notice = load_notice(reference)
    form = AnswerForm()
    if request.method == "GET":
        if not law.workflow.can("accept_proposal", notice, now=clock.now()):
            return error_page(409, explanation=PROPOSAL_CLOSED)
        return _proposal_page(notice, form)
    answer = request.form.get("answer")
    if answer not in ANSWERS:
        form.form_errors.append(gettext("Choose whether you accept or decline the proposal."))
        return _proposal_page(notice, form, 422)
    db = database.session()
    try:
        answer_proposal(db, notice, accept=ANSWERS[answer], actor=Actor.of(current_user.user),
                        now=clock.now(), law=law)
    except TransitionNotAllowed:
        db.rollback()
        return error_page(409, explanation=PROPOSAL_CLOSED)
    except PlaceTaken as exc:  # taken meanwhile: say so, and let the organizer decline
        db.rollback()
        form.form_errors.append(place_taken_message(exc))
        return _proposal_page(notice, form, 409)
    except Conflict:
        db.rollback()
        return error_page(409, explanation=PROPOSAL_CONFLICT)
    database.commit()
    if ANSWERS[answer]:
        flash(gettext("You accepted the proposal: the assembly may be held at the proposed "
                      "place and time."), "success")
    else:
        flash(gettext("You declined the proposal: the notice is back under review."), "success")
    return _to_notice(notice)


def _withdraw_form(notice: Notice, form: WithdrawForm, status: int = 200) -> ResponseReturnValue:
    return page("citizen/withdraw.html", notice=notice, form=form,
                facts=notice_facts(notice, default_law())), status


@bp.route("/my/notices/<reference>/withdraw", methods=["GET", "POST"])
@roles_required("citizen")
def withdrawal(reference: str) -> ResponseReturnValue:
    """Withdraw in writing: the statement, a confirmation, then the notice is withdrawn."""
    law = default_law()
    notice = load_notice(reference)
    form = WithdrawForm()
    if request.method == "GET":
        if not law.workflow.can("withdraw", notice, now=clock.now()):
            return error_page(409, explanation=WITHDRAWAL_CLOSED)
        return _withdraw_form(notice, form)
    statement = (form.statement.data or "").strip()
    if request.form.get("confirm") != "yes":
        if request.form.get("action") == "edit":
            return _withdraw_form(notice, form)
        if not statement:
            apply_errors(form, [FieldError("statement", "required")])
            return _withdraw_form(notice, form, 422)
        return page("citizen/withdraw_confirm.html", notice=notice, form=form,
                    facts=notice_facts(notice, law), statement=statement)
    db = database.session()
    try:
        withdraw(db, notice, statement=statement, actor=Actor.of(current_user.user),
                 now=clock.now(), law=law)
    except InvalidInput as exc:
        db.rollback()
        apply_errors(form, exc.errors)
        return _withdraw_form(notice, form, 422)
    except TransitionNotAllowed:
        db.rollback()
        return error_page(409, explanation=WITHDRAWAL_CLOSED)
    except Conflict:  # changed meanwhile (an officer's decision): the general 409 page
        db.rollback()
        return error_page(409)
    database.commit()
    flash(gettext("Your notice is withdrawn. The place and time are free again."), "success")
    return _to_notice(notice)
