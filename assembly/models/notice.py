"""A notice (notification or application), its findings, decisions and the reference counter."""

from __future__ import annotations

import secrets
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import (
    DDL,
    JSON,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    event,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from assembly.models.base import Base
from assembly.models.signature import PaperFiling, Signature

# States in which the assembly may go ahead: they hold the place (Art. 11(1), 13(1)).
GO_AHEAD_STATES = ("approved", "deemed_accepted", "held")
PENDING_STATES = ("received", "in_review", "change_proposed")

# A long notice lasts more than a day (rare: the law's hours keep an assembly within one
# day), as each database says it: its own partial index holds the long ones, and a query
# reaches it by this same condition, word for word.
LONG_NOTICE = timedelta(days=1)
LONG_NOTICE_SQL = {
    "sqlite": "julianday(ends_at) - julianday(starts_at) > 1",
    "postgresql": "ends_at - starts_at > interval '1 day'",
}


def new_public_id() -> str:
    """A random public identifier (96 bits, hex): nothing leads from it to the reference."""
    return secrets.token_hex(12)


class Notice(Base):
    """A notification (Art. 10) or an application for approval (Art. 12) and its state."""

    __tablename__ = "notices"

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(20), unique=True)
    # What the public calendar and its feed name the notice by (DESIGN.md "Privacy"):
    # random and stored, never derived from the reference.
    public_id: Mapped[str] = mapped_column(String(32), unique=True, index=True,
                                           default=new_public_id)
    # Read by owner through uq_notices_owner_idempotency (owner_id first): no index of its own.
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    procedure: Mapped[str] = mapped_column(String(16))
    form: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(20))
    overdue: Mapped[bool] = mapped_column(default=False)
    purpose: Mapped[str] = mapped_column(Text)
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    event_date: Mapped[date]
    place_kind: Mapped[str] = mapped_column(String(8))  # site, route, point
    place_id: Mapped[str | None] = mapped_column(String(64))  # the designated place used
    lat: Mapped[float | None]
    lon: Mapped[float | None]
    address: Mapped[str | None] = mapped_column(String(500))
    expected_participants: Mapped[int]
    sound_amplification: Mapped[bool]
    vehicles: Mapped[bool]
    structures: Mapped[bool]
    organizer_kind: Mapped[str] = mapped_column(String(16))
    organizer_name: Mapped[str] = mapped_column(String(300))
    # Read through ix_notices_organizer_filed_id (organizer first): no index of its own.
    organizer_id_number: Mapped[str] = mapped_column(String(12))
    organizer_address: Mapped[str] = mapped_column(String(500))
    organizer_email: Mapped[str | None] = mapped_column(String(254))
    organizer_phone: Mapped[str | None] = mapped_column(String(16))
    language: Mapped[str] = mapped_column(String(2), default="ru")
    filed_at: Mapped[datetime]
    registration_date: Mapped[date] = mapped_column(index=True)
    latest_filing_date: Mapped[date]
    decision_due: Mapped[datetime]
    rules_version: Mapped[str] = mapped_column(String(100))
    go_ahead: Mapped[bool] = mapped_column(default=False)
    # approved, approve_restricted, deemed_accepted, change_accepted (report breakdown)
    go_ahead_kind: Mapped[str | None] = mapped_column(String(20))
    proposal_made: Mapped[bool] = mapped_column(default=False)
    # Art. 14(1)(5), signature limb: the filing needed the organizer's (or representative's)
    # signature and came without it (the signed-filing channel sets it).
    signature_missing: Mapped[bool] = mapped_column(default=False)
    # Art. 12(1): "electronic" (through the portal or the API) or "paper" (registered by an
    # officer, services.paper); the filing's EDS signature, if any, is `signature`, and
    # `signature_digest` its digest, sealed by the audit chain.
    channel: Mapped[str] = mapped_column(String(10), default="electronic")
    signature_digest: Mapped[str | None] = mapped_column(String(64))
    proposal_answer_due: Mapped[datetime | None]
    decided_at: Mapped[datetime | None]
    withdrawn_at: Mapped[datetime | None]
    withdrawal_statement: Mapped[str | None] = mapped_column(Text)
    idempotency_key: Mapped[str | None] = mapped_column(String(128))
    created_at: Mapped[datetime]
    # When the retention job replaced the organizer's personal data with a pseudonym
    # (services.retention); None while they are kept.
    pseudonymised_at: Mapped[datetime | None]
    # Head of the audit chain (seq and hash of the last event): appending needs no read,
    # and `assembly audit verify` checks it against the chain.
    audit_seq: Mapped[int] = mapped_column(default=0)
    audit_hash: Mapped[str] = mapped_column(String(64), default="0" * 64)
    version_id: Mapped[int] = mapped_column(default=1)

    findings: Mapped[list[NoticeFinding]] = relationship(
        back_populates="notice", cascade="all, delete-orphan", order_by="NoticeFinding.id"
    )
    decisions: Mapped[list[Decision]] = relationship(
        back_populates="notice", cascade="all, delete-orphan", order_by="Decision.id"
    )
    signature: Mapped[Signature | None] = relationship(
        primaryjoin="and_(Signature.notice_id == Notice.id, Signature.decision_id.is_(None))",
        cascade="all, delete-orphan", uselist=False, overlaps="signature")
    paper: Mapped[PaperFiling | None] = relationship(cascade="all, delete-orphan",
                                                     uselist=False)

    __mapper_args__ = {"version_id_col": version_id}
    __table_args__ = (
        UniqueConstraint("owner_id", "idempotency_key", name="uq_notices_owner_idempotency"),
        Index("ix_notices_status_decision_due", "status", "decision_due"),
        Index("ix_notices_status_ends_at", "status", "ends_at"),
        # Overlap queries at one place (ends_at > start AND starts_at < end) in two bounded
        # reads (services.bookings): a notice of a day or less starts less than a day
        # before the new one, read by its start; the longer ones have an index of their
        # own. The other columns ride along: the overlap is decided in the index.
        Index("ix_notices_place_starts_ends_status", "place_id", "starts_at", "ends_at",
              "status"),
        Index("ix_notices_long_place_ends_starts_status", "place_id", "ends_at", "starts_at",
              "status", sqlite_where=text(LONG_NOTICE_SQL["sqlite"]),
              postgresql_where=text(LONG_NOTICE_SQL["postgresql"])),
        # Booking integrity reads only go-ahead notices: a partial index of them (the
        # query's "go_ahead IS 1/true" term must match the index's condition).
        Index("ix_notices_go_ahead_place_ends_starts", "place_id", "ends_at", "starts_at",
              sqlite_where=text("go_ahead IS 1"), postgresql_where=text("go_ahead IS true")),
        Index("ix_notices_status_registration", "status", "registration_date"),
        # Lists in filing order, latest first, read backwards from an index: every notice
        # (officers' API listing), an organizer's earlier notices (the officer's notice
        # page), a citizen's own notices.
        Index("ix_notices_filed_id", "filed_at", "id"),
        Index("ix_notices_organizer_filed_id", "organizer_id_number", "filed_at", "id"),
        Index("ix_notices_owner_filed_id", "owner_id", "filed_at", "id"),
        # The published occupancy: a period of event dates at the special places alone.
        Index("ix_notices_placed_event_date_starts", "event_date", "starts_at",
              sqlite_where=text("place_id IS NOT NULL"),
              postgresql_where=text("place_id IS NOT NULL")),
        # The retention job's reading: notices still holding personal data, oldest assembly
        # first; once caught up, it reads only the few not yet closed.
        Index("ix_notices_kept_event_date", "event_date",
              sqlite_where=text("pseudonymised_at IS NULL"),
              postgresql_where=text("pseudonymised_at IS NULL")),
    )

    # `events`: the audit trail in seq order (models.audit.NoticeEvent declares it).

    @property
    def decision(self) -> Decision | None:
        """The latest decision, if any."""
        return self.decisions[-1] if self.decisions else None


