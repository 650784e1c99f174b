"""Notices driven through the services until every kind of message is in the outbox.

Everything happens in May 2021 (UTC+6) and is deterministic, so the rendered messages
can be compared with saved snapshots. `file_and_refuse` comes first: the SMTP test runs
it alone and gets the same references and contexts.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from assembly.actors import Actor
from assembly.models import Notice, OutboxMessage, User
from assembly.services import sending
from assembly.services.deadlines import MOVES, move_notice, sweep
from assembly.services.decisions import DecisionInput
from assembly.services.digest import remind_deadlines, send_digest
from assembly.services.filing import file_notice
from assembly.services.law import default_law
from assembly.services.registration import register_citizen
from assembly.services.review import decide
from tests.conftest import at, dummy_draft
from tests.eds import suite

SWEPT = at("2021-05-19T09:00:00+06:00")  # the morning after the rally's review period
ORGANIZER = "aigerim@example.kz"


def officers(make_user: Callable[..., User]) -> Actor:
    """Two officers reading Kazakh and English; the first one decides."""
    first = make_user("officer", email="officer.kk@example.kz", language="kk")
    make_user("officer", email="officer.en@example.kz", language="en")
    return Actor.of(first)


def file(session: Session, owner: User, filed_at: str, **overrides: Any) -> Notice:
    """A notice filed through the service by `owner` (in Russian, the default)."""
    draft = dummy_draft(**overrides)
    return file_notice(session, draft, owner=owner, now=at(filed_at),
                       signature=suite().sign_draft(draft), signing=suite().signing()).notice


def file_and_refuse(session: Session, owner: User, officer: Actor) -> Notice:
    """The rally filed a day late (late_filing) and refused on 14.1.4, sent by e-mail."""
    notice = file(session, owner, "2021-05-14T10:00:00+06:00")
    decide(session, notice, DecisionInput(
        "refuse", grounds=["14.1.4"], channels=["email"],
        reasoning="Зарегистрировано 14 мая 2021 г., позже последнего дня подачи — 13 мая.",
    ), actor=officer, now=at("2021-05-17T10:00:00+06:00"))
    return notice


def run_all(session: Session, owner: User, officer: Actor) -> dict[str, OutboxMessage]:
    """Every message kind, by scenario name (template, or template-variant)."""
    refused = file_and_refuse(session, owner, officer)
    proposed = file(session, owner, "2021-05-13T10:00:00+06:00", place={"site": "gandhi-park"})
    decide(session, proposed, DecisionInput("propose_change", channels=["email"], proposal={
        "starts_at": "2021-05-21T11:00:00+06:00", "ends_at": "2021-05-21T13:00:00+06:00"}),
        actor=officer, now=at("2021-05-14T10:00:00+06:00"))
    march = file(session, owner, "2021-05-20T10:00:00+06:00", form="march",
                 starts_at="2021-06-10T11:00:00+06:00", ends_at="2021-06-10T13:00:00+06:00",
                 place={"route": "shevchenko-street"})
    decide(session, march, DecisionInput(
        "approve_restricted", restrictions=["no_sound_amplifiers"], channels=["hand"]),
        actor=officer, now=at("2021-05-21T10:00:00+06:00"))
    picket = file(session, owner, "2021-05-13T10:00:00+06:00", form="picket",
                  expected_participants=1,
                  place={"point": {"lat": 43.238, "lon": 76.945}, "address": "пр. Абая, 50"})
    decide(session, picket, DecisionInput("approve", channels=["eds"]), actor=officer,
           now=at("2021-05-14T11:00:00+06:00"))
    # An application nobody answers: overdue on 17 May (Art. 13, no silence rule).
    file(session, owner, "2021-05-04T10:00:00+06:00", form="march",
         starts_at="2021-05-27T11:00:00+06:00", ends_at="2021-05-27T13:00:00+06:00",
         place={"route": "shevchenko-street"})
    # A silent notification whose slot overlaps one approved meanwhile (deemed, but taken).
    silent = file(session, owner, "2021-05-13T10:00:00+06:00",
                  starts_at="2021-05-20T14:00:00+06:00", ends_at="2021-05-20T16:00:00+06:00")
    rival = file(session, owner, "2021-05-13T11:00:00+06:00",
                 starts_at="2021-05-20T15:00:00+06:00", ends_at="2021-05-20T17:00:00+06:00")
    decide(session, rival, DecisionInput("approve"), actor=officer,
           now=at("2021-05-14T12:00:00+06:00"))
    # Due at the end of 19 May (today in the digest) and of 20 May (reminded on 19 May).
    file(session, owner, "2021-05-14T11:00:00+06:00", place={"site": "gandhi-park"},
         starts_at="2021-05-20T15:00:00+06:00", ends_at="2021-05-20T17:00:00+06:00")
    later = file(session, owner, "2021-05-17T10:00:00+06:00",
                 place={"site": "valikhanov-square"},
                 starts_at="2021-05-27T11:00:00+06:00", ends_at="2021-05-27T13:00:00+06:00")
    # Filed late for a rally on Tue 18 May, its review period ending on 20 May, after the
    # start: never deemed accepted, it lapses when the rally starts (swept on 19 May).
    lapsing = file(session, owner, "2021-05-17T11:00:00+06:00", place={"site": "gandhi-park"},
                   starts_at="2021-05-18T15:00:00+06:00", ends_at="2021-05-18T17:00:00+06:00")
    sweep(session, SWEPT)
    # A move that cannot be made (here: not due yet) is left behind and reported.
    move_notice(session, later, MOVES[0], SWEPT, default_law())
    remind_deadlines(session, SWEPT)
    registered = first(session, "notice_registered", refused)
    registered.attempts = 3
    sending.mark_failed(session, registered.id, SWEPT, "SMTPRecipientsRefused: 550 no such user",
                        permanent=True, max_attempts=3, retry_seconds=60)
    send_digest(session, SWEPT, from_hour=8)
    # Someone registers with the owner's address: its owner is told, in their language.
    register_citizen(session, owner.email.upper(), password="a stranger's password",
                     full_name="Незнакомец", language="en", now=SWEPT)
    session.flush()
    return {
        "notice_registered": registered,
        "new_notice": first(session, "new_notice", refused),
        "decision_made-refuse": first(session, "decision_made", refused),
        "decision_made-propose_change": first(session, "decision_made", proposed),
        "decision_made-approve_restricted": first(session, "decision_made", march),
        "decision_made-approve": first(session, "decision_made", picket),
        "proposal_lapsed": first(session, "proposal_lapsed", proposed),
        "notice_overdue": first(session, "notice_overdue"),
        "deemed_accepted": first(session, "deemed_accepted", silent),
        "deemed_acceptance_conflict": first(session, "deemed_acceptance_conflict", silent),
        "notice_lapsed": first(session, "notice_lapsed", lapsing),
        "notice_lapsed_officers": first(session, "notice_lapsed_officers", lapsing),
        "sweep_left_behind": first(session, "sweep_left_behind", later),
        "deadline_tomorrow": first(session, "deadline_tomorrow"),
        "delivery_failed": first(session, "delivery_failed"),
        "digest": first(session, "digest"),
        "registration_attempt": first(session, "registration_attempt"),
    }


def first(session: Session, template: str, notice: Notice | None = None) -> OutboxMessage:
    """The first queued message of a template (about a notice)."""
    query = select(OutboxMessage).where(OutboxMessage.template == template)
    if notice is not None:
        query = query.where(OutboxMessage.notice_id == notice.id)
    message = session.scalars(query.order_by(OutboxMessage.id)).first()
    assert message is not None, f"no {template} message was queued"
    return message
