"""Messages written in the same transaction as the change that causes them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from assembly.models.base import Base


class OutboxMessage(Base):
    """An e-mail to send: template and context now, rendered and sent by the scheduler."""

    __tablename__ = "outbox"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime]
    notice_id: Mapped[int | None] = mapped_column(ForeignKey("notices.id"), index=True)
    recipient: Mapped[str] = mapped_column(String(254))
    language: Mapped[str] = mapped_column(String(2))
    template: Mapped[str] = mapped_column(String(64))
    context: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(8), default="pending")  # pending, sent, failed
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime]
    sent_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (Index("ix_outbox_status_next", "status", "next_attempt_at"),)


class DatasetLoad(Base):
    """A data set loaded once (the demo): what makes a second run change nothing."""

    __tablename__ = "dataset_loads"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    loaded_at: Mapped[datetime]
    summary: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
