"""The append-only, hash-chained audit trail of every notice."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from assembly.models.base import Base

if TYPE_CHECKING:
    from assembly.models.notice import Decision, Notice


class NoticeEvent(Base):
    """One recorded change: who, when, from which state to which, by which trigger."""

    __tablename__ = "notice_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Read by notice through uq_notice_events_notice_seq (notice_id first).
    notice_id: Mapped[int] = mapped_column(ForeignKey("notices.id"))
    seq: Mapped[int]
    at: Mapped[datetime]
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    actor_role: Mapped[str] = mapped_column(String(16))
    trigger: Mapped[str] = mapped_column(String(32))
    from_state: Mapped[str | None] = mapped_column(String(20))
    to_state: Mapped[str] = mapped_column(String(20))
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # The decision this event records (its content is part of the hash), if any.
    decision_id: Mapped[int | None] = mapped_column(ForeignKey("decisions.id"))
    # SHA-256 of the notice's legally relevant fields as they stood after the event.
    record_digest: Mapped[str] = mapped_column(String(64))
    # Which audit key sealed the event (the keys live outside the database).
    key_id: Mapped[str] = mapped_column(String(16))
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))

    # Notice.events: the notice's trail in order (append-only: services.audit adds to it).
    notice: Mapped[Notice] = relationship(backref=backref(
        "events", order_by="NoticeEvent.seq", passive_deletes="all"))
    decision: Mapped[Decision | None] = relationship()

    __table_args__ = (UniqueConstraint("notice_id", "seq", name="uq_notice_events_notice_seq"),)
