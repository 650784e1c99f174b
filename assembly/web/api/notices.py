"""Notices over the API: filing, listing, reading, deciding, answering, withdrawing."""

from __future__ import annotations

from flask import request

from assembly import clock
from assembly.actors import Actor
from assembly.errors import FieldError, InvalidInput
from assembly.models import Notice
from assembly.notices.document import Document
from assembly.services.audit import history
from assembly.services.decisions import DecisionInput
from assembly.services.filing import document_of, file_notice
from assembly.services.law import default_law
from assembly.services.listing import NoticeFilter, list_notices
from assembly.services.notices import sees_all, visible_notice
from assembly.services.paper import register_paper_notice
from assembly.services.review import answer_proposal, decide, take_for_review, withdraw
from assembly.web import database
from assembly.web.api import bp, serialize
from assembly.web.api.endpoint import Call, Payload, operation
from assembly.web.api.schemas import (
    DecisionIn,
    DocumentOut,
    FilingIn,
    NoticeListQuery,
    NoticeOut,
    NoticePage,
    PaperIn,
    ProposalResponseIn,
    WithdrawalIn,
)
from assembly.web.api.schemas import DraftIn as NoticeDraft
from assembly.web.signing import signing_policy

MAX_IDEMPOTENCY_KEY = 128


def _out(notice: Notice, call: Call) -> dict:
    """The notice with its history (after the view's commit: as stored, read as GETs read)."""
    return serialize.notice(notice, history(database.session(), notice), call.lang, call.user)


def _idempotency_key() -> str | None:
    key = request.headers.get("Idempotency-Key")
    if key is None:
        return None
    key = key.strip()
    if not key or len(key) > MAX_IDEMPOTENCY_KEY or not key.isprintable():
        raise InvalidInput([FieldError("Idempotency-Key", "invalid")])
    return key


@operation(bp, "POST", "/notices/document", summary="The canonical document of a draft",
           tag="notices", roles=("citizen",), body=NoticeDraft, responses={200: DocumentOut})
def filing_document(call: Call) -> tuple[Payload, int]:
    """The canonical document of a draft (Art. 12(1)): the text whose UTF-8 bytes the
    organizer signs with NCALayer, to send as `signature` with `POST /notices`."""
    return _document(document_of(call.body)), 200


@operation(bp, "POST", "/notices", summary="File a notice", tag="notices", roles=("citizen",),
           body=FilingIn, responses={201: NoticeOut, 200: NoticeOut})
def file(call: Call) -> tuple[Payload, int]:
    """File a draft as of now (Art. 10, 12), with the organizer's EDS (`signature`) over
    its canonical document. A missing, bad, foreign, self-made, expired or revoked
    signature, or one not the organizer's, is a 422 on `signature` (API.md). The same
    `Idempotency-Key` header returns the notice filed with it (200) instead of filing it
    twice."""
    assert call.user is not None
    body = dict(call.body)
    signature = body.pop("signature", None)
    filing = file_notice(database.session(), body, owner=call.user, now=clock.now(),
                         idempotency_key=_idempotency_key(), language=call.lang,
                         signature=signature, signing=signing_policy())
    database.commit()
    return _out(filing.notice, call), 201 if filing.created else 200


@operation(bp, "POST", "/notices/paper", summary="Register a notice received on paper",
           tag="notices", roles=("officer",), body=PaperIn, responses={201: NoticeOut})
def paper(call: Call) -> tuple[Payload, int]:
    """An officer registers a notice received on paper (Art. 12(1)): the time it was
    received (its registration date, not after now), whether the organizer signed it by
    hand (if not, ground 14.1.5 is open where the rules require a signature), and its scan
    (PDF, JPEG or PNG, base64; a large scan needs ASSEMBLY_API_MAX_BODY_BYTES raised). It
    then follows the same workflow and deadlines."""
    assert call.user is not None
    filing = register_paper_notice(database.session(), call.body, officer=call.user,
                                   now=clock.now())
    database.commit()
    return _out(filing.notice, call), 201


@operation(bp, "GET", "/notices", summary="List notices", tag="notices",
           roles=("citizen", "officer", "manager"), query=NoticeListQuery,
           responses={200: NoticePage})
