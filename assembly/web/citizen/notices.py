"""My notices: the list, one notice with its deadlines, findings, decision, delivery and
history, and the decision letter (a page that prints as a letter).

Only the owner sees a notice: another citizen's reference is 404, as an unknown one is.
"""

from __future__ import annotations

from typing import Any

from flask import abort, render_template, request
from flask.typing import ResponseReturnValue
from flask_login import current_user

from assembly import clock
from assembly.errors import InvalidInput
from assembly.i18n import N_
from assembly.law.rulebook import RulesNotInForce
from assembly.models import Notice
from assembly.services import privacy
from assembly.services.audit import history
from assembly.services.deliveries import informed
from assembly.services.law import Law, default_law
from assembly.services.listing import NoticeFilter, list_notices
from assembly.services.messages import decision_facts, notice_facts
from assembly.web import database
from assembly.web.access import load_notice, roles_required
from assembly.web.citizen import bp
from assembly.web.letters import letter_context, portal_letter, reading
from assembly.web.locale import current_language

# What each audit event of a notice's history means to its organizer (workflows/notice.yaml).
EVENTS = {
    "file": N_("filed by the organizer"),
    "take_for_review": N_("taken for review by an officer"),
    "approve": N_("decision: approved"),
    "approve_restricted": N_("decision: approved with restrictions"),
    "propose_change": N_("decision: a change of place and/or time proposed"),
    "refuse": N_("decision: refused"),
    "accept_proposal": N_("the proposal was accepted"),
    "decline_proposal": N_("the proposal was declined; back to review"),
    "lapse_proposal": N_("the proposal was not answered in time; back to review"),
    "deem_accept": N_("no answer within the review period: the assembly may go ahead"),
    "flag_overdue": N_("the review period is over and the akimat has taken no decision"),
    "withdraw": N_("withdrawn by the organizer"),
    "mark_held": N_("recorded as held"),
    "terminate": N_("terminated"),
}
# A notification is not approved: the akimat's answer lets the assembly go ahead (Art. 11(1)).
EVENTS_NOTIFICATION = {
    **EVENTS,
    "approve": N_("decision: the assembly may go ahead"),
    "approve_restricted": N_("decision: the assembly may go ahead with restrictions"),
}
DELIVERY_STATUS = {
    "pending": N_("to be sent"),
    "sent": N_("sent"),
    "failed": N_("could not be delivered"),
}


def page(template: str, **context: Any) -> str:
    """A citizen page, with `instant` and `period` reading ISO texts or datetimes."""
    lang = current_language()
    notice = context.get("notice")
    events = EVENTS_NOTIFICATION if getattr(notice, "procedure", None) == "notification" else EVENTS
    return render_template(template, events=events, delivery_status=DELIVERY_STATUS,
                           **reading(lang), **context)


def silence_of(notice: Notice, law: Law) -> str | None:
    """What silence means for this notice under its rules: deemed_accepted or overdue."""
    try:
        return law.at(notice.event_date).procedures[notice.procedure].silence
    except (RulesNotInForce, KeyError):
        return None


OWN_PER_PAGE = 50


@bp.get("/my/notices")
@roles_required("citizen")
def notices() -> ResponseReturnValue:
    """The citizen's notices, the latest filed first, 50 a page (`?after=`: the page after
    a notice, as the API's listing pages)."""
    law = default_law()
    mine = NoticeFilter(owner_id=current_user.user.id)
    try:
        found = list_notices(database.session(), mine, page=1, per_page=OWN_PER_PAGE,
                             after=request.args.get("after"))
    except InvalidInput:  # a cursor that is not one: the first page
        found = list_notices(database.session(), mine, page=1, per_page=OWN_PER_PAGE)
    rows = [(n, notice_facts(n, law)) for n in found.notices]
    return page("citizen/notices.html", rows=rows, next_after=found.next_after)


@bp.get("/my/notices/<reference>")
@roles_required("citizen")
def notice(reference: str) -> ResponseReturnValue:
    """One notice: where it stands, its deadlines, findings, decision and full history."""
    law = default_law()
    db = database.session()
    item = load_notice(reference)
    now = clock.now()
    decision = item.decision
    return page(
        "citizen/notice.html", notice=item, facts=notice_facts(item, law),
        findings=privacy.findings(current_user.user, item.findings, item),
        silence=silence_of(item, law),
        decision=decision_facts(item, decision, [], law) if decision else None,
        deliveries=informed(db, item), history=history(db, item),
        can_answer=law.workflow.can("accept_proposal", item, now=now),
        can_withdraw=law.workflow.can("withdraw", item, now=now),
    )


@bp.get("/my/notices/<reference>/letter")
@roles_required("citizen")
def letter(reference: str) -> ResponseReturnValue:
    """The latest decision as a letter: outcome, grounds, reasoning, restrictions, appeal."""
    law = default_law()
    item = load_notice(reference)
    decision = item.decision
    if decision is None:
        abort(404)
    return page("citizen/letter.html", **letter_context(item, decision, law))


@bp.get("/my/notices/<reference>/letter.pdf")
@roles_required("citizen")
def letter_pdf(reference: str) -> ResponseReturnValue:
    """The latest decision as a PDF letter in the organizer's language (404 undecided)."""
    return portal_letter(load_notice(reference))
