"""The outbox sender against a real SMTP server: what arrives, once, in the right language."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from assembly.mail import send_outbox, transport_for
from assembly.models import Delivery, OutboxMessage
from assembly.services.deliveries import informed
from tests.conftest import at
from tests.mail import scenarios
from tests.mail.snapshot import HTML_MARK, assert_snapshot

SENT = at("2021-05-17T10:05:00+06:00")  # a few minutes after the refusal
SCENARIO = {"notice_registered": "notice_registered", "new_notice": "new_notice",
            "decision_made": "decision_made-refuse"}


def send(session_factory, app, now=SENT, **kwargs):
    """One pass of the sender as of `now`."""
    return send_outbox(session_factory, transport_for(app), app.config, now=lambda: now,
                       **kwargs)


def outbox(session_factory) -> list[OutboxMessage]:
    with session_factory() as check:
        return list(check.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def refused(session, create_user):
    """The late rally filed and refused by e-mail, committed: four messages queued."""
    notice = scenarios.file_and_refuse(session, create_user("citizen"),
                                       scenarios.officers(create_user))
    session.commit()
    return notice


def test_a_filing_and_a_decision_deliver_exactly_the_expected_messages_in_each_language(
    session, session_factory, create_user, smtp, app
):
    refused(session, create_user)

    report = send(session_factory, app)

    assert (report.sent, report.retried, report.failed) == (4, 0, 0)
    received = smtp.messages()
    assert sorted((r.recipients[0], r.subject) for r in received) == sorted([
        ("aigerim@example.kz", "Ваше уведомление ALA-2021-000001 зарегистрировано"),
        ("aigerim@example.kz", "Решение по вашему уведомлению ALA-2021-000001: отказано"),
        ("officer.en@example.kz", "New notice ALA-2021-000001: rally on May 20, 2021"),
        ("officer.kk@example.kz",
         "Жаңа хабарлама (өтініш) ALA-2021-000001: митинг, 2021 ж. 20 мамыр"),
    ])
    rows = {str(m.id): m for m in outbox(session_factory)}
    for r in received:
        row = rows[r.message["X-Assembly-Outbox-Id"]]
        assert r.message_id == f"<outbox-{row.id}@assembly.almaty.kz>"
        as_received = f"Subject: {r.subject}\n\n{r.part('plain')}{HTML_MARK}{r.part('html')}"
        assert_snapshot(f"{SCENARIO[row.template]}.{row.language}.txt", as_received)


def test_the_email_delivery_of_a_decision_is_recorded_when_the_server_accepts_it(
    session, session_factory, create_user, smtp, app
):
    notice = refused(session, create_user)

    send(session_factory, app)

    with session_factory() as check:
        ways = {i.channel: i for i in informed(check, notice)}
    assert set(ways) == {"email", "registered_mail"}  # Art. 11(2): e-mail also goes by post
    assert (ways["email"].status, ways["email"].sent_at) == ("sent", SENT)
    assert (ways["registered_mail"].status, ways["registered_mail"].sent_at) == ("pending", None)
    assert all(m.status == "sent" and m.sent_at == SENT for m in outbox(session_factory))


def test_messages_wait_while_the_server_is_down_and_go_once_when_it_is_back(
    session, session_factory, create_user, smtp, app
):
    refused(session, create_user)
    smtp.stop()

    down = send(session_factory, app)

    assert down.unreachable and down.sent == 0
    assert [(m.status, m.attempts) for m in outbox(session_factory)] == [("pending", 0)] * 4
    smtp.start()
    up = send(session_factory, app, now=SENT + timedelta(minutes=1))
    again = send(session_factory, app, now=SENT + timedelta(hours=1))

    assert (up.sent, again.sent) == (4, 0)
    assert sorted(smtp.copies().values()) == [1, 1, 1, 1]


def test_a_refused_attempt_is_retried_after_its_backoff_and_sent_once(
    session, session_factory, create_user, smtp, app
):
    refused(session, create_user)
    smtp.answers = ["451 4.3.0 Try again later"]

    first = send(session_factory, app)
    early = send(session_factory, app, now=SENT + timedelta(seconds=59))
    later = send(session_factory, app, now=SENT + timedelta(seconds=60))

    assert (first.sent, first.retried, early.sent, later.sent) == (3, 1, 0, 1)
    retried = [m for m in outbox(session_factory) if m.attempts == 2]
    assert len(retried) == 1 and "451" in retried[0].last_error
    assert sorted(smtp.copies().values()) == [1, 1, 1, 1]


def test_after_the_last_attempt_a_message_fails_and_the_officers_are_told(
    session, session_factory, create_user, smtp, app
):
    notice = refused(session, create_user)
    smtp.refused[notice.organizer_email] = "451 4.3.0 Try again later"
    moments = [SENT, SENT + timedelta(seconds=60), SENT + timedelta(seconds=60 + 120)]

    reports = [send(session_factory, app, now=t) for t in moments]

    assert [(r.retried, r.failed) for r in reports] == [(2, 0), (2, 0), (0, 2)]
    rows = outbox(session_factory)
    failed = [m for m in rows if m.status == "failed"]
    assert sorted((m.template, m.attempts) for m in failed) == [
        ("decision_made", 3), ("notice_registered", 3)]
    told = [m for m in rows if m.template == "delivery_failed"]
    assert sorted((m.recipient, m.context["failed_template"]) for m in told) == [
        ("officer.en@example.kz", "decision_made"), ("officer.en@example.kz", "notice_registered"),
        ("officer.kk@example.kz", "decision_made"), ("officer.kk@example.kz", "notice_registered")]
    assert {m.context["failed_recipient"] for m in told} == {notice.organizer_email}


def test_a_mailbox_refused_for_good_fails_at_once_and_its_decision_delivery_too(
    session, session_factory, create_user, smtp, app
):
    notice = refused(session, create_user)
    smtp.refused[notice.organizer_email] = "550 5.1.1 No such mailbox"

    report = send(session_factory, app)

    assert report.failed == 2
    with session_factory() as check:
        email = check.scalars(select(Delivery).where(
            Delivery.notice_id == notice.id, Delivery.channel == "email")).one()
    assert email.status == "failed"
    told = [m for m in outbox(session_factory) if m.template == "delivery_failed"]
    assert len(told) == 4 and all(m.status == "sent" for m in told)
