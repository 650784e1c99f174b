"""Commands of the scheduler, the outbox and the deliveries (registered with `assembly`)."""

from __future__ import annotations

import logging
import sys
from datetime import datetime

import click

from assembly import clock
from assembly.cli import common
from assembly.errors import Forbidden, InvalidInput, NotFound


def _app():  # type: ignore[no-untyped-def]
    from assembly.web import create_app

    return create_app()


@click.command()
def scheduler() -> None:
    """Run the scheduler process: sweeps, reminders, digest and outbox (SIGTERM stops it)."""
    from assembly import logs
    from assembly.scheduler import run_until_signalled

    common.ready_engine().dispose()  # a database with its schema, else one line and exit 2
    logs.configure()  # JSON lines by default (ASSEMBLY_LOG_FORMAT), each with its run's id
    # A skipped run (the previous one still busy) is expected; transitions logs every move.
    logging.getLogger("apscheduler").setLevel(logging.ERROR)
    logging.getLogger("transitions").setLevel(logging.WARNING)
    run_until_signalled(_app())


@click.command()
@common.now_option
@click.option("--any-time", is_flag=True,
              help="Send even before ASSEMBLY_DIGEST_HOUR or on a day off (still once a day).")
def digest(now_given: datetime | None, any_time: bool) -> None:
    """Queue the officers' digest of what is due today and overdue (once a day)."""
    from assembly import config
    from assembly.services.digest import send_digest

    hour = None if any_time else int(config.scheduler_settings()["digest_hour"])
    with common.transaction() as session:
        queued = send_digest(session, common.instant_or_now(now_given), from_hour=hour)
    click.echo(f"digest: {queued} message(s) queued")


@click.command()
@common.now_option
def remind(now_given: datetime | None) -> None:
    """Queue the reminders of decisions due by the end of the next working day (once each)."""
    from assembly.services.digest import remind_deadlines

    with common.transaction() as session:
        references = remind_deadlines(session, common.instant_or_now(now_given))
    click.echo(f"reminders: {len(references)} notice(s) {' '.join(references)}".rstrip())


@click.group()
def outbox() -> None:
    """The outbox of e-mails."""


@outbox.command("send")
def outbox_send() -> None:
    """Send what is due now, once (retries follow their backoff)."""
    from assembly.mail import send_outbox, transport_for
    from assembly.sms import sms_transport_for

    app = _app()
    try:
        sms = sms_transport_for(app.config)
        if sms is not None:
            texts = send_outbox(app.extensions["assembly.sessions"], sms, app.config,
                                channel="sms")
            click.echo(f"SMS: {texts.sent} sent, {texts.retried} to retry, {texts.failed} "
                       f"failed, {texts.duplicates} possible duplicate(s)")
        report = send_outbox(app.extensions["assembly.sessions"], transport_for(app), app.config)
    finally:
        app.extensions["assembly.engine"].dispose()
    if report.unreachable:
        click.echo(f"mail server unreachable: {report.unreachable}", err=True)
        sys.exit(1)
    if transport_for(app) is None:
        click.echo(f"no SMTP server (ASSEMBLY_MAIL_SERVER): {report.kept} message(s) kept")
        return
    click.echo(f"{report.sent} sent, {report.retried} to retry, {report.failed} failed, "
               f"{report.duplicates} possible duplicate(s)")


@outbox.command("list")
@click.option("--status", "statuses", multiple=True,
              type=click.Choice(["pending", "sending", "sent", "failed"]),
              help="Repeat for several (default: every message not sent).")
@click.option("--limit", type=int, default=20, show_default=True)
@click.option("--full", is_flag=True, help="Print each message's text too.")
def outbox_list(statuses: tuple[str, ...], limit: int, full: bool) -> None:
    """List messages, newest first, with their subject as the recipient reads it."""
    from assembly.services.outbox import UNSENT, kept_messages, outbox_counts

    with common.transaction() as session:
        counts = outbox_counts(session)
        messages = kept_messages(session, statuses=statuses or UNSENT, limit=limit)
    click.echo(", ".join(f"{status} {n}" for status, n in counts.items()))
    for m in messages:
        flag = " (possible duplicate)" if m.possible_duplicate else ""
        click.echo(f"#{m.id} {m.created_at:%Y-%m-%d %H:%M}Z {m.status}{flag} "
                   f"attempts {m.attempts} to {m.recipient} [{m.language}] {m.template}: "
                   f"{m.subject}")
        if m.last_error:
            click.echo(f"    last error: {m.last_error}")
        if full:
            click.echo("    " + m.text.replace("\n", "\n    ").rstrip())


@outbox.command("retry")
@click.argument("ids", nargs=-1, type=common.ROW_ID)
def outbox_retry(ids: tuple[int, ...]) -> None:
    """Send failed messages again: those given by id, or every failed one."""
    from assembly.services.sending import requeue

    with common.transaction() as session:
        n = requeue(session, clock.now(), message_ids=list(ids) if ids else None)
    click.echo(f"{n} message(s) queued again")


@click.group()
def deliveries() -> None:
    """How decisions reach the organizer (Art. 11(2), 13(2))."""


@deliveries.command("record")
@click.argument("reference")
@click.option("--tracking", "tracking", help="The postal tracking number (registered mail).")
@click.option("--channel", default="registered_mail", show_default=True,
              type=click.Choice(["registered_mail", "hand", "eds", "sms"]))
@click.option("--by", "by_email", help="The officer's e-mail (recorded as the author).")
def deliveries_record(reference: str, tracking: str | None, channel: str,
                      by_email: str | None) -> None:
    """Record that the latest decision on REFERENCE was dispatched by a channel."""
    from sqlalchemy import select

    from assembly.actors import SYSTEM, Actor
    from assembly.models import User
    from assembly.services.deliveries import record_delivery
    from assembly.services.notices import notice_by_reference

    try:
        with common.transaction() as session:
            notice = notice_by_reference(session, reference)
            actor = SYSTEM
            if by_email:
                user = session.scalar(select(User).where(User.email == by_email.lower()))
                if user is None:
                    raise NotFound(f"no account {by_email}")
                actor = Actor.of(user)
            delivery = record_delivery(session, notice, channel=channel, tracking_number=tracking,
                                       actor=actor, now=clock.now())
    except InvalidInput as exc:
        common.fail_invalid(exc)
    except (NotFound, Forbidden) as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    number = f" tracking {delivery.tracking_number}" if delivery.tracking_number else ""
    click.echo(f"{reference}: {channel} recorded as sent{number}")


@deliveries.command("pending")
def deliveries_pending() -> None:
    """The decisions still to be sent by registered mail."""
    from assembly.services.deliveries import registered_mail_tasks

    with common.transaction() as session:
        tasks = registered_mail_tasks(session)
    for t in tasks:
        click.echo(f"{t.reference} {t.outcome} decided {t.decided_at:%Y-%m-%d} to "
                   f"{t.organizer_name}, {t.organizer_address}")
    click.echo(f"{len(tasks)} registered letter(s) to send")


COMMANDS = (scheduler, digest, remind, outbox, deliveries)
