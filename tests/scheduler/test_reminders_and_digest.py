"""Officers are reminded the working day before a deadline and get a morning digest, once."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from assembly.cli import main
from assembly.models import OutboxMessage
from assembly.services.digest import remind_deadlines, send_digest
from tests.conftest import at
from tests.processes import database_url

FILED_MONDAY = "2021-05-17T10:00:00+06:00"  # decision due at the end of Thu 20 May


def queued(session, template: str) -> list[OutboxMessage]:
    return list(session.scalars(select(OutboxMessage).where(OutboxMessage.template == template)
                                .order_by(OutboxMessage.id)))


@pytest.fixture
def two_officers(create_user):
    return [create_user("officer").email, create_user("officer").email]


def test_officers_are_reminded_once_on_the_working_day_before_the_deadline(
    session, create_notice, two_officers
):
    notice = create_notice(filed_at=FILED_MONDAY)

    two_days_before = remind_deadlines(session, at("2021-05-18T10:00:00+06:00"))
    day_before = remind_deadlines(session, at("2021-05-19T10:00:00+06:00"))
    again = remind_deadlines(session, at("2021-05-19T16:00:00+06:00"))

    assert (two_days_before, day_before, again) == ([], [notice.reference], [])
    assert sorted(m.recipient for m in queued(session, "deadline_tomorrow")) == sorted(two_officers)


def test_a_deadline_after_a_weekend_is_reminded_on_the_friday_before(
    session, create_notice, two_officers
):
    # Registered Wed 19 May: three working days end on Mon 24 May.
    notice = create_notice(filed_at="2021-05-19T10:00:00+06:00")

    saturday = remind_deadlines(session, at("2021-05-22T10:00:00+06:00"))
    friday = remind_deadlines(session, at("2021-05-21T10:00:00+06:00"))

    assert notice.decision_due == at("2021-05-24T23:59:59+06:00")
    assert (saturday, friday) == ([], [notice.reference])


def test_the_digest_goes_once_a_working_day_from_the_configured_hour(
    session, create_notice, two_officers
):
    create_notice(filed_at="2021-05-14T10:00:00+06:00")  # due at the end of Wed 19 May

    early = send_digest(session, at("2021-05-19T07:59:00+06:00"), from_hour=8)
    on_time = send_digest(session, at("2021-05-19T08:00:00+06:00"), from_hour=8)
    again = send_digest(session, at("2021-05-19T15:00:00+06:00"), from_hour=8)

    assert (early, on_time, again) == (0, 2, 0)
    [digest, _] = queued(session, "digest")
    assert (digest.context["due_today_total"], digest.context["overdue_total"]) == (1, 0)


def test_the_digest_lists_overdue_notices_and_is_not_sent_on_a_day_off(
    session, create_notice, two_officers
):
    create_notice(filed_at="2021-05-14T10:00:00+06:00")

    saturday = send_digest(session, at("2021-05-22T09:00:00+06:00"), from_hour=8)
    monday = send_digest(session, at("2021-05-24T09:00:00+06:00"), from_hour=8)

    assert (saturday, monday) == (0, 2)
    [digest, _] = queued(session, "digest")
    assert (digest.context["due_today_total"], digest.context["overdue_total"]) == (0, 1)


def test_no_digest_is_sent_when_nothing_is_due(session, two_officers):
    assert send_digest(session, at("2021-05-19T09:00:00+06:00"), from_hour=8) == 0
    assert queued(session, "digest") == []


def test_the_command_line_sends_the_digest_at_any_time_but_once(
    session, engine, create_notice, two_officers, monkeypatch
):
    create_notice(filed_at="2021-05-14T10:00:00+06:00")
    session.commit()
    monkeypatch.setenv("ASSEMBLY_DATABASE_URL", database_url(engine))
    runner = CliRunner()
    args = ["digest", "--now", "2021-05-19T06:00:00+06:00"]

    before_hour = runner.invoke(main, args, catch_exceptions=False)
    forced = runner.invoke(main, [*args, "--any-time"], catch_exceptions=False)
    again = runner.invoke(main, [*args, "--any-time"], catch_exceptions=False)
    reminded = runner.invoke(main, ["remind", "--now", "2021-05-18T09:00:00+06:00"],
                             catch_exceptions=False)

    assert [r.output.strip() for r in (before_hour, forced, again)] == [
        "digest: 0 message(s) queued", "digest: 2 message(s) queued",
        "digest: 0 message(s) queued"]
    assert reminded.output.strip() == "reminders: 1 notice(s) ALA-2021-000001"
