"""The decision letter as an HTTP answer, shared by the portal and the API: the PDF of a
notice's latest decision, its QR code pointing at this portal's check page."""

from __future__ import annotations

from flask import Response, abort, current_app, request

from assembly import config
from assembly.models import Notice
from assembly.services.letters import NoDecision, letter_pdf
from assembly.web import database


def base_url() -> str:
    """Where the check pages are: ASSEMBLY_PUBLIC_URL, else this request's host."""
    return config.public_url() or request.host_url.rstrip("/")


def letter_response(notice: Notice, lang: str) -> Response:
    """The PDF letter, shown inline (a phone opens it); NoDecision while undecided."""
    pdf = letter_pdf(database.session(), notice, lang, base_url())
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
