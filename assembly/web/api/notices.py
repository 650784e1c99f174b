"""Notices over the API: filing, listing, reading, deciding, answering, withdrawing."""

from __future__ import annotations

from flask import request

from assembly import clock
from assembly.actors import Actor
from assembly.errors import FieldError, InvalidInput
from assembly.models import Notice
from assembly.services.audit import history
from assembly.services.decisions import DecisionInput
from assembly.services.filing import file_notice
from assembly.services.law import default_law
from assembly.services.listing import NoticeFilter, list_notices
from assembly.services.notices import sees_all, visible_notice
from assembly.services.review import answer_proposal, decide, take_for_review, withdraw
from assembly.web import database
from assembly.web.api import bp, serialize
from assembly.web.api.endpoint import Call, Payload, operation
from assembly.web.api.schemas import (
    DecisionIn,
    NoticeListQuery,
    NoticeOut,
    NoticePage,
    ProposalResponseIn,
    WithdrawalIn,
)
from assembly.web.api.schemas import DraftIn as NoticeDraft

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


@operation(bp, "POST", "/notices", summary="File a notice", tag="notices", roles=("citizen",),
           body=NoticeDraft, responses={201: NoticeOut, 200: NoticeOut})
def file(call: Call) -> tuple[Payload, int]:
    """File a draft as of now (Art. 10, 12). The same `Idempotency-Key` header returns the
    notice filed with it (200) instead of filing it twice."""
    assert call.user is not None
    filing = file_notice(database.session(), call.body, owner=call.user, now=clock.now(),
                         idempotency_key=_idempotency_key(), language=call.lang)
    database.commit()
    return _out(filing.notice, call), 201 if filing.created else 200


@operation(bp, "GET", "/notices", summary="List notices", tag="notices",
           roles=("citizen", "officer", "manager"), query=NoticeListQuery,
           responses={200: NoticePage})
def list_(call: Call) -> tuple[Payload, int]:
    """A citizen's own notices; officers and managers see all. Filters: status, year of
    registration, place (a site or route id, or `point`); the latest filed first. `total`
    counts the matches up to 10,000 past the page's end (`total_exact` says which)."""
    assert call.user is not None
    q = call.query
    if q.status is not None and q.status not in default_law().workflow.states:
        raise InvalidInput([FieldError("status", "unknown", {"value": q.status})])
    filters = NoticeFilter(
        owner_id=None if sees_all(call.user) else call.user.id,
        status=q.status, year=q.year, place=q.place,
    )
    found = list_notices(database.session(), filters, page=q.page, per_page=q.per_page)
    return {"items": [serialize.summary(n) for n in found.notices], "page": q.page,
            "per_page": q.per_page, "total": found.total, "total_exact": found.exact}, 200


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


@operation(bp, "POST", "/notices/{reference}/decision", summary="Decide a notice",
           tag="notices", roles=("officer",), body=DecisionIn, responses={200: NoticeOut},
           errors=(404, 409))
def decision(call: Call, reference: str) -> tuple[Payload, int]:
    """Approve, approve with restrictions, propose another place or time, or refuse on
    Art. 14(1) grounds with written reasoning (LAW.md §3-§4)."""
    assert call.user is not None
    notice = visible_notice(database.session(), call.user, reference)
    body = call.body
    given = DecisionInput(
        outcome=body["outcome"], grounds=tuple(body.get("grounds", ())),
        reasoning=body.get("reasoning"), restrictions=tuple(body.get("restrictions", ())),
        proposal=body.get("proposal"), channels=tuple(body.get("channels", ())),
    )
    decide(database.session(), notice, given, actor=Actor.of(call.user), now=clock.now())
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
