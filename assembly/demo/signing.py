"""The demo signs as citizens and officers do, with the test authority: every filing and
decision of the demo carries an EDS verified to the authority's root, so a newcomer sees
signed documents (`scripts/demo` trusts that root). Never a production trust root."""

from __future__ import annotations

import base64
import os
from datetime import date, datetime
from pathlib import Path

from asn1crypto import crl as asn1_crl
from asn1crypto import pem
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import serialization

from assembly.notices.document import Document
from assembly.notices.draft import Organizer
from assembly.notices.identity import make_iin
from assembly.services.signatures import Signing
from assembly.signatures.authority import Credential, TestAuthority
from assembly.signatures.rsa import RsaVerifier

# The demo officer's IIN (a decision's signer must be the deciding officer).
OFFICER_IIN = make_iin(date(1985, 3, 14), "male", 321)
# An organization signs through its employee: the demo gives each one this employee.
EMPLOYEE_IIN = make_iin(date(1990, 7, 2), "female", 654)


class DemoSigner:
    """The demo's authority, one key per signer, and the policy that verifies them."""

    def __init__(self, authority: TestAuthority, now: datetime):
        self.authority = authority
        self.credentials: dict[tuple[str, str | None], Credential] = {}
        crl = self.authority.crl(now.replace(year=now.year - 1), now.replace(year=now.year + 20))
        self.signing = Signing(enforced=True, verifier=RsaVerifier(
            [asn1_x509.Certificate.load(authority.root.public_bytes(
                serialization.Encoding.DER))],
            [asn1_crl.CertificateList.load(pem.unarmor(crl)[2])]))

    def _credential(self, name: str, iin: str, bin_: str | None = None) -> Credential:
        key = (iin, bin_)
        if key not in self.credentials:
            self.credentials[key] = self.authority.issue(name, iin, bin_)
        return self.credentials[key]

    def organizer_signs(self, organizer: Organizer, document: Document) -> str:
        """The organizer's signature (a legal entity's: its employee's) over a document."""
        if organizer.kind == "person":
            credential = self._credential(organizer.name, organizer.id_number)
        else:
            credential = self._credential("ДЕМО ҚЫЗМЕТКЕР", EMPLOYEE_IIN, organizer.id_number)
        return base64.b64encode(credential.sign(document.data)).decode()

    def officer_signs(self, name: str, document: Document) -> str:
        """The demo officer's signature over a decision."""
        credential = self._credential(name, OFFICER_IIN)
        return base64.b64encode(credential.sign(document.data)).decode()


def write_root(authority: TestAuthority, folder: Path) -> Path:
    """The authority's root in the instance folder (`scripts/demo` trusts it)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "demo-authority-root.pem"
    path.write_bytes(authority.root.public_bytes(serialization.Encoding.PEM))
    os.chmod(path, 0o644)
    return path
