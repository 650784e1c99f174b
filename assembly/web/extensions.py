"""Flask extensions, each bound with init_app."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit, urlunsplit

from flask import Flask
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_wtf.csrf import CSRFProtect

# CSRF on every POST, PUT, PATCH and DELETE; a token-authenticated API blueprint is exempted
# with csrf.exempt(bp).
csrf = CSRFProtect()
# Limits per address are declared on the views (sign-in, registration); none by default.
# Their storage: Redis when ASSEMBLY_REDIS_URL is set, else each process's memory.
limiter = Limiter(key_func=get_remote_address)


def init_extensions(app: Flask) -> None:
    """Bind every extension to the app. (Flask-Mail is bound by the outbox's sender, in the
    scheduler's process: web requests only queue messages, and smtplib with Flask-Mail
    never loads in a web worker.)"""
    # A form may stay open for long on a phone: the token lives as long as the session.
    app.config.setdefault("WTF_CSRF_TIME_LIMIT", None)
    csrf.init_app(app)
    # Set explicitly: the limiter is shared and would keep another app's "enabled".
    app.config.setdefault("RATELIMIT_ENABLED", True)
    app.config.setdefault("RATELIMIT_STORAGE_URI", "memory://")
    app.config.setdefault("RATELIMIT_HEADERS_ENABLED", True)
    limiter.init_app(app)


def without_password(uri: str) -> str:
    """The URL with its password, if any, shown as ***."""
    parts = urlsplit(uri)
    if not parts.password:
        return uri
    return urlunsplit(parts._replace(netloc=parts.netloc.replace(f":{parts.password}@", ":***@")))


def limiter_storage_problem(uri: str, options: dict[str, Any] | None = None) -> str | None:
    """Why the limiter's storage at `uri` cannot be used (one line), or None when it answers:
    `assembly serve` asks before its workers start, so that none fails to boot."""
    from limits.errors import ConfigurationError
    from limits.storage import storage_from_string
    shown = without_password(uri)
    try:
        storage = storage_from_string(uri, **(options or {}))
    except ConfigurationError as exc:
        if "prerequisite" in str(exc).lower() or "redis" in str(exc).lower():
            return ("the `redis` package is missing for ASSEMBLY_REDIS_URL: "
                    "install it with pip install 'assembly[redis]'")
        return f"the rate-limit storage {shown} cannot be used: {exc}"
    except Exception as exc:  # noqa: BLE001 - a URL redis cannot parse, for one
        return f"the rate-limit storage {shown} cannot be used: {exc}"
    if not storage.check():
        return (f"the Redis at {shown} (ASSEMBLY_REDIS_URL) does not answer: start it, "
                "or unset ASSEMBLY_REDIS_URL to count per process")
    return None
