"""The outbox sender: claim, send through Flask-Mail over SMTP, mark; retries with backoff.

Each message is claimed and committed before the SMTP conversation and marked after the
server accepted it, each in its own transaction: a crash in between costs at most one
duplicate, which the next claim records (`OutboxMessage.possible_duplicate`).
"""

from __future__ import annotations

import logging
import smtplib
import urllib.error
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any, Protocol

from flask import Flask, current_app
from flask_mail import Connection, Mail
from flask_mail import Message as MailMessage
from sqlalchemy.orm import Session, sessionmaker

from assembly import clock, config, db
from assembly.emails import RenderedEmail, render
from assembly.services import sending
from assembly.services.letters import letter_of_check
from assembly.sms import render_sms

log = logging.getLogger("assembly.mail")


class Outgoing(Protocol):
    """An open connection to a mail server."""

    def send(self, message: sending.Claimed, email: Any) -> None: ...


class Transport(Protocol):
    """Something that opens connections to a mail server."""

    def connect(self) -> Any: ...  # a context manager yielding an Outgoing


class _TimedConnection(Connection):
    """Flask-Mail's connection with a socket timeout (a hung server must not hang us)."""

    def __init__(self, mail: Any, timeout: float) -> None:
        super().__init__(mail)
        self.timeout = timeout

    def configure_host(self) -> smtplib.SMTP | smtplib.SMTP_SSL:
        smtp = smtplib.SMTP_SSL if self.mail.use_ssl else smtplib.SMTP
        host = smtp(self.mail.server, self.mail.port, timeout=self.timeout)
        if self.mail.use_tls:
            host.starttls()
        if self.mail.username and self.mail.password:
            host.login(self.mail.username, self.mail.password)
        return host


def mail_state(app: Flask) -> Any:
    """The app's Flask-Mail state, bound on first use: only the process that sends (the
    scheduler's, or a command's) loads Flask-Mail and smtplib, never a web worker."""
    return app.extensions.get("mail") or Mail().init_app(app)


class _FlaskMailOutgoing:
    def __init__(self, connection: Connection, sender: str) -> None:
        self.connection = connection
        self.domain = sender.rpartition("@")[2].strip("> ") or "localhost"

    def send(self, message: sending.Claimed, email: RenderedEmail) -> None:
        headers = {"Auto-Submitted": "auto-generated", "X-Assembly-Outbox-Id": str(message.id)}
        if message.possible_duplicate:
            headers["X-Assembly-Possible-Duplicate"] = "yes"
        if message.request_id:  # the request or job that queued it (assembly.logs)
            headers["X-Request-ID"] = message.request_id
        mail_state(current_app)  # a message reads the app's settings (its default sender)
        mail = MailMessage(subject=email.subject, recipients=[message.recipient],
                           body=email.text, html=email.html, extra_headers=headers)
        # The same Message-ID on a resend lets mail clients drop the duplicate.
        mail.msgId = f"<outbox-{message.id}@{self.domain}>"
        for name, data in email.attachments:
            mail.attach(name, "application/pdf", data)
        self.connection.send(mail)


@dataclass
class FlaskMailTransport:
    """Sends through the app's Flask-Mail settings (ASSEMBLY_MAIL_*), in its app context."""

    app: Flask

    @contextmanager
    def connect(self) -> Iterator[_FlaskMailOutgoing]:
        """One SMTP connection for a batch of messages."""
        with self.app.app_context():
            state = mail_state(self.app)
            connection = _TimedConnection(state, float(self.app.config["MAIL_TIMEOUT"]))
            connection.host = connection.configure_host()
            try:
                yield _FlaskMailOutgoing(connection, state.default_sender or "")
            finally:
                # A server that already went away leaves nothing pending on this side.
                with suppress(smtplib.SMTPException, OSError):
                    connection.host.quit()


def transport_for(app: Flask) -> FlaskMailTransport | None:
    """The app's transport, or None when no SMTP server is set (messages are kept)."""
    return FlaskMailTransport(app) if app.config.get("MAIL_SERVER") else None


@dataclass
class SendReport:
    """What one pass of the sender did."""

    sent: int = 0
    retried: int = 0
    failed: int = 0
    duplicates: int = 0
    kept: int = 0
    connected: bool = False
    unreachable: str | None = None
    errors: list[str] = field(default_factory=list)


