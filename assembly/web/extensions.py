"""Flask extensions, each bound with init_app."""

from __future__ import annotations

from flask import Flask
from flask_mail import Mail

mail = Mail()


def init_extensions(app: Flask) -> None:
    """Bind every extension to the app."""
    mail.init_app(app)