def list_(call: Call) -> tuple[Payload, int]:
    """A citizen's own notices; officers and managers see all. Filters: status, year of
    registration, place (a site or route id, or `point`); the latest filed first. `total`
    counts the matches up to 10,000 past the page's end (`total_exact` says which). Pages
    follow one another with `page`, or with `after` (the previous page's `next_after`),
    which reads from the index however deep the page."""
    assert call.user is not None
    q = call.query
    if q.status is not None and q.status not in default_law().workflow.states:
        raise InvalidInput([FieldError("status", "unknown", {"value": q.status})])
    filters = NoticeFilter(
        owner_id=None if sees_all(call.user) else call.user.id,
        status=q.status, year=q.year, place=q.place,
    )
    found = list_notices(database.session(), filters, page=q.page, per_page=q.per_page,
                         after=q.after)
    return {"items": [serialize.summary(n) for n in found.notices],
            "page": q.page, "per_page": q.per_page,
            "total": found.total, "total_exact": found.exact,
            "next_after": found.next_after}, 200


@operation(bp, "GET", "/notices/{reference}", summary="Read a notice", tag="notices",
           roles=("citizen", "officer", "manager"), responses={200: NoticeOut}, errors=(404,))
def read(call: Call, reference: str) -> tuple[Payload, int]:
    """A notice with its findings, latest decision and full history (owner, officer,
    manager; another citizen's notice is 404). The organizer's personal data only to the
    owner and officers (`organizer` is null for a manager)."""
    assert call.user is not None
    return _out(visible_notice(database.session(), call.user, reference), call), 200


@operation(bp, "POST", "/notices/{reference}/review", summary="Take a notice for review",
           tag="notices", roles=("officer",), responses={200: NoticeOut}, errors=(404, 409))
def review(call: Call, reference: str) -> tuple[Payload, int]:
    """An officer takes a received notice for review (optional: a decision may follow
    directly)."""
    assert call.user is not None
    notice = visible_notice(database.session(), call.user, reference)
    take_for_review(database.session(), notice, actor=Actor.of(call.user), now=clock.now())
    database.commit()
    return _out(notice, call), 200


def _decision_input(body: dict) -> DecisionInput:
    return DecisionInput(
        outcome=body["outcome"], grounds=tuple(body.get("grounds", ())),
        reasoning=body.get("reasoning"), restrictions=tuple(body.get("restrictions", ())),
        proposal=body.get("proposal"), channels=tuple(body.get("channels", ())),
        signature=body.get("signature"),
    )


def _document(document: Document) -> Payload:
    return {"document": document.text, "sha256": document.sha256}


@operation(bp, "POST", "/notices/{reference}/decision/document",
           summary="The canonical document of a decision", tag="notices", roles=("officer",),
           body=DecisionIn, responses={200: DocumentOut}, errors=(404,))
def decision_document(call: Call, reference: str) -> tuple[Payload, int]:
    """The canonical document of a decision body (`signature` ignored): the text whose
    UTF-8 bytes the deciding officer signs, to send as `signature` with the decision."""
    assert call.user is not None
    notice = visible_notice(database.session(), call.user, reference)
    return _document(_decision_input(call.body).document(notice.reference)), 200


@operation(bp, "POST", "/notices/{reference}/decision", summary="Decide a notice",
           tag="notices", roles=("officer",), body=DecisionIn, responses={200: NoticeOut},
           errors=(404, 409))
def decision(call: Call, reference: str) -> tuple[Payload, int]:
    """Approve, approve with restrictions, propose another place or time, or refuse on
    Art. 14(1) grounds with written reasoning (LAW.md §3-§4)."""
    assert call.user is not None
    notice = visible_notice(database.session(), call.user, reference)
    decide(database.session(), notice, _decision_input(call.body), actor=Actor.of(call.user),
           now=clock.now(), signing=signing_policy())
    database.commit()
    return _out(notice, call), 200


@operation(bp, "POST", "/notices/{reference}/proposal-response",
           summary="Accept or decline a proposal", tag="notices", roles=("citizen",),
           body=ProposalResponseIn, responses={200: NoticeOut}, errors=(404, 409))
def proposal_response(call: Call, reference: str) -> tuple[Payload, int]:
    """The organizer accepts the proposed place or time (approved) or declines it (back to
    review)."""
    assert call.user is not None
    notice = visible_notice(database.session(), call.user, reference)
    answer_proposal(database.session(), notice, accept=call.body["accept"],
                    actor=Actor.of(call.user), now=clock.now())
    database.commit()
    return _out(notice, call), 200


@operation(bp, "POST", "/notices/{reference}/withdrawal", summary="Withdraw a notice",
           tag="notices", roles=("citizen",), body=WithdrawalIn, responses={200: NoticeOut},
           errors=(404, 409))
def withdrawal(call: Call, reference: str) -> tuple[Payload, int]:
    """The organizer withdraws the notice in writing before the start (Art. 5(1)(10))."""
    assert call.user is not None
    notice = visible_notice(database.session(), call.user, reference)
    withdraw(database.session(), notice, statement=call.body["statement"],
             actor=Actor.of(call.user), now=clock.now())
    database.commit()
    return _out(notice, call), 200
