"""A citizen's unfinished notice, kept between the steps of the filing wizard."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from assembly.models.base import Base


class CitizenDraft(Base):
    """The wizard's fields as typed (not yet valid), owned by one citizen."""

    # A random id: it names the draft in URLs and, in the filing's idempotency key, must
    # never be given to another draft again (SQLite reuses the ids of deleted rows).

    __tablename__ = "citizen_drafts"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    updated_at: Mapped[datetime]
