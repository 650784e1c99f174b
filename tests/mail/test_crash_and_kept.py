"""A sender killed mid-message costs one recorded duplicate; without SMTP, messages are kept."""

from __future__ import annotations

import signal
from datetime import timedelta

from assembly.mail import send_outbox, transport_for
from assembly.services.outbox import kept_messages, outbox_counts
from tests.mail.conftest import mail_app
from tests.mail.test_smtp_delivery import SENT, outbox, refused, send
from tests.processes import Process, command_env


def test_a_sender_killed_after_the_server_took_a_message_sends_it_once_more_flagged(
    session, session_factory, engine, create_user, smtp, app, tmp_path
):
    refused(session, create_user)
    sender = Process(["outbox", "send"], command_env(engine, tmp_path, smtp.port),
                     tmp_path / "send.log")
    smtp.kill_on_accept = sender.pid  # killed before it hears "250" and marks the row

    assert sender.popen.wait(60) == -signal.SIGKILL, sender.text()
    [taken] = smtp.messages()
    [claimed] = [m for m in outbox(session_factory) if m.status == "sending"]
    assert claimed.attempts == 1 and not claimed.possible_duplicate
    # Within the claim timeout the sender may still be alive: its message is left alone.
    soon = send(session_factory, app, now=claimed.claimed_at + timedelta(seconds=10))
    late = send(session_factory, app, now=claimed.claimed_at + timedelta(seconds=301))

    assert (soon.sent, soon.duplicates, late.sent, late.duplicates) == (3, 0, 1, 1)
    copies = smtp.copies()
    assert copies.pop(taken.message_id) == 2 and sorted(copies.values()) == [1, 1, 1]
    [again] = [m for m in outbox(session_factory) if m.id == claimed.id]
    assert (again.status, again.attempts, again.possible_duplicate) == ("sent", 2, True)
    resent = [r for r in smtp.messages() if r.message_id == taken.message_id][-1]
    assert resent.message["X-Assembly-Possible-Duplicate"] == "yes"


def test_without_an_smtp_server_messages_are_kept_unsent_and_listed_for_admins(
    session, session_factory, create_user
):
    refused(session, create_user)
    app = mail_app(None)

    report = send_outbox(session_factory, transport_for(app), app.config, now=lambda: SENT)

    assert transport_for(app) is None and report.kept == 4
    assert {(m.status, m.attempts) for m in outbox(session_factory)} == {("pending", 0)}
    with session_factory() as check:
        kept = kept_messages(check)
        counts = outbox_counts(check)
    assert counts == {"pending": 4, "sending": 0, "sent": 0, "failed": 0}
    assert [(k.recipient, k.template) for k in kept] == [
        ("aigerim@example.kz", "decision_made"), ("officer.en@example.kz", "new_notice"),
        ("officer.kk@example.kz", "new_notice"), ("aigerim@example.kz", "notice_registered")]
    assert kept[0].subject == "Решение по вашему уведомлению ALA-2021-000001: отказано"
    assert "14.1.4" not in kept[0].text and "подп. 4) п. 1 ст. 14" in kept[0].text


def test_the_command_line_lists_kept_messages_and_says_none_was_sent(
    session, engine, create_user, tmp_path, monkeypatch
):
    from click.testing import CliRunner

    from assembly.cli import main
    from tests.processes import database_url

    refused(session, create_user)
    monkeypatch.setenv("ASSEMBLY_DATABASE_URL", database_url(engine))
    monkeypatch.setenv("ASSEMBLY_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("ASSEMBLY_SECRET_KEY", "test")
    monkeypatch.delenv("ASSEMBLY_MAIL_SERVER", raising=False)
    runner = CliRunner()

    sent = runner.invoke(main, ["outbox", "send"], catch_exceptions=False)
    listed = runner.invoke(main, ["outbox", "list", "--full"], catch_exceptions=False)

    assert sent.exit_code == 0 and "4 message(s) kept" in sent.output
    assert listed.exit_code == 0 and "pending 4, sending 0, sent 0, failed 0" in listed.output
    assert "Решение по вашему уведомлению ALA-2021-000001: отказано" in listed.output
    assert "Здравствуйте, Айгерим Сапарова!" in listed.output
