"""The decision letter on the web, shared by the portal, the officer's desk and the API: the
PDF of a notice's latest decision as an HTTP answer (its QR code pointing at this portal's
check page), and the context templates/_letter.html reads (the citizen's letter page and
the officer's preview of a decision before it is recorded)."""

from __future__ import annotations

from typing import Any

from flask import Response, abort, current_app, request

from assembly import config
from assembly.emails import appeal_text, format_instant, format_period
from assembly.letters.apart import render_apart
from assembly.models import Decision, Notice
from assembly.services.deliveries import informed
from assembly.services.law import Law
from assembly.services.letters import NoDecision, appeal_advisory, appeal_in_force, letter_pdf
from assembly.services.messages import decision_facts, notice_facts
from assembly.web import database
from assembly.web.locale import current_language


def base_url() -> str:
    """Where the check pages are: ASSEMBLY_PUBLIC_URL, else this request's host."""
    return config.public_url() or request.host_url.rstrip("/")


def letter_response(notice: Notice, lang: str) -> Response:
    """The PDF letter, shown inline (a phone opens it); NoDecision while undecided. It is
    rendered in a child process: fpdf2 and what it loads never stay in the worker."""
    pdf = letter_pdf(database.session(), notice, lang, base_url(), renderer=render_apart)
    response = current_app.response_class(pdf, mimetype="application/pdf")
    response.headers["Content-Disposition"] = (
        f'inline; filename="{notice.reference}-decision.pdf"')
    return response


def portal_letter(notice: Notice) -> Response:
    """The portal's download of the letter, in the organizer's language (404 undecided)."""
    try:
        return letter_response(notice, notice.language)
    except NoDecision:
        abort(404)


def reading(lang: str) -> dict[str, Any]:
    """`instant` and `period` reading ISO texts or datetimes in the page's language."""
    return {
        "lang": lang,
        "instant": lambda value: format_instant(value, lang),
        "period": lambda start, end: format_period(start, end, lang),
    }


def letter_context(notice: Notice, decision: Decision, law: Law) -> dict[str, Any]:
    """What templates/_letter.html reads: the notice, the decision, the channels it goes by,
    the appeal route in force on the decision's date (and, for officers, why it states no
    period when that rule is unverified)."""
    channels = [d.channel for d in informed(database.session(), notice)
                if d.decision_id == decision.id]
    said, lang = decision_facts(notice, decision, [], law), current_language()
    return {"notice": notice, "facts": notice_facts(notice, law), "decision": said,
            "channels": channels, "appeal_text": appeal_text(said["appeal"], lang),
            "appeal_advisory": appeal_advisory(appeal_in_force(decision, law), lang)}
