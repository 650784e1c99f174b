"""What the officers' pages share: names of forms and places on a date, time left before a
deadline, findings in plain words, why an action is not possible."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Any

from flask import request
from flask_babel import format_date, gettext
from flask_login import current_user

from assembly import clock
from assembly.errors import TransitionNotAllowed
from assembly.i18n import N_, localize
from assembly.law.rulebook import RulesNotInForce
from assembly.law.ruleset import RuleSet
from assembly.models import Notice
from assembly.services.deliveries import Informed
from assembly.services.law import Law, default_law
from assembly.web.labels import ground_text, label
from assembly.web.locale import current_language, format_instant
from assembly.web.officer import ACTORS, bp
from assembly.web.parsing import page_number as parse_page

# Why a decision cannot be given now, by the guard of workflows/notice.yaml that failed.
GUARD_MESSAGES = {
    "is_within_review_period": N_(
        "The review period is over: a refusal is no longer possible (Art. 14(1))."
    ),
    "is_before_start": N_("The assembly has already started: this is no longer possible."),
}
STATE_MESSAGE = N_("The notice is now “%(status)s”: this is no longer possible.")
# What each workflow trigger did, as the history reads (workflows/notice.yaml).
TRIGGERS = {
    "file": N_("filed"),
    "take_for_review": N_("taken for review"),
    "approve": N_("approved"),
    "approve_restricted": N_("approved with restrictions"),
    "propose_change": N_("another place or time proposed"),
    "refuse": N_("refused"),
    "accept_proposal": N_("the organizer accepted the proposal"),
    "decline_proposal": N_("the organizer declined the proposal"),
    "lapse_proposal": N_("the proposal was not answered in time"),
    "deem_accept": N_("deemed accepted: no answer within the review period"),
    "flag_overdue": N_("flagged overdue: no decision within the review period"),
    "withdraw": N_("withdrawn by the organizer"),
    "mark_held": N_("recorded as held"),
    "terminate": N_("terminated"),
    "pseudonymise": N_("personal data pseudonymised: the retention period is over"),
}
DELIVERY_STATUS = {
    "pending": N_("to be delivered"),
    "sent": N_("delivered or sent"),
    "failed": N_("could not be delivered"),
}
CONFLICT_MESSAGE = N_(
    "Someone else changed this notice, or the place was taken, meanwhile. Reload the page "
    "and check the notice again."
)


def rules_on(law: Law, on: date) -> RuleSet | None:
    """The rules in force on a date, or None before any."""
    try:
        return law.at(on)
    except RulesNotInForce:
        return None


def today_rules(law: Law, now: datetime) -> RuleSet:
    """The rules in force today (a decision is given under them)."""
    return law.at(law.calendar.local_date(now))


def may_act() -> bool:
    """True when the signed-in user may decide, record and log (not only read)."""
    return bool(current_user.is_authenticated and current_user.has_role(*ACTORS))


def place_name(place_id: str | None, on: date) -> str:
    """A site or route named in the page's language, as the rules of that date name it."""
    if not place_id:
        return ""
    rules = rules_on(default_law(), on)
    place = rules.places.get(place_id) if rules is not None else None
    if place is None:
        rules = rules_on(default_law(), default_law().calendar.local_date(clock.now()))
        place = rules.places.get(place_id) if rules is not None else None
    return localize(place.names, current_language()) if place and place.names else place_id


def form_name(form_id: str, on: date) -> str:
    """A form of assembly named in the page's language."""
    rules = rules_on(default_law(), on)
    form = rules.forms.get(form_id) if rules is not None else None
    return localize(form.names, current_language()) if form is not None else form_id


def notice_place(notice: Any) -> str:
    """Where a notice's assembly is: its place's name, or the point's address or coordinates."""
    if notice.place_id:
        return place_name(notice.place_id, notice.event_date)
    point = f"{notice.lat:.5f}, {notice.lon:.5f}" if notice.lat is not None else ""
    return ", ".join(part for part in (notice.address, point) if part)


