"""How and when the organizer was informed of a decision (Art. 11(2), 13(2))."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from assembly.models.base import Base

if TYPE_CHECKING:
    from assembly.models.notice import Decision, Notice


class Delivery(Base):
    """One channel of one decision; registered mail is a task closed with a tracking number."""

    __tablename__ = "deliveries"

    id: Mapped[int] = mapped_column(primary_key=True)
    notice_id: Mapped[int] = mapped_column(ForeignKey("notices.id"), index=True)
    decision_id: Mapped[int] = mapped_column(ForeignKey("decisions.id"), index=True)
    channel: Mapped[str] = mapped_column(String(20))
    # pending, sent; failed: the e-mail could not be delivered (registered mail still goes)
    status: Mapped[str] = mapped_column(String(12), default="pending")
    tracking_number: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime]
    sent_at: Mapped[datetime | None]
    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    notice: Mapped[Notice] = relationship()
    decision: Mapped[Decision] = relationship()

    # The officers' open registered-mail tasks are read by channel and status.
    __table_args__ = (Index("ix_deliveries_channel_status", "channel", "status"),)
