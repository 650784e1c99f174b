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


def secret_key() -> str:
    """ASSEMBLY_SECRET_KEY, else a random key kept in the instance folder (made once)."""
    key = os.environ.get("ASSEMBLY_SECRET_KEY")
    if key:
        return key
    path = instance_path() / "secret_key"
    if not path.exists():
        import secrets

        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def _flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    return default if value is None else value.strip().lower() in ("1", "true", "yes", "on")


def mail_settings() -> dict[str, object]:
    """Flask-Mail settings from ASSEMBLY_MAIL_*; no ASSEMBLY_MAIL_SERVER means: keep, don't send."""
    return {
        "MAIL_SERVER": os.environ.get("ASSEMBLY_MAIL_SERVER") or None,
        "MAIL_PORT": int(os.environ.get("ASSEMBLY_MAIL_PORT", "25")),
        "MAIL_USERNAME": os.environ.get("ASSEMBLY_MAIL_USERNAME") or None,
        "MAIL_PASSWORD": os.environ.get("ASSEMBLY_MAIL_PASSWORD") or None,
        "MAIL_USE_TLS": _flag("ASSEMBLY_MAIL_USE_TLS"),
        "MAIL_USE_SSL": _flag("ASSEMBLY_MAIL_USE_SSL"),
        "MAIL_DEFAULT_SENDER": os.environ.get("ASSEMBLY_MAIL_SENDER", "noreply@assembly.almaty.kz"),
        "MAIL_MAX_ATTEMPTS": int(os.environ.get("ASSEMBLY_MAIL_MAX_ATTEMPTS", "8")),
    }
