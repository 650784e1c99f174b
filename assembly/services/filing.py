"""Filing a notice (Art. 10, 12): validate, check, register, audit, notify: one flush."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import cache
from types import SimpleNamespace
from typing import Any, cast

from sqlalchemy import Connection, bindparam, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from assembly.actors import SYSTEM, Actor, HasRole
from assembly.checks import evaluate, resolve_place_id
from assembly.draft import Draft, Location, Organizer
from assembly.drafts import parse_draft
from assembly.findings import Precheck
from assembly.models import Notice, NoticeFinding, ReferenceCounter
from assembly.services.audit import chain_event, write_events
from assembly.services.bookings import bookings_at
from assembly.services.direct import Direct
from assembly.services.law import Law, default_law
from assembly.services.messages import finding_facts
from assembly.services.outbox import notice_messages, officers, write_messages
from assembly.services.writes import attach_rows, flush_or_conflict, insert_rows


def check_draft(
    session: Session | Connection,
    draft: Draft,
    filed_at: datetime,
    law: Law,
    *,
    exclude_id: int | None = None,
) -> Precheck:
    """The findings and deadlines of a draft against the rules and the bookings in force."""
    rules = law.at_instant(draft.starts_at)
    place_id = resolve_place_id(draft, rules)
    bookings = (
        bookings_at(session, place_id, draft.starts_at, draft.ends_at, exclude_id=exclude_id)
        if place_id
        else []
    )
    return evaluate(draft, rules, law.calendar, filed_at, bookings)


def precheck(
    session: Session | Connection, data: Any, *, filed_at: datetime, law: Law | None = None
) -> Precheck:
    """Check a draft without storing anything (the public precheck)."""
    law = law or default_law()
    return check_draft(session, parse_draft(data, law.rulebook), filed_at, law)


def next_reference(session: Session, prefix: str, year: int) -> str:
    """The next reference of the year, e.g. ALA-2021-000123 (one atomic upsert)."""
    connection = session.connection()
    last = _counter_upsert(connection.dialect.name).scalar(
        connection, {"prefix": prefix, "year": year})
    return f"{prefix}-{year}-{last:06d}"


@cache
def _counter_upsert(dialect: str) -> Direct:
    """INSERT ... ON CONFLICT DO UPDATE SET last = last + 1 RETURNING last (SQLite 3.35+,
    PostgreSQL): race-free even for the first notice of a year."""
    table = ReferenceCounter.__table__
    dialect_insert = {"sqlite": sqlite_insert, "postgresql": postgresql_insert}[dialect]
    return Direct(
        dialect_insert(table)
        .values(prefix=bindparam("prefix"), year=bindparam("year"), last=1)
        .on_conflict_do_update(index_elements=[table.c.prefix, table.c.year],
                               set_={"last": table.c.last + 1})
        .returning(table.c.last)
    )


class Filed:
    """What `file_notice_once` gives: whether the notice was filed now, then the events
    written (its whole history so far, as rows of notice_events), and the notice.

    A notice filed now joins the session as a loaded object on first use of `notice`: a
    view that commits first makes it out of the write transaction (SQLite's write lock).
    """

    def __init__(self, notice: Notice | Callable[[], Notice], *, created: bool,
                 events: list[dict[str, Any]] | None, record: Any = None) -> None:
        self._notice = notice
        self.created = created
        self.events = events
        # Filed now: the stored values as attributes (the columns, `findings` as checked,
        # no decision), to read without making the ORM object.
        self.record = record

    @property
    def notice(self) -> Notice:
        if not isinstance(self._notice, Notice):
            self._notice = self._notice()
        return self._notice


def file_notice(
    session: Session,
    data: Any,
    *,
    owner: HasRole | None,
    now: datetime,
    idempotency_key: str | None = None,
    language: str = "ru",
    law: Law | None = None,
) -> Notice:
    """Register a notice as of `now`; the same idempotency key returns the same notice."""
    return file_notice_once(session, data, owner=owner, now=now,
                            idempotency_key=idempotency_key, language=language, law=law).notice


def file_notice_once(
    session: Session,
    data: Any,
    *,
    owner: HasRole | None,
    now: datetime,
    idempotency_key: str | None = None,
    language: str = "ru",
    law: Law | None = None,
    recipients: list[tuple[str, str]] | None = None,
) -> Filed:
    """As `file_notice`, and whether it was filed now (False: the key's earlier notice).

    `recipients`: the officers to tell ((e-mail, language) from `outbox.officers`), when
    the caller read them already (outside the write transaction)."""
    law = law or default_law()
    if idempotency_key and owner is not None:
        existing = session.scalars(
            select(Notice).where(
                Notice.owner_id == owner.id, Notice.idempotency_key == idempotency_key
            )
        ).first()
        if existing is not None:
            return Filed(existing, created=False, events=None)
    draft = parse_draft(data, law.rulebook)
    checked = check_draft(session, draft, now, law)
    rules = law.at_instant(draft.starts_at)
    place_kind = "site" if draft.place.site else "route" if draft.place.route else "point"
    row: dict[str, Any] = {
        "reference": next_reference(session, rules.reference_prefix,
                                    checked.registration_date.year),
        "owner_id": owner.id if owner is not None else None,
        "procedure": checked.procedure, "form": draft.form, "status": "received",
        "overdue": False, "purpose": draft.purpose,
        "starts_at": draft.starts_at, "ends_at": draft.ends_at, "event_date": checked.event_date,
        "place_kind": place_kind, "place_id": resolve_place_id(draft, rules),
        "lat": draft.place.lat, "lon": draft.place.lon, "address": draft.place.address,
        "expected_participants": draft.expected_participants,
        "sound_amplification": draft.sound_amplification, "vehicles": draft.vehicles,
        "structures": draft.structures,
        "organizer_kind": draft.organizer.kind, "organizer_name": draft.organizer.name,
        "organizer_id_number": draft.organizer.id_number,
        "organizer_address": draft.organizer.address,
        "organizer_email": draft.organizer.email, "organizer_phone": draft.organizer.phone,
        "language": language, "filed_at": now,
        "registration_date": checked.registration_date,
        "latest_filing_date": checked.latest_filing_date,
        "decision_due": checked.decision_due, "rules_version": checked.rules_version,
        "go_ahead": False, "go_ahead_kind": None, "proposal_made": False,
        "proposal_answer_due": None, "decided_at": None, "withdrawn_at": None,
        "withdrawal_statement": None,
        "idempotency_key": idempotency_key if owner is not None else None,
        "created_at": now, "version_id": 1,
    }
    # The audit head goes in the notice's own INSERT; the notice, its findings, the event
    # and the messages are inserted directly (Core), as append-only rows are.
    actor = Actor.of(owner) if owner is not None else SYSTEM
    event = chain_event(
        _NewNotice(row["reference"]), actor=actor, at=now, trigger="file", from_state=None,
        to_state="received", data={"findings": sorted(checked.codes())},
    )
    row.update(audit_seq=event["seq"], audit_hash=event["hash"])
    if recipients is None:
        recipients = officers(session)
    flush_or_conflict(session)
    notice_id = insert_rows(session, Notice, [row])[0]
    finding_rows = [
        {"notice_id": notice_id, "code": f.code, "article": f.article, "ground": f.ground,
         "severity": f.severity, "params": dict(f.params)}
        for f in checked.findings
    ]
    finding_ids = insert_rows(session, NoticeFinding, finding_rows)
    event["notice_id"] = notice_id
    write_events(session, [event])
    # The notice as stored, read as an ORM notice is (by the messages, and by an API
    # answer without making the ORM object): its findings, no decision yet.
    record = SimpleNamespace(id=notice_id, **row, findings=list(checked.findings),
                             decisions=[], decision=None)
    stored = cast(Notice, record)
    context = {"findings": finding_facts(checked.findings)}
    write_messages(session, notice_messages(
        stored, "notice_registered", "new_notice", recipients, now, law=law, **context))

    def attach() -> Notice:
        notice = attach_rows(session, Notice, [row], [notice_id])[0]
        findings = attach_rows(session, NoticeFinding, finding_rows, finding_ids)
        for finding in findings:
            set_committed_value(finding, "notice", notice)
        set_committed_value(notice, "findings", findings)
        set_committed_value(notice, "decisions", [])  # none yet: reading them needs no query
        return notice

    return Filed(attach, created=True, events=[event], record=record)


class _NewNotice:
    """What `chain_event` reads of a notice not stored yet: the first event of its chain."""

    def __init__(self, reference: str) -> None:
        self.id = None
        self.reference = reference
        self.audit_seq = 0
        self.audit_hash = None


def notice_draft(notice: Notice) -> Draft:
    """The notice's content as a draft, to check it again against the record."""
    return Draft(
        form=notice.form,
        purpose=notice.purpose,
        starts_at=notice.starts_at,
        ends_at=notice.ends_at,
        place=Location(
            site=notice.place_id if notice.place_kind == "site" else None,
            route=notice.place_id if notice.place_kind == "route" else None,
            lat=notice.lat,
            lon=notice.lon,
            address=notice.address,
        ),
        expected_participants=notice.expected_participants,
        sound_amplification=notice.sound_amplification,
        vehicles=notice.vehicles,
        structures=notice.structures,
        organizer=Organizer(
            kind=notice.organizer_kind,  # type: ignore[arg-type]
            name=notice.organizer_name,
            id_number=notice.organizer_id_number,
            address=notice.organizer_address,
            email=notice.organizer_email,
            phone=notice.organizer_phone,
        ),
    )
