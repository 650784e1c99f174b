"""Settings from the environment: every ASSEMBLY_* variable is read here (README lists them)."""

from __future__ import annotations

import os
from pathlib import Path


def instance_path() -> Path:
    """The instance folder (SQLite database, local state): ASSEMBLY_INSTANCE_PATH or ./instance."""
    return Path(os.environ.get("ASSEMBLY_INSTANCE_PATH") or "instance").resolve()


def database_url() -> str:
    """ASSEMBLY_DATABASE_URL, or SQLite in the instance folder."""
    url = os.environ.get("ASSEMBLY_DATABASE_URL")
    if url:
        return url
    return f"sqlite:///{instance_path() / 'assembly.db'}"


def city() -> str:
    """The city whose rules apply (a folder of rules/): ASSEMBLY_CITY, default almaty."""
    return os.environ.get("ASSEMBLY_CITY", "almaty")