# PostgreSQL makes two overlapping go-ahead notices at one place impossible
# (DESIGN.md "Booking integrity"); a concurrent overlapping write fails with 23P01.
EXCLUSION_NAME = "ex_notices_go_ahead_overlap"
event.listen(
    Notice.__table__,
    "before_create",
    DDL("CREATE EXTENSION IF NOT EXISTS btree_gist").execute_if(dialect="postgresql"),
)
event.listen(
    Notice.__table__,
    "after_create",
    DDL(
        f"ALTER TABLE notices ADD CONSTRAINT {EXCLUSION_NAME} EXCLUDE USING gist "
        "(place_id WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&) WHERE (go_ahead)"
    ).execute_if(dialect="postgresql"),
)


class NoticeFinding(Base):
    """A finding of the legal checks at filing (LAW.md §5)."""

    __tablename__ = "notice_findings"

    id: Mapped[int] = mapped_column(primary_key=True)
    notice_id: Mapped[int] = mapped_column(ForeignKey("notices.id"), index=True)
    code: Mapped[str] = mapped_column(String(32))
    article: Mapped[str] = mapped_column(String(64))
    ground: Mapped[str | None] = mapped_column(String(16))
    severity: Mapped[str] = mapped_column(String(8))
    params: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    notice: Mapped[Notice] = relationship(back_populates="findings")


