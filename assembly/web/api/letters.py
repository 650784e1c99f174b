"""Decision letters over the API: the PDF (owner, officer) and its public check (anyone)."""

from __future__ import annotations

from flask import Response, request

from assembly.errors import NotFound
from assembly.services.letters import NoDecision
from assembly.services.notices import visible_notice
from assembly.services.verification import check_decision
from assembly.web import database
from assembly.web.api import bp
from assembly.web.api.endpoint import Call, Payload, operation
from assembly.web.api.errors import ApiError
from assembly.web.api.schemas import VerificationOut
from assembly.web.letters import letter_response


@operation(bp, "GET", "/notices/{reference}/letter.pdf", summary="The decision letter (PDF)",
           tag="notices", roles=("citizen", "officer"), responses={200: None}, errors=(404,))
def letter(call: Call, reference: str) -> Response:
    """The latest decision as a PDF letter in the organizer's language (the caller's with
    `Accept-Language`), with the QR code of its public check page and the officer's EDS
    signature attached when there is one. 404 `no_decision` while undecided."""
    assert call.user is not None
    notice = visible_notice(database.session(), call.user, reference)
    lang = call.lang if request.headers.get("Accept-Language") else notice.language
    try:
        return letter_response(notice, lang)
    except NoDecision:
        raise ApiError(404, "no_decision") from None


@operation(bp, "GET", "/verify/{id}", summary="Check a decision letter", tag="public",
           responses={200: VerificationOut}, errors=(404,))
def verify(call: Call, id: str) -> tuple[Payload, int]:  # noqa: A002 - the path's name
    """Whether the decision a letter's QR code names is genuine and current: status, place,
    times, form and the signing officer's position; no personal data. An unknown id (a
    forged letter) is 404 `not_genuine`."""
    try:
        found = check_decision(database.session(), id)
    except NotFound:
        raise ApiError(404, "not_genuine") from None
    return found.as_json(call.lang), 200
