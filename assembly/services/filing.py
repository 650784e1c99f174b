"""Filing a notice (Art. 10, 12): validate, check, register, audit, notify: one flush.

The one filing use case of the portal, the API and the demo (`file_notice`)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import Connection, Insert, bindparam
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from assembly.actors import SYSTEM, Actor, HasRole
from assembly.models import Notice, NoticeFinding, PaperFiling, ReferenceCounter
from assembly.notices.checks import evaluate, place_id_of, resolve_place
from assembly.notices.document import Document, notice_document
from assembly.notices.draft import Draft, Location, Organizer
from assembly.notices.findings import Precheck
from assembly.notices.validation import parse_draft
from assembly.services import counts
from assembly.services.audit import append_event
from assembly.services.bookings import bookings_at
from assembly.services.closures import closures_at
from assembly.services.law import Law, default_law
from assembly.services.messages import finding_facts
from assembly.services.notices import filed_with_key
from assembly.services.outbox import notify_officers, notify_organizer
from assembly.services.signatures import (
    FilingSignature,
    Signing,
    default_signing,
    filing_signature,
)
from assembly.services.transitions import flush


def check_draft(
    session: Session | Connection,
    draft: Draft,
    filed_at: datetime,
    law: Law,
    *,
    exclude_id: int | None = None,
    signature_missing: bool = False,
) -> Precheck:
    """The findings and deadlines of a draft against the rules, the bookings and the
    closures in force (`signature_missing`: a required signature did not come)."""
    rules = law.at_instant(draft.starts_at)
    place = resolve_place(draft, rules)  # once per check: the bookings and the checks use it
    place_id = place_id_of(draft, place)
    bookings, closures = [], []
    if place_id:
        bookings = bookings_at(session, place_id, draft.starts_at, draft.ends_at,
                               exclude_id=exclude_id)
        closures = closures_at(session, place_id, draft.starts_at, draft.ends_at)
    return evaluate(draft, rules, law.calendar, filed_at, bookings, place=place,
                    closures=closures, signature_missing=signature_missing)


def precheck(
    session: Session | Connection, data: Any, *, filed_at: datetime, law: Law | None = None
) -> Precheck:
    """Check a draft without storing anything (the public precheck)."""
    law = law or default_law()
    return check_draft(session, parse_draft(data, law.rulebook), filed_at, law)


def next_reference(session: Session, prefix: str, year: int) -> str:
    """The next reference of the year, e.g. ALA-2021-000123: one atomic upsert
    (INSERT ... ON CONFLICT DO UPDATE ... RETURNING), race-free even for the first notice
    of a year (SQLite 3.35+, PostgreSQL)."""
    upsert = _counter_upsert(session.get_bind().dialect.name)
    last = session.scalar(upsert, {"prefix": prefix, "year": year})
    return f"{prefix}-{year}-{last:06d}"


@cache
def _counter_upsert(dialect: str) -> Insert:
    """The reference counter's upsert for a database, built once."""
    table = ReferenceCounter.__table__
    dialect_insert = {"sqlite": sqlite_insert, "postgresql": postgresql_insert}[dialect]
    return (
        dialect_insert(table)
        .values(prefix=bindparam("prefix", type_=table.c.prefix.type),
                year=bindparam("year", type_=table.c.year.type), last=1)
        .on_conflict_do_update(index_elements=[table.c.prefix, table.c.year],
                               set_={"last": table.c.last + 1})
        .returning(table.c.last)
    )


@dataclass(frozen=True)
class Filing:
    """What filing gives: the notice, and whether it was filed now (False: the notice an
    earlier request filed with the same idempotency key)."""

    notice: Notice
    created: bool


def document_of(data: Any, law: Law | None = None) -> Document:
    """The canonical document of a draft (`POST /notices/document`): what the organizer
    signs. Raises InvalidInput as filing would."""
    law = law or default_law()
    draft = parse_draft(data, law.rulebook)
    rules = law.at_instant(draft.starts_at)
    return notice_document(draft, rules.forms[draft.form].procedure)


@dataclass(frozen=True)
class PaperReceipt:
    """A notice received on paper (Art. 12(1)): who took it, whether the organizer signed
    it by hand, and its scan. Its receipt time is the filing's `now`."""

    officer: HasRole
    signed_by_hand: bool
    scan: bytes
    scan_type: str
    scan_name: str


