"""The retention job (issue 16.5): the organizer's personal data of a closed notice are kept
no longer than needed (Law No. 94-V Art. 12), then replaced with a pseudonym.

A notice is due when it is closed (a terminal state of the workflow) and its assembly's day
lies more than `retention.closed_notice_personal_data_years` years (rules/kz/law.yaml, in
force today) before today. The job then replaces, on the notice, its filing and its
messages, what names or reaches the organizer: the name, the IIN or BIN (both become the
pseudonym of the IIN or BIN, `assembly.pseudonyms`), the address, the e-mail, the phone,
the purpose and the withdrawal statement (free text that may name people), the filing's
EDS (document, CMS and certificate name the signer) and the scan of a paper filing. It
keeps what the statistics and the law's record need: the form, procedure, place, times,
participants, dates, deadlines, state, outcome, decisions and their grounds, findings.

The audit chain stays verifiable. A notice's legal fields are sealed through a digest
after each event, so the job writes one more event, "pseudonymise", after the change: its
digest is of the pseudonymised fields. Two events held personal data in their own sealed
data (the filing's signer IIN and the withdrawal statement): the job replaces them and
seals the chain again from there, with the key of each event, and only on a chain that
verifies first (a broken chain is left as it is and reported, never sealed again). The new
event records the first event sealed again and the head before, so a copy of the old head
can be matched.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session, sessionmaker

from assembly import db
from assembly.actors import SYSTEM
from assembly.models import Notice, OutboxMessage
from assembly.pseudonyms import pseudonym
from assembly.services import privacy
from assembly.services.audit import append_event, reseal_redacted, verify_chains
from assembly.services.law import Law, default_law

log = logging.getLogger("assembly.retention")

BATCH = 100
TRIGGER = "pseudonymise"
RULE = "retention.closed_notice_personal_data_years"
# Free text a citizen wrote that may name people, as notices and message contexts hold it.
FREE_TEXT = ("purpose", "withdrawal_statement", "statement")


@dataclass
class RetentionResult:
    """What one run did (or, dry, would do)."""

    cutoff: date
    years: int
    dry_run: bool = False
    pseudonymised: list[str] = field(default_factory=list)
    # Notices due whose audit chain does not verify: left as they are (`assembly audit verify`).
    skipped: list[str] = field(default_factory=list)

    def total(self) -> int:
        """How many notices were (or would be) pseudonymised."""
        return len(self.pseudonymised)

    def as_dict(self) -> dict[str, Any]:
        """The run as JSON-safe data (the scheduler's log)."""
        return {"cutoff": self.cutoff.isoformat(), "years": self.years,
                "dry_run": self.dry_run, "pseudonymised": self.pseudonymised,
                "skipped": self.skipped}


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February, in a year that has none
        return day.replace(year=day.year - years, day=28)


def cutoff(now: datetime, law: Law) -> tuple[date, int]:
    """(the first assembly day whose notices still keep their personal data, the years)."""
    today = law.calendar.local_date(now)
    years = law.at(today).retention_years
    return _years_before(today, years), years


def _due(law: Law, before: date, after: tuple[date, int] | None, limit: int) -> Any:
    """Closed notices still holding personal data whose assembly's day is before `before`,
    oldest first, from after the key `after` (keyset paging)."""
    query = select(Notice).where(
        Notice.pseudonymised_at.is_(None), Notice.event_date < before,
        Notice.status.in_(law.workflow.terminal_states))
    if after is not None:
        query = query.where(or_(Notice.event_date > after[0],
                                and_(Notice.event_date == after[0], Notice.id > after[1])))
    return query.order_by(Notice.event_date, Notice.id).limit(limit)


def pseudonymise_batch(session: Session, now: datetime, *, law: Law | None = None,
                       limit: int = BATCH, after: tuple[date, int] | None = None,
                       dry_run: bool = False) -> tuple[RetentionResult, tuple[date, int] | None]:
    """One batch of due notices (at most `limit`, locked: a concurrent run skips them);
    flushed, not committed. Returns the result and the key to continue from (None: done)."""
    law = law or default_law()
    before, years = cutoff(now, law)
    result = RetentionResult(before, years, dry_run)
    query = _due(law, before, after, limit)
    if not dry_run:
        # PostgreSQL: two runs never take the same notice (SKIP LOCKED); SQLite: BEGIN
        # IMMEDIATE serialises them, and the second reads what the first committed.
        query = query.with_for_update(skip_locked=True)
    notices = list(session.scalars(query))
    for notice in notices:
        done = _chain_holds(session, notice) if dry_run else \
            pseudonymise(session, notice, now, years=years)
        if done:
            result.pseudonymised.append(notice.reference)
        else:
            result.skipped.append(notice.reference)
    session.flush()
    last = (notices[-1].event_date, notices[-1].id) if len(notices) == limit else None
    return result, last


def pseudonymise(session: Session, notice: Notice, now: datetime, *, years: int) -> bool:
    """Replace one closed notice's personal data with a pseudonym, with its audit event;
    False (nothing changed) when its audit chain does not verify."""
    if not _chain_holds(session, notice):
        return False
    alias = pseudonym(notice.organizer_id_number)
    resealed = reseal_redacted(session, notice, _redacted_events(notice))
    _scrub_messages(session, notice, alias)  # while the address and number are known
    removed_signature = notice.signature_digest if notice.signature is not None else None
    notice.organizer_name = notice.organizer_id_number = alias
    notice.organizer_address = ""
    notice.organizer_email = notice.organizer_phone = None
    notice.purpose = ""
    if notice.withdrawal_statement is not None:
        notice.withdrawal_statement = ""
    if notice.signature is not None:  # the document, the CMS and the certificate name them
        notice.signature = None
        notice.signature_digest = None
    if notice.paper is not None:
        notice.paper.scan, notice.paper.scan_name = b"", ""
    notice.pseudonymised_at = now
    append_event(session, notice, actor=SYSTEM, at=now, trigger=TRIGGER,
                 from_state=notice.status, to_state=notice.status, data={
                     "rule": RULE, "years": years, "pseudonym": alias,
                     "signature_removed": removed_signature,
                     "resealed_from": resealed[0] if resealed else None,
                     "head_before": resealed[1] if resealed else None,
                 })
    return True


def _chain_holds(session: Session, notice: Notice) -> bool:
    """Whether the notice's audit chain verifies (a broken one is logged, never resealed)."""
    _, breaks = verify_chains(session, notice_id=notice.id)
    if breaks:
        log.warning("retention: %s left as it is, its audit chain does not verify: %s",
                    notice.reference, "; ".join(f"{b.seq}: {b.problem}" for b in breaks))
    return not breaks


def _redacted_events(notice: Notice) -> dict[int, dict[str, Any]]:
    """The new data of the events whose data name the organizer: the filing's signer, the
    withdrawal statement."""
    redacted: dict[int, dict[str, Any]] = {}
    for event in notice.events:
        data = dict(event.data or {})
        signature = data.get("signature")
        if isinstance(signature, dict) and signature.get("signer_iin"):
            data["signature"] = {**signature, "signer_iin": pseudonym(signature["signer_iin"])}
        if data.get("statement"):
            data["statement"] = ""
        if data != (event.data or {}):
            redacted[event.seq] = data
    return redacted


def _scrub(value: Any) -> Any:
    """A message context without free text (personal fields are removed by privacy)."""
    if isinstance(value, dict):
        return {k: _scrub(v) for k, v in value.items() if k not in FREE_TEXT}
    if isinstance(value, list):
        return [_scrub(v) for v in value]
    return value


def _scrub_messages(session: Session, notice: Notice, alias: str) -> None:
    """The notice's messages: the organizer's address or number becomes the pseudonym, and
    their contexts lose the personal fields and free text (officers' messages keep which
    notices held a place)."""
    reaches = {notice.organizer_email, notice.organizer_phone} - {None}
    for message in session.scalars(select(OutboxMessage)
                                   .where(OutboxMessage.notice_id == notice.id)):
        if message.recipient in reaches:
            message.recipient = alias
            if message.status in ("pending", "sending"):  # never sent: never to be
                message.status, message.last_error = "failed", "removed by the retention job"
        for reach in reaches:  # a server's error may quote the address
            if message.last_error and reach in message.last_error:
                message.last_error = message.last_error.replace(reach, alias)
        message.context = _scrub(privacy.redact(message.context, "officer_mail"))


def run_retention(factory: sessionmaker[Session], now: datetime, *, law: Law | None = None,
                  batch: int = BATCH, dry_run: bool = False,
                  each: Callable[[RetentionResult], None] | None = None) -> RetentionResult:
    """Every due notice, a batch per transaction (each committed before the next is read);
    a second run changes nothing."""
    law = law or default_law()
    total: RetentionResult | None = None
    after: tuple[date, int] | None = None
    while total is None or after is not None:
        with db.unit_of_work(factory) as session:
            result, after = pseudonymise_batch(session, now, law=law, limit=batch,
                                               after=after, dry_run=dry_run)
        if each is not None:
            each(result)
        if total is None:
            total = result
        else:
            total.pseudonymised += result.pseudonymised
            total.skipped += result.skipped
    return total

