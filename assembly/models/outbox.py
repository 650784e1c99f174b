"""Messages written in the same transaction as the change that causes them."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from assembly.models.base import Base

if TYPE_CHECKING:
    from assembly.models.delivery import Delivery
    from assembly.models.notice import Notice


class OutboxMessage(Base):
    """An e-mail to send: template and context now, rendered and sent by the scheduler.

    pending -> sending (claimed and committed before talking to SMTP) -> sent, or back to
    pending with a later next_attempt_at, or failed after the last attempt. A row left in
    `sending` by a sender that died is retried after the claim timeout and flagged as a
    possible duplicate: the server may have accepted it before the sender died.
    """

    __tablename__ = "outbox"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime]
    notice_id: Mapped[int | None] = mapped_column(ForeignKey("notices.id"), index=True)
    # The decision's e-mail delivery this message carries (Art. 11(2), 13(2)), if any.
    delivery_id: Mapped[int | None] = mapped_column(ForeignKey("deliveries.id"), index=True)
    # email (recipient: an address) or sms (recipient: a mobile number, Art. 11(2)(5)).
    channel: Mapped[str] = mapped_column(String(8), default="email")
    recipient: Mapped[str] = mapped_column(String(254))
    language: Mapped[str] = mapped_column(String(2))
    template: Mapped[str] = mapped_column(String(64))
    context: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # Makes a scheduled message (digest, reminder) idempotent: one row per key.
    dedupe_key: Mapped[str | None] = mapped_column(String(200), unique=True)
    status: Mapped[str] = mapped_column(String(8), default="pending")  # see the docstring
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime]
    claimed_at: Mapped[datetime | None]
    possible_duplicate: Mapped[bool] = mapped_column(default=False)
    # The id of the request or job that queued it (assembly.logs): the e-mail's X-Request-ID.
    request_id: Mapped[str | None] = mapped_column(String(80))
    sent_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)

    notice: Mapped[Notice | None] = relationship()
    delivery: Mapped[Delivery | None] = relationship()

    __table_args__ = (Index("ix_outbox_status_next", "status", "next_attempt_at"),)


class DatasetLoad(Base):
    """A data set loaded once (the demo): what makes a second run change nothing."""

    __tablename__ = "dataset_loads"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    loaded_at: Mapped[datetime]
    summary: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
