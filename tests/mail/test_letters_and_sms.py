"""The decision letter reaches the organizer (attached to the decision e-mail, kept for
the registered-mail task) and the SMS channel goes through the outbox like e-mail: an
HTTP gateway, short texts with the check page's link, retries, delivery records, and the
registered-mail task the law requires (Art. 11(2), 13(2))."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select

from assembly.actors import Actor
from assembly.mail import send_outbox, transport_for
from assembly.models import Decision, OutboxMessage
from assembly.services import sending
from assembly.services.decisions import DecisionInput
from assembly.services.deliveries import informed, registered_mail_tasks
from assembly.services.review import decide
from assembly.sms import render_sms, sms_parts, sms_transport_for
from tests.conftest import at
from tests.letters.pdf_tools import text_of
from tests.mail import scenarios
from tests.mail.conftest import mail_app
from tests.mail.smsgateway import FakeSmsGateway

DECIDED = at("2021-05-14T10:00:00+06:00")
SENT = at("2021-05-14T10:05:00+06:00")
PHONE = "+77011234567"


@pytest.fixture
def gateway() -> Iterator[FakeSmsGateway]:
    fake = FakeSmsGateway()
    fake.start()
    yield fake
    fake.stop()


@pytest.fixture
def sms_app(gateway: FakeSmsGateway) -> Any:
    return mail_app(None, SMS_URL=gateway.url, SMS_TOKEN="t", SMS_SENDER="AKIMAT",
                    SMS_TIMEOUT=5)


def decided(session: Any, create_user: Any, channels: list[str],
            outcome: str = "approve", **given: Any) -> Any:
    """The rally filed on time and decided by an officer, to be delivered by `channels`."""
    notice = scenarios.file(session, create_user("citizen"), "2021-05-13T10:00:00+06:00")
    officer = create_user("officer", position="Бас маман")
    decide(session, notice, DecisionInput(outcome, channels=channels, **given),
           actor=Actor.of(officer), now=DECIDED)
    session.commit()
    return notice


def send_sms(factory: Any, app: Any, now: Any = SENT) -> Any:
    return send_outbox(factory, sms_transport_for(app.config), app.config,
                       now=lambda: now, channel="sms")


def sms_rows(factory: Any) -> list[OutboxMessage]:
    with factory() as check:
        return list(check.scalars(select(OutboxMessage).where(
            OutboxMessage.channel == "sms").order_by(OutboxMessage.id)))


def test_the_decision_email_carries_the_letter_as_a_pdf(
    session: Any, session_factory: Any, create_user: Any, smtp: Any, app: Any
) -> None:
    notice = decided(session, create_user, ["email"])

    report = send_outbox(session_factory, transport_for(app), app.config, now=lambda: SENT)

    assert report.failed == 0
    decision_mail = next(r for r in smtp.messages() if notice.reference in r.subject
                         and r.recipients == ["aigerim@example.kz"]
                         and "Решение" in r.subject)
    files = [(part.get_filename(), part.get_content_type(), part.get_content())
             for part in decision_mail.message.iter_attachments()]
    assert [(name, kind) for name, kind, _ in files] == [
        (f"{notice.reference}-decision.pdf", "application/pdf")]
    text = text_of(files[0][2])
    print(f"attached letter:\n{text}")
    assert "Акимат города Алматы" in text and "Бас маман" in text


def test_a_decision_by_sms_queues_one_short_text_with_the_check_link_and_registered_mail(
    session: Any, session_factory: Any, create_user: Any
) -> None:
    notice = decided(session, create_user, ["sms"])

    [row] = sms_rows(session_factory)
    check_id = session.scalars(select(Decision.check_id)).one()
    text = render_sms(row.template, row.language, row.context).text
    print(f"SMS ({sms_parts(text)} part(s), {len(text)} chars): {text}")
    assert row.recipient == PHONE and row.delivery_id is not None
    assert text.endswith(f"/verify/{check_id}") and notice.reference in text
    assert sms_parts(text) <= 2
    tasks = registered_mail_tasks(session)
    assert [t.reference for t in tasks] == [notice.reference]  # Art. 11(2): also by post


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
@pytest.mark.parametrize("outcome", ["approve", "approve_restricted", "propose_change",
                                     "refuse"])
def test_every_decision_sms_fits_in_two_parts_in_every_language(
    lang: str, outcome: str, law: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ASSEMBLY_PUBLIC_URL", "https://assembly.almaty.gov.kz")
    names = dict(law.at(DECIDED.date()).outcomes[outcome].names)

    text = render_sms("decision_made", lang, {"reference": "ALA-2021-000123",
                                              "outcome_names": names,
                                              "check_id": "0" * 24})

    assert sms_parts(text.text) <= 2, text.text


def test_the_gateway_fails_then_recovers_and_every_sms_arrives_once(
    session: Any, session_factory: Any, create_user: Any, gateway: FakeSmsGateway,
    sms_app: Any
) -> None:
    first = decided(session, create_user, ["sms"])
    second = decided(session, create_user, ["sms"], "refuse", grounds=["14.1.3"],
                     reasoning="Угроза общественному порядку: ремонт площади.")
    gateway.fail_next(3)

    down = send_sms(session_factory, sms_app)
    print(f"pass while failing: sent {down.sent}, retried {down.retried}")
    assert (down.sent, down.failed) == (0, 0) and down.retried == 1  # a lost connection
    later = SENT
    while any(r.status != "sent" for r in sms_rows(session_factory)):
        later += timedelta(hours=1)  # past every backoff
        send_sms(session_factory, sms_app, later)
        assert later < SENT + timedelta(days=1), "the SMS never went"

    accepted = [t.id for t in gateway.accepted]
    print(f"gateway: {gateway.attempts} attempts, accepted {accepted}")
    assert sorted(accepted) == sorted(f"outbox-{r.id}" for r in sms_rows(session_factory))
    assert len(set(accepted)) == len(accepted) == 2  # nothing lost, nothing twice
    with session_factory() as check:
        for notice in (first, second):
            ways = {i.channel: i.status for i in informed(check, notice)}
            assert ways == {"sms": "sent", "registered_mail": "pending"}


def test_a_sender_that_dies_after_the_gateway_accepted_sends_one_flagged_duplicate(
    session: Any, session_factory: Any, create_user: Any, gateway: FakeSmsGateway,
    sms_app: Any
) -> None:
    decided(session, create_user, ["sms"])
    with session_factory() as claim:  # claimed, sent, then the sender died before marking
        claimed = sending.claim_next(claim, SENT, claim_timeout=300, channel="sms")
        claim.commit()
    assert claimed is not None
    with sms_transport_for(sms_app.config).connect() as outgoing:
        outgoing.send(claimed, render_sms(claimed.template, claimed.language,
                                          claimed.context))

    send_sms(session_factory, sms_app, SENT + timedelta(seconds=301))

    copies = [(t.id, t.idempotency_key, t.possible_duplicate) for t in gateway.accepted]
    key = f"outbox-{claimed.id}"
    assert copies == [(key, key, False), (key, key, True)]  # the documented one duplicate
    [row] = sms_rows(session_factory)
    assert row.status == "sent" and row.possible_duplicate is True


def test_a_number_the_gateway_refuses_for_good_fails_and_officers_are_told(
    session: Any, session_factory: Any, create_user: Any, sms_app: Any,
    monkeypatch: pytest.MonkeyPatch
) -> None:
    import urllib.error

    def refuse(*_args: Any, **_kwargs: Any) -> Any:
        raise urllib.error.HTTPError("http://gateway", 400, "bad number", {}, None)  # type: ignore[arg-type]

    notice = decided(session, create_user, ["sms"])
    monkeypatch.setattr("urllib.request.urlopen", refuse)

    report = send_sms(session_factory, sms_app)

    assert report.failed == 1
    [row] = sms_rows(session_factory)
    assert row.status == "failed"
    with session_factory() as check:
        ways = {i.channel: i.status for i in informed(check, notice)}
        told = check.scalars(select(OutboxMessage.template).where(
            OutboxMessage.template == "delivery_failed")).all()
    assert ways == {"sms": "failed", "registered_mail": "pending"}
    assert told  # the officers learn that the SMS did not go