def file_notice(
    session: Session,
    data: Any,
    *,
    owner: HasRole | None,
    now: datetime,
    idempotency_key: str | None = None,
    language: str = "ru",
    law: Law | None = None,
    signature: str | None = None,
    signing: Signing | None = None,
    paper: PaperReceipt | None = None,
) -> Filing:
    """Register a notice as of `now` (Art. 10, 12): its findings, first audit event and
    messages, in one flush. The same owner and idempotency key give the notice filed first,
    also when two requests race with it. `signature`: the organizer's EDS over the
    notice's canonical document (base64 CMS), checked by `signing`; `paper`: a notice an
    officer registers as received on paper at `now`. A signature the rules require and the
    filing lacks is recorded as missing (Art. 14(1)(5)), or refused where the deployment
    enforces it. Raises InvalidInput (nothing is stored)."""
    law = law or default_law()
    key = idempotency_key if owner is not None else None
    earlier = filed_with_key(session, owner, key) if owner is not None and key else None
    if earlier is not None:
        return Filing(earlier, created=False)
    draft = parse_draft(data, law.rulebook)
    rules = law.at_instant(draft.starts_at)
    procedure = rules.procedures[rules.forms[draft.form].procedure]
    if paper is not None:
        signed = FilingSignature(None, missing=procedure.requires_signature
                                 and not paper.signed_by_hand)
    else:
        signed = filing_signature(
            signing or default_signing(), notice_document(draft, procedure.id),
            draft.organizer, signature, required=procedure.requires_signature, now=now)
    signature_missing = signed.missing
    checked = check_draft(session, draft, now, law, signature_missing=signature_missing)
    notice = Notice(
        owner_id=owner.id if owner is not None else None,
        procedure=checked.procedure, form=draft.form, status=law.workflow.initial,
        overdue=False, purpose=draft.purpose,
        starts_at=draft.starts_at, ends_at=draft.ends_at, event_date=checked.event_date,
        place_kind="site" if draft.place.site else "route" if draft.place.route else "point",
        place_id=checked.place_id,
        lat=draft.place.lat, lon=draft.place.lon, address=draft.place.address,
        expected_participants=draft.expected_participants,
        sound_amplification=draft.sound_amplification, vehicles=draft.vehicles,
        structures=draft.structures,
        organizer_kind=draft.organizer.kind, organizer_name=draft.organizer.name,
        organizer_id_number=draft.organizer.id_number,
        organizer_address=draft.organizer.address,
        organizer_email=draft.organizer.email, organizer_phone=draft.organizer.phone,
        language=language, filed_at=now, registration_date=checked.registration_date,
        latest_filing_date=checked.latest_filing_date, decision_due=checked.decision_due,
        rules_version=checked.rules_version, go_ahead=False, go_ahead_kind=None,
        proposal_made=False, signature_missing=signature_missing,
        proposal_answer_due=None, decided_at=None, withdrawn_at=None,
        withdrawal_statement=None, idempotency_key=key, created_at=now,
        channel="paper" if paper is not None else "electronic",
        signature=signed.signature,
        signature_digest=signed.signature.digest() if signed.signature is not None else None,
        paper=_paper_filing(paper, now),
        findings=[NoticeFinding(code=f.code, article=f.article, ground=f.ground,
                                severity=f.severity, params=dict(f.params))
                  for f in checked.findings],
        decisions=[], events=[],
    )
    prefix = rules.reference_prefix
    actor = (Actor.of(paper.officer) if paper is not None
             else Actor.of(owner) if owner is not None else SYSTEM)
    if key is None:
        _register(session, notice, prefix, actor, checked, now, law)
        return Filing(notice, created=True)
    try:
        with session.begin_nested():  # a concurrent request with the same key may win
            _register(session, notice, prefix, actor, checked, now, law)
    except IntegrityError:
        earlier = filed_with_key(session, owner, key)  # type: ignore[arg-type]
        if earlier is None:
            raise
        return Filing(earlier, created=False)
    return Filing(notice, created=True)


def _paper_filing(paper: PaperReceipt | None, now: datetime) -> PaperFiling | None:
    if paper is None:
        return None
    return PaperFiling(received_at=now, received_by=paper.officer.id,
                       signed_by_hand=paper.signed_by_hand, scan=paper.scan,
                       scan_type=paper.scan_type, scan_name=paper.scan_name,
                       scan_sha256=hashlib.sha256(paper.scan).hexdigest())


def _filing_facts(notice: Notice, checked: Precheck) -> dict[str, Any]:
    """What the filing's event records: the findings, the channel, and the signature (who
    signed, the digest of what is kept, whether revocation could be checked)."""
    facts: dict[str, Any] = {"findings": sorted(checked.codes())}
    if notice.channel == "paper" and notice.paper is not None:
        facts["paper"] = {"signed_by_hand": notice.paper.signed_by_hand,
                          "scan_sha256": notice.paper.scan_sha256}
    if notice.signature is not None:
        facts["signature"] = {"signer_iin": notice.signature.signer_iin,
                              "signer_bin": notice.signature.signer_bin,
                              "revocation": notice.signature.revocation,
                              "digest": notice.signature_digest}
    return facts


def _register(session: Session, notice: Notice, prefix: str, actor: Actor,
              checked: Precheck, now: datetime, law: Law) -> None:
    """Number the notice, add it with its first audit event and messages; one flush."""
    notice.reference = next_reference(session, prefix, checked.registration_date.year)
    with session.no_autoflush:
        session.add(notice)
        counts.track(session, notice)  # counted in the report from the commit on
        append_event(session, notice, actor=actor, at=now, trigger="file", from_state=None,
                     to_state=notice.status, data=_filing_facts(notice, checked))
        context = {"findings": finding_facts(checked.findings)}
        notify_organizer(session, notice, "notice_registered", now, law=law, **context)
        # A signature whose revocation could not be checked is kept, and officers told.
        unchecked = notice.signature is not None and notice.signature.revocation != "checked"
        notify_officers(session, notice, "new_notice", now, law=law,
                        signature_unchecked=unchecked, **context)
    flush(session)


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
