"""Words for the ids the engine uses (statuses, procedures, restrictions...), in kk, ru, en.

The rules name their own forms, places, outcomes and grounds (`names` by language, shown
with the `in_language` filter); everything else an id stands for is here, as msgids.
Templates call `label("status", notice.status)` and `article(finding.article)`.
"""

from __future__ import annotations

from flask import Flask
from flask_babel import gettext

from assembly.emails import CHANNELS, RESTRICTIONS, format_article
from assembly.i18n import N_, finding_message, localize
from assembly.law.ruleset import Ground
from assembly.web.locale import current_language

LABELS: dict[str, dict[str, str]] = {
    # The glossary's status rows (GLOSSARY.md): "registered", never "accepted".
    "status": {
        "received": N_("registered, awaiting review"),
        "in_review": N_("under review"),
        "change_proposed": N_(
            "a change of place and/or time proposed: awaiting the organizer's answer"
        ),
        "approved": N_("approved"),
        "deemed_accepted": N_("may go ahead: no answer in time"),
        "refused": N_("refused"),
        "withdrawn": N_("withdrawn by the organizer"),
        "held": N_("held"),
        "terminated": N_("terminated"),
        "lapsed": N_("not reviewed before the day of the assembly"),
    },
    # Where a notification's words differ: the law approves only applications (Art. 13(1));
    # a notification the akimat answered without refusal may go ahead (Art. 11(1)).
    "status_notification": {
        "approved": N_("may go ahead"),
    },
    # What a citizen reads (issue 15.4): the status says what happens next.
    "status_citizen": {
        "received": N_("registered — under review"),
        "in_review": N_("registered — an officer of the akimat is reviewing it"),
        "change_proposed": N_(
            "another place and/or time proposed — the akimat awaits your answer"
        ),
    },
    "procedure": {
        "notification": N_("notification"),
        "application": N_("application for approval"),
    },
    "location": {
        "anywhere": N_("anywhere except near prohibited objects"),
        "special_place": N_("at a special place"),
        "route": N_("along a route"),
        "route_or_place": N_("along a route or at a special place"),
    },
    "silence": {
        "deemed_accepted": N_(
            "without an answer in time, the organizer may hold the assembly as notified"
        ),
        "overdue": N_(
            "without a decision in time, the akimat is late: an application is never "
            "approved by silence"
        ),
    },
    "place_kind": {
        "site": N_("special place"),
        "route": N_("route"),
        "point": N_("point"),
    },
    # Shared with the e-mails, which word them the same way.
    "restriction": RESTRICTIONS,
    "channel": CHANNELS,
    "unsanctioned": {
        "no_notice": N_("held without a registered notice"),
        "held_although_refused": N_("held although refused"),
        "application_not_approved": N_("an application held without approval"),
        "changed_place_time_or_form": N_("held at another place, time or in another form"),
        "prohibited_zone": N_("a picket in a prohibited zone"),
    },
    # Why officers close a special place or route (Art. 14(1)(10)).
    "closure": {
        "works": N_("works under way"),
        "official_event": N_("another official event"),
    },
    "role": {
        "citizen": N_("citizen"),
        "officer": N_("officer"),
        "manager": N_("manager"),
        "admin": N_("administrator"),
    },
    "severity": {
        "error": N_("problem"),
        "warning": N_("warning"),
        "advisory": N_("to check with the akimat"),
    },
    "organizer_kind": {
        "person": N_("a person"),
        "organization": N_("an organization"),
    },
}


def label(kind: str, value: str | None, procedure: str | None = None) -> str:
    """The words for an id of a kind, in the page's language (the id itself if unknown).

    A status names what the organizer's procedure allows: `procedure` picks the words.
    """
    if value is None:
        return ""
    msgid = LABELS.get(f"{kind}_{procedure}", {}).get(value) if procedure else None
    msgid = msgid or LABELS.get(kind, {}).get(value)
    return gettext(msgid) if msgid else value


def citizen_status(status: str | None, procedure: str | None = None) -> str:
    """A status as its organizer reads it: what happens now, in the page's language."""
    if status is None:
        return ""
    msgid = LABELS.get(f"status_citizen_{procedure}", {}).get(status) if procedure else None
    msgid = msgid or LABELS["status_citizen"].get(status)
    return gettext(msgid) if msgid else label("status", status, procedure)


UNCONFIRMED_READING = N_("the act's wording not confirmed")


def ground_text(ground: Ground) -> str:
    """A ground's words for officers, with the doubt about a reading the act does not confirm.

    Citizens never read the doubt: their letter cites the article and the reasoning only.
    """
    text = localize(ground.names, current_language())
    return text if ground.quotes_act else f"{text} ({gettext(UNCONFIRMED_READING)})"


def article(reference: str | None) -> str:
    """An article reference of the rules ("Art. 14(1)(4)") as the page's language cites it."""
    return format_article(reference or "", current_language())


def init_app(app: Flask) -> None:
    """label() and article() for templates; `ids|map("label", "status")` as a filter."""
    app.jinja_env.globals.update(label=label, article=article, finding_text=finding_message,
                                 citizen_status=citizen_status)
    app.jinja_env.filters["label"] = lambda value, kind, procedure=None: label(
        kind, value, procedure
    )
