"""The tests' EDS: a test certification authority made in the suite (national-style
subjects with IIN and BIN, RSA keys), signatures made in Python over the canonical
documents, and the verification policies the services are given."""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from typing import Any

from asn1crypto import crl as asn1_crl
from asn1crypto import pem
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import serialization

from assembly.services.filing import document_of
from assembly.services.signatures import Signing
from assembly.signatures.authority import Credential, TestAuthority
from assembly.signatures.rsa import RsaVerifier

CRL_FROM = datetime(2020, 1, 1, tzinfo=UTC)
CRL_UNTIL = datetime(2039, 1, 1, tzinfo=UTC)


def der(certificate: Any) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(certificate.public_bytes(serialization.Encoding.DER))


@dataclass
class Eds:
    """One authority for a test module, a key per signer, and policies trusting it."""

    authority: TestAuthority = field(default_factory=TestAuthority)
    keys: dict[tuple[str, str | None], Credential] = field(default_factory=dict)

    def key(self, iin: str, bin_: str | None = None, name: str = "ТЕСТ ТЕСТОВ") -> Credential:
        if (iin, bin_) not in self.keys:
            self.keys[(iin, bin_)] = self.authority.issue(name, iin, bin_)
        return self.keys[(iin, bin_)]

    def crl(self) -> asn1_crl.CertificateList:
        return asn1_crl.CertificateList.load(
            pem.unarmor(self.authority.crl(CRL_FROM, CRL_UNTIL))[2])

    def signing(self, *, enforced: bool = True, revocation: bool = True) -> Signing:
        """A policy trusting this authority (with its CRL unless `revocation` is False)."""
        crls = [self.crl()] if revocation else []
        return Signing(enforced, RsaVerifier([der(self.authority.root)], crls))

    @staticmethod
    def sign_with(credential: Credential, data: bytes) -> str:
        return base64.b64encode(credential.sign(data)).decode()

    def sign_draft(self, draft: dict[str, Any], credential: Credential | None = None) -> str:
        """The organizer's signature (by default: a key of the organizer's IIN) over the
        draft's canonical document."""
        organizer = draft["organizer"]
        if credential is None:
            credential = (self.key(organizer["iin"]) if organizer["kind"] == "person"
                          else self.key("900702400654", organizer["bin"]))
        return self.sign_with(credential, document_of(draft).data)


@cache
def suite() -> Eds:
    """The one authority of a test run (the `eds` fixture), so that helpers filing for the
    tests sign as organizers do."""
    return Eds()


def signed(draft: dict[str, Any]) -> dict[str, Any]:
    """An API filing body: the draft with its organizer's signature (a draft that has no
    document, being invalid, goes unsigned: its field errors come first)."""
    from assembly.errors import InvalidInput

    try:
        return {**draft, "signature": suite().sign_draft(draft)}
    except (InvalidInput, KeyError, TypeError, AttributeError):
        return draft
