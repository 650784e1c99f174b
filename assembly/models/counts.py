"""The notices counted per registration month and reporting key (services.counts)."""

from __future__ import annotations

from sqlalchemy import Integer, PrimaryKeyConstraint, String
from sqlalchemy.orm import Mapped, mapped_column

from assembly.models.base import Base


class NoticeCount(Base):
    """How many notices registered in a month share a status, go-ahead kind, form, place
    and timeliness: the yearly report's GROUP BY, kept up to date by the writers of
    notices (services.counts) so that a report never scans the notices of a year.

    No NULL in the key (a NULL never matches ON CONFLICT): `go_ahead_kind` and `place_id`
    are '' when the notice has none, `on_time` is 1 (decided by the due time), 0 (late)
    or -1 (undecided)."""

    __tablename__ = "notice_counts"

    year: Mapped[int] = mapped_column(Integer)
    month: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20))
    go_ahead_kind: Mapped[str] = mapped_column(String(20))
    form: Mapped[str] = mapped_column(String(16))
    place_id: Mapped[str] = mapped_column(String(64))
    on_time: Mapped[int] = mapped_column(Integer)
    n: Mapped[int] = mapped_column(Integer, default=0)

    __table_args__ = (
        PrimaryKeyConstraint("year", "month", "status", "go_ahead_kind", "form", "place_id",
                             "on_time"),
    )
