"""Assemblies held without the required notice or approval, as logged by officers (LAW.md §8)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from assembly.models.base import Base


class UnsanctionedEvent(Base):
    """When, where (point, nearest special place), form, size, source, related notice."""

    __tablename__ = "unsanctioned_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    occurred_at: Mapped[datetime]
    occurred_on: Mapped[date] = mapped_column(index=True)  # local date
    lat: Mapped[float]
    lon: Mapped[float]
    address: Mapped[str | None] = mapped_column(String(500))
    nearest_place_id: Mapped[str | None] = mapped_column(String(64))
    nearest_place_m: Mapped[float | None]
    form: Mapped[str] = mapped_column(String(16))
    category: Mapped[str] = mapped_column(String(32))
    estimated_participants: Mapped[int]
    description: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(300))
    related_notice_id: Mapped[int | None] = mapped_column(ForeignKey("notices.id"))
    logged_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime]