class Decision(Base):
    """An officer's decision (Art. 11(1), 13(1)) with grounds, reasoning and restrictions."""

    __tablename__ = "decisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    notice_id: Mapped[int] = mapped_column(ForeignKey("notices.id"), index=True)
    outcome: Mapped[str] = mapped_column(String(20))
    reasoning: Mapped[str | None] = mapped_column(Text)
    restrictions: Mapped[list[str]] = mapped_column(JSON, default=list)
    proposal: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    channels: Mapped[list[str]] = mapped_column(JSON, default=list)
    decided_at: Mapped[datetime]
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    on_time: Mapped[bool]
    # The random id of its public check page (/verify/<id>), which the letter's QR code
    # opens: never derived from the reference (DESIGN.md "Privacy").
    check_id: Mapped[str] = mapped_column(String(32), unique=True, index=True,
                                          default=new_public_id)

    notice: Mapped[Notice] = relationship(back_populates="decisions")
    # The deciding officer's EDS over the decision's canonical document, if signed.
    signature: Mapped[Signature | None] = relationship(
        cascade="all, delete-orphan", uselist=False, overlaps="signature")
    grounds: Mapped[list[DecisionGround]] = relationship(
        back_populates="decision", cascade="all, delete-orphan", order_by="DecisionGround.id"
    )


class DecisionGround(Base):
    """One refusal ground of Art. 14(1) cited by a decision (one row each, for reports)."""

    __tablename__ = "decision_grounds"

    id: Mapped[int] = mapped_column(primary_key=True)
    decision_id: Mapped[int] = mapped_column(ForeignKey("decisions.id"), index=True)
    notice_id: Mapped[int] = mapped_column(ForeignKey("notices.id"), index=True)
    # The notice's registration date (it never changes), copied so that the yearly report
    # counts refusals by ground from this table alone, through a covering index.
    registration_date: Mapped[date]
    ground: Mapped[str] = mapped_column(String(16))

    decision: Mapped[Decision] = relationship(back_populates="grounds")
    notice: Mapped[Notice] = relationship()

    __table_args__ = (
        Index("ix_decision_grounds_registration_ground", "registration_date", "ground"),
    )


class ReferenceCounter(Base):
    """The last number given per prefix and year (ALA-2021-000123)."""

    __tablename__ = "reference_counters"

    prefix: Mapped[str] = mapped_column(String(8), primary_key=True)
    year: Mapped[int] = mapped_column(primary_key=True)
    last: Mapped[int] = mapped_column(default=0)
