"""The seam between decision letters and the officers' EDS signatures (issue 13).

Issue 13 keeps with each decision the detached CMS signature (CAdES-BES) an officer made
through NCALayer over the decision's canonical document, and the signer's certificate.
This module is the one place that reads them: a letter embeds what it returns, as files
attached to the PDF ("the CMS beside it"), so that a reader can check the signature
against the signed document with any CMS tool (`openssl cms -verify -binary -inform DER
-in signature.p7s -content document -noverify`). Until a decision has them, the letter says
plainly that it is not signed electronically.

The attributes read, on the Decision model: `signature` (the CMS, DER bytes or base64
text), `signer_certificate` (DER or PEM bytes, or base64 text) and `signed_document` (the
canonical document's bytes or text; without it the CMS is embedded alone).
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from typing import Any

SIGNATURE = "signature"
CERTIFICATE = "signer_certificate"
DOCUMENT = "signed_document"


@dataclass(frozen=True)
class DecisionSignature:
    """An officer's detached CMS signature of a decision, with what it signs."""

    cms: bytes  # DER
    certificate: bytes | None  # DER or PEM, as kept
    document: bytes | None  # the canonical document signed


def _as_bytes(value: Any) -> bytes | None:
    """Bytes as kept; text is base64 (as the API carries it) or, failing that, UTF-8."""
    if value is None or value == "" or value == b"":
        return None
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value)
    if isinstance(value, str):
        try:
            return base64.b64decode(value, validate=True)
        except (binascii.Error, ValueError):
            return value.encode("utf-8")
    return None


def _text_bytes(value: Any) -> bytes | None:
    """The signed document: text is the document itself (UTF-8), never base64."""
    if isinstance(value, str):
        return value.encode("utf-8") if value else None
    return _as_bytes(value)


def decision_signature(decision: Any) -> DecisionSignature | None:
    """The decision's EDS signature, if issue 13 recorded one (None: not signed)."""
    cms = _as_bytes(getattr(decision, SIGNATURE, None))
    if cms is None:
        return None
    return DecisionSignature(
        cms=cms,
        certificate=_as_bytes(getattr(decision, CERTIFICATE, None)),
        document=_text_bytes(getattr(decision, DOCUMENT, None)),
    )
