"""A verifier behind an HTTP service, for keys this process cannot verify itself (GOST
34.10, the National Certification Authority's other algorithm): an NCANode server
(`ASSEMBLY_EDS_VERIFIER_URL`), which checks the chain to the national roots and
revocation by OCSP and answers the subset read here (NCANode 3, `POST /cms/verify`).

Any service answering that subset plugs in behind the same `Verifier` interface."""

from __future__ import annotations

import base64
import json
import urllib.error
import urllib.request
from datetime import datetime
from typing import Any

from assembly.signatures.verify import SignatureRefused, Verified, parse_time, signer_from_subject

TIMEOUT_SECONDS = 15


class RemoteVerifier:
    """Asks an NCANode-style service to verify; the signing certificate comes back with
    the answer, so the signer is read here exactly as the in-process verifier reads it."""

    def __init__(self, url: str, timeout: float = TIMEOUT_SECONDS):
        self.url = url.rstrip("/") + "/cms/verify"
        self.timeout = timeout

    def _ask(self, data: bytes, cms: bytes) -> dict[str, Any]:
        body = json.dumps({"revocationCheck": ["OCSP"],
                           "cms": base64.b64encode(cms).decode(),
                           "data": base64.b64encode(data).decode()}).encode()
        request = urllib.request.Request(self.url, data=body, method="POST",
                                         headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as answer:  # noqa: S310
                return json.loads(answer.read())
        except urllib.error.HTTPError as error:
            if 400 <= error.code < 500:
                raise SignatureRefused("signature_invalid", f"HTTP {error.code}") from error
            raise
        # Any other failure (no answer) propagates: the caller cannot verify now, and says so.

    def verify(self, data: bytes, cms: bytes, at: datetime) -> Verified:
        """Verify through the service; the certificate's dates are checked against `at`."""
        answer = self._ask(data, cms)
        signers = answer.get("signers") or []
        if len(signers) != 1 or not signers[0].get("certificates"):
            raise SignatureRefused("signature_invalid", "exactly one signer expected")
        certificate = signers[0]["certificates"][0]
        if not answer.get("valid"):
            revocations = certificate.get("revocations") or []
            if any(r.get("revoked") for r in revocations):
                raise SignatureRefused("signature_revoked")
            if certificate.get("signature") is False or answer.get("signatureValid") is False:
                raise SignatureRefused("signature_invalid")
            raise SignatureRefused("signature_untrusted", str(answer.get("message", "")))
        if not parse_time(certificate["notBefore"]) <= at <= parse_time(certificate["notAfter"]):
            raise SignatureRefused("signature_expired")
        if certificate.get("keyUsage") not in ("SIGN", None):
            raise SignatureRefused("signature_untrusted", "the key may not sign")
        revocations = certificate.get("revocations") or []
        checked = any(r.get("revoked") is False for r in revocations)
        subject = certificate.get("subject") or {}
        native = {"serial_number": f"IIN{subject['iin']}" if subject.get("iin") else None,
                  "organizational_unit_name": f"BIN{subject['bin']}" if subject.get("bin")
                  else None,
                  "common_name": subject.get("commonName") or ""}
        der = base64.b64decode(certificate.get("certificate") or "")
        return Verified(signer_from_subject({k: v for k, v in native.items() if v}, der),
                        "checked" if checked else "unchecked",
                        None if checked else "the service gave no revocation answer")