def time_left(due: datetime, now: datetime) -> str:
    """How long until a deadline, or how long it is overdue, in days and hours."""
    delta = due - now
    hours = int(abs(delta) // timedelta(hours=1))
    days, hours = divmod(hours, 24)
    late = delta < timedelta(0)
    if days:
        msgid = N_("overdue by %(days)s d %(hours)s h") if late else N_(
            "%(days)s d %(hours)s h left")
    elif hours:
        msgid = N_("overdue by %(hours)s h") if late else N_("%(hours)s h left")
    else:
        msgid = N_("overdue by less than an hour") if late else N_("less than an hour left")
    return gettext(msgid, days=days, hours=hours)


def outcome_name(outcome: str, at: datetime) -> str:
    """A decision's outcome named as the rules in force that day name it."""
    rules = rules_on(default_law(), default_law().calendar.local_date(at))
    found = rules.outcomes.get(outcome) if rules is not None else None
    return localize(found.names, current_language()) if found is not None else outcome


def ground_names(ids: Iterable[str], at: datetime) -> str:
    """Refusal grounds with their meaning, as the rules in force that day word them."""
    rules = rules_on(default_law(), default_law().calendar.local_date(at))
    names = []
    for ground_id in ids:
        ground = rules.grounds.get(ground_id) if rules is not None else None
        text = ground_text(ground) if ground is not None else ""
        names.append(f"{ground_id} {text}".strip())
    return "; ".join(names)


def proposal_text(proposal: dict[str, Any], notice: Notice) -> str:
    """The place and time a proposal names (what it leaves out stays as notified)."""
    zone = default_law().calendar.zone
    starts = datetime.fromisoformat(proposal.get("starts_at") or notice.starts_at.isoformat())
    ends = datetime.fromisoformat(proposal.get("ends_at") or notice.ends_at.isoformat())
    place = proposal.get("place") or {}
    place_id = place.get("site") or place.get("route")
    day = starts.astimezone(zone).date()
    where = place_name(place_id, day) if place_id else notice_place(notice)
    return (f"{where}, {format_date(day, 'long')}, "
            f"{starts.astimezone(zone):%H:%M}–{ends.astimezone(zone):%H:%M}")


def delivery_text(delivery: Informed) -> str:
    """Where a delivery stands: status, when it went out, the tracking number."""
    parts = [gettext(DELIVERY_STATUS.get(delivery.status, delivery.status))]
    if delivery.sent_at is not None:
        parts.append(format_instant(delivery.sent_at))
    if delivery.tracking_number:
        parts.append(gettext("tracking number %(number)s", number=delivery.tracking_number))
    return ", ".join(parts)


def trigger_name(trigger: str) -> str:
    """What a workflow trigger did, in the page's language."""
    msgid = TRIGGERS.get(trigger)
    return gettext(msgid) if msgid else trigger


def refusal_message(exc: TransitionNotAllowed, notice: Notice) -> str:
    """Why the workflow refused a trigger, in the page's language."""
    for guard, msgid in GUARD_MESSAGES.items():
        if guard in exc.reason:
            return gettext(msgid)
    return gettext(STATE_MESSAGE, status=label("status", notice.status))


@bp.context_processor
def helpers() -> dict[str, Any]:
    """Names, places and deadlines for the officers' templates."""
    return {
        "place_name": place_name, "form_name": form_name, "notice_place": notice_place,
        "time_left": time_left, "may_act": may_act, "outcome_name": outcome_name,
        "ground_names": ground_names, "proposal_text": proposal_text,
        "delivery_text": delivery_text, "trigger_name": trigger_name,
    }


def page_number() -> int:
    """The page asked for (`?page=`); 1 when missing or not a page number (web.parsing)."""
    return parse_page(request.args.get("page"))
