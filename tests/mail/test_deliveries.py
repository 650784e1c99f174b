"""Delivery records (Art. 11(2), 13(2)): registered-mail tasks closed with a tracking number."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from assembly.actors import Actor
from assembly.cli import main
from assembly.errors import Forbidden, InvalidInput, NotFound
from assembly.notices.tracking import s10_check_digit
from assembly.services.deliveries import informed, record_delivery, registered_mail_tasks
from tests.conftest import at
from tests.mail import scenarios
from tests.processes import database_url

POSTED = at("2021-05-18T12:00:00+06:00")


@pytest.fixture
def decided(session, create_user):
    """The rally refused by e-mail: an e-mail delivery and a registered-mail task."""
    officer = scenarios.officers(create_user)
    notice = scenarios.file_and_refuse(session, create_user("citizen"), officer)
    session.flush()
    return notice, officer


def test_an_email_decision_gives_officers_a_registered_mail_task(session, decided):
    notice, _ = decided

    [task] = registered_mail_tasks(session)

    assert (task.reference, task.outcome) == (notice.reference, "refuse")
    assert task.organizer_address == notice.organizer_address


def test_an_officer_closes_the_task_with_its_tracking_number(session, decided):
    notice, officer = decided

    record_delivery(session, notice, tracking_number=" rr123456785kz ", actor=officer, now=POSTED)

    posted = {i.channel: i for i in informed(session, notice)}["registered_mail"]
    assert (posted.status, posted.sent_at, posted.tracking_number) == (
        "sent", POSTED, "RR123456785KZ")
    assert registered_mail_tasks(session) == []
    with pytest.raises(NotFound):  # the task is closed: nothing left to record
        record_delivery(session, notice, tracking_number="RR987654326KZ", actor=officer, now=POSTED)


@pytest.mark.parametrize(("tracking", "code"), [
    (None, "required"), ("  ", "required"), ("RR 12", "format"), ("x" * 65, "format"),
    ("12345", "format"), ("RR12345678KZ", "format"), ("RR1234567855KZ", "format"),
    ("R1123456785KZ", "format"), ("RR123456785K1", "format"),
    ("RR123456789KZ", "checksum"), ("RR123456780KZ", "checksum"),
])
def test_registered_mail_needs_an_s10_tracking_number_with_its_check_digit(
    session, decided, tracking, code
):
    notice, officer = decided

    with pytest.raises(InvalidInput) as caught:
        record_delivery(session, notice, tracking_number=tracking, actor=officer, now=POSTED)

    assert [(e.field, e.code) for e in caught.value.errors] == [("tracking_number", code)]


@pytest.mark.parametrize("tracking", ["RR473124829GB", "rr 4731 2482 9 gb", "CP-987654326-KZ",
                                      "EE000000005KZ", "RA123456785KZ"])
def test_an_s10_number_is_read_as_printed_on_the_receipt(session, decided, tracking):
    notice, officer = decided

    posted = record_delivery(session, notice, tracking_number=tracking, actor=officer,
                             now=POSTED)

    assert posted.tracking_number == tracking.upper().replace(" ", "").replace("-", "")


@pytest.mark.parametrize(("serial", "digit"), [
    ("47312482", 9),  # the UPU's own example, RR473124829GB
    ("12345678", 5), ("00000000", 5),  # 11 - 0 = 11 -> 5
    ("00000001", 4),  # 11 - 7
    ("00004000", 0),  # 4 x 3 = 12, 11 - 1 = 10 -> 0
])
def test_the_s10_check_digit_follows_the_upu_weights(serial, digit):
    assert s10_check_digit(serial) == digit


def test_only_officers_record_deliveries(session, decided, citizen):
    notice, _ = decided

    with pytest.raises(Forbidden):
        record_delivery(session, notice, tracking_number="RR123456785KZ",
                        actor=Actor.of(citizen), now=POSTED)


def test_the_notice_shows_when_and_how_the_organizer_was_informed(session, decided):
    notice, _ = decided

    ways = informed(session, notice)

    assert [(i.outcome, i.channel, i.status) for i in ways] == [
        ("refuse", "email", "pending"), ("refuse", "registered_mail", "pending")]
    assert {i.decided_at for i in ways} == {at("2021-05-17T10:00:00+06:00")}


def test_the_command_line_records_a_dispatch_by_reference(
    session, engine, decided, tmp_path, monkeypatch
):
    notice, _ = decided
    session.commit()
    monkeypatch.setenv("ASSEMBLY_DATABASE_URL", database_url(engine))
    monkeypatch.setenv("ASSEMBLY_NOW", "2021-05-18T12:00:00+06:00")
    runner = CliRunner()

    pending = runner.invoke(main, ["deliveries", "pending"], catch_exceptions=False)
    recorded = runner.invoke(main, ["deliveries", "record", notice.reference, "--tracking",
                                    "RR123456785KZ", "--by", "officer.kk@example.kz"],
                             catch_exceptions=False)
    again = runner.invoke(main, ["deliveries", "record", notice.reference,
                                 "--tracking", "RR987654326KZ"])

    assert notice.reference in pending.output and "1 registered letter(s)" in pending.output
    assert recorded.exit_code == 0, recorded.output
    assert "registered_mail recorded as sent tracking RR123456785KZ" in recorded.output
    assert again.exit_code == 2 and "no registered_mail delivery" in again.output
    session.expire_all()
    posted = {i.channel: i for i in informed(session, notice)}["registered_mail"]
    assert (posted.sent_at, posted.tracking_number) == (POSTED, "RR123456785KZ")
