"""Flask extensions, each bound with init_app."""

from __future__ import annotations

from flask import Flask
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_mail import Mail
from flask_wtf.csrf import CSRFProtect

mail = Mail()
# CSRF on every POST, PUT, PATCH and DELETE; a token-authenticated API blueprint is exempted
# with csrf.exempt(bp).
csrf = CSRFProtect()
# Limits are declared on the views (sign-in, registration); none by default.
limiter = Limiter(key_func=get_remote_address)


def init_extensions(app: Flask) -> None:
    """Bind every extension to the app."""
    mail.init_app(app)
    # A form may stay open for long on a phone: the token lives as long as the session.
    app.config.setdefault("WTF_CSRF_TIME_LIMIT", None)
    csrf.init_app(app)
    # Set explicitly: the limiter is shared and would keep another app's "enabled".
    app.config.setdefault("RATELIMIT_ENABLED", True)
    app.config.setdefault("RATELIMIT_STORAGE_URI", "memory://")
    app.config.setdefault("RATELIMIT_HEADERS_ENABLED", True)
    limiter.init_app(app)
