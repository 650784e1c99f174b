"""The signing policy of the app: the configured one (ASSEMBLY_REQUIRE_EDS,
ASSEMBLY_EDS_*), or the one a test gives as `EDS_SIGNING`."""

from __future__ import annotations

from flask import Response, current_app, make_response
from flask.typing import ResponseReturnValue

from assembly.services.signatures import Signing, default_signing
from assembly.web.security import app_policy


def signing_policy() -> Signing:
    """How this app verifies and requires signatures."""
    return current_app.config.get("EDS_SIGNING") or default_signing()


def ncalayer_url() -> str:
    """Where the browser reaches NCALayer (ASSEMBLY_NCALAYER_URL)."""
    return str(current_app.config.get("NCALAYER_URL") or "wss://127.0.0.1:13579")


def signing_page(page: ResponseReturnValue) -> Response:
    """A page that signs: its policy also lets the script reach NCALayer, and only there."""
    response = make_response(page)
    response.headers["Content-Security-Policy"] = app_policy().replace(
        "connect-src 'self'", f"connect-src 'self' {ncalayer_url()}")
    return response