def _permanent(exc: BaseException) -> bool:
    """A 5xx answer will not change on retry; connection problems and 4xx may. (An SMS
    gateway's HTTP answers the other way round: 4xx but 429 is final, 5xx may pass.)"""
    if isinstance(exc, urllib.error.HTTPError):
        return 400 <= exc.code < 500 and exc.code != 429
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in exc.recipients.values())
    if isinstance(exc, smtplib.SMTPResponseException):
        return exc.smtp_code >= 500
    return not isinstance(exc, smtplib.SMTPException | OSError)


def _connection_lost(exc: BaseException) -> bool:
    """The connection is gone (SMTP errors are OSErrors too, but most leave it usable)."""
    if isinstance(exc, smtplib.SMTPServerDisconnected):
        return True
    return isinstance(exc, OSError) and not isinstance(exc, smtplib.SMTPException)


def _rendered(factory: sessionmaker[Session], claimed: sending.Claimed, channel: str) -> Any:
    """The message as sent: an SMS's text, or an e-mail with its decision letter attached
    (rendered now from the record, in the recipient's language)."""
    if channel == "sms":
        return render_sms(claimed.template, claimed.language, claimed.context)
    email = render(claimed.template, claimed.language, claimed.context)
    check_id = claimed.context.get("check_id")
    if not check_id:
        return email
    with db.unit_of_work(factory) as session:
        letter = letter_of_check(session, str(check_id), claimed.language,
                                 config.check_base_url())
    return replace(email, attachments=(letter,)) if letter else email


def send_outbox(
    factory: sessionmaker[Session],
    transport: Transport | None,
    settings: dict[str, Any],
    *,
    now: Callable[[], datetime] = clock.now,
    limit: int = 500,
    should_stop: Callable[[], bool] = lambda: False,
    channel: str = "email",
) -> SendReport:
    """One pass over a channel's messages (email: over one SMTP connection; sms: through
    the HTTP gateway): send what is due, at most `limit` messages."""
    report = SendReport()
    timeout = float(settings["MAIL_CLAIM_TIMEOUT"])
    with db.unit_of_work(factory) as session:
        due = sending.count_due(session, now(), timeout, channel)
    if transport is None or not due:
        report.kept = due if transport is None else 0
        return report
    with ExitStack() as stack:
        try:
            outgoing = stack.enter_context(transport.connect())
        except (smtplib.SMTPException, OSError) as exc:
            # Nothing claimed, no attempt counted: the messages wait for the server.
            report.unreachable = f"{type(exc).__name__}: {exc}"
            return report
        report.connected = True
        for _ in range(limit):
            if should_stop():
                break
            with db.unit_of_work(factory) as session:
                claimed = sending.claim_next(session, now(), claim_timeout=timeout,
                                             channel=channel)
            if claimed is None:
                break
            if not _send_one(factory, outgoing, claimed, settings, now, report, channel):
                break
    return report


def _send_one(
    factory: sessionmaker[Session],
    outgoing: Outgoing,
    claimed: sending.Claimed,
    settings: dict[str, Any],
    now: Callable[[], datetime],
    report: SendReport,
    channel: str = "email",
) -> bool:
    """Send one claimed message and record the outcome; False when the connection is lost."""
    try:
        outgoing.send(claimed, _rendered(factory, claimed, channel))
    except Exception as exc:  # noqa: BLE001 - every failure is recorded on the row
        error = f"{type(exc).__name__}: {exc}"
        with db.unit_of_work(factory) as session:
            outcome = sending.mark_failed(
                session, claimed.id, now(), error, permanent=_permanent(exc),
                max_attempts=int(settings["MAIL_MAX_ATTEMPTS"]),
                retry_seconds=float(settings["MAIL_RETRY_SECONDS"]),
            )
        report.errors.append(f"message {claimed.id}: {error}")
        if outcome == "failed":
            report.failed += 1
            log.error("message %s failed for good: %s", claimed.id, error)
        else:
            report.retried += 1
            log.warning("message %s will be retried: %s", claimed.id, error)
        return not _connection_lost(exc)
    with db.unit_of_work(factory) as session:
        sending.mark_sent(session, claimed.id, now())
    report.sent += 1
    report.duplicates += claimed.possible_duplicate
    return True
