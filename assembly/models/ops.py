"""What the operators watch: each scheduler job's runs and failures, kept in the database so
that every node's /metrics and /readyz see the one scheduler, wherever it runs."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from assembly.models.base import Base


class JobRun(Base):
    """One scheduler job's counts and its latest run (a row per job name)."""

    __tablename__ = "job_runs"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    runs: Mapped[int] = mapped_column(default=0)
    failures: Mapped[int] = mapped_column(default=0)
    last_run_at: Mapped[datetime | None]
    last_failed_at: Mapped[datetime | None]
    # Which scheduler ran it last (host and process id), for the operator's eyes.
    last_runner: Mapped[str | None] = mapped_column(String(100))
