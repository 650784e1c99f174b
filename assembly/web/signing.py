"""The signing policy of the app: the configured one (ASSEMBLY_REQUIRE_EDS,
ASSEMBLY_EDS_*), or the one a test gives as `EDS_SIGNING`."""

from __future__ import annotations

from flask import current_app

from assembly.services.signatures import Signing, default_signing


def signing_policy() -> Signing:
    """How this app verifies and requires signatures."""
    return current_app.config.get("EDS_SIGNING") or default_signing()
