"""Closures of special places and routes recorded by officers (Art. 14(1)(10), works limb)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from assembly.models.base import Base


class Closure(Base):
    """A special place or route closed from `starts_at` to `ends_at` (works, an official
    event), with the officer's reason and source: internal detail, never published."""

    __tablename__ = "closures"

    id: Mapped[int] = mapped_column(primary_key=True)
    # A random public identifier (a calendar UID), never derived from the row.
    key: Mapped[str] = mapped_column(String(32), unique=True)
    place_id: Mapped[str] = mapped_column(String(64))
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    kind: Mapped[str] = mapped_column(String(32))  # works, official_event (rules)
    reason: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(300))
    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime]

    __table_args__ = (
        # The closures at one place overlapping an interval; and those of a period.
        Index("ix_closures_place_starts_ends", "place_id", "starts_at", "ends_at"),
        Index("ix_closures_starts_at", "starts_at"),
    )
