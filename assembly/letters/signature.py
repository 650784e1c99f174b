"""The officer's EDS signature of a decision, as a letter carries it (issue 13).

An officer certifies a decision's canonical document through NCALayer; the detached CMS
signature (CAdES-BES), the signer's certificate and the document are kept with the
decision (`models.Signature`, verified by `services.signatures` before it is stored). A
letter embeds the three as files attached to the PDF ("the CMS beside it"), so that a
reader can check the signature against the signed document with any CMS tool
(`openssl cms -verify -binary -inform DER -in X.p7s -content X.txt`, with the national
root as `-CAfile`). An unsigned decision's letter says plainly that it is not signed
electronically.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class DecisionSignature:
    """An officer's detached CMS signature of a decision, with what it signs."""

    cms: bytes  # DER
    certificate: bytes  # the signer's, DER
    document: bytes  # the canonical document, as signed (UTF-8)


def signature_of(decision: Any) -> DecisionSignature | None:
    """The decision's kept EDS signature (None: the decision was not signed)."""
    kept = decision.signature
    if kept is None:
        return None
    return DecisionSignature(cms=bytes(kept.cms), certificate=bytes(kept.certificate),
                             document=kept.document.encode("utf-8"))
