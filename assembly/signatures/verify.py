"""What every EDS verifier answers: a signer checked to the trust roots, or a refusal
with the code API.md names."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal, Protocol

# API.md: the refusal codes of a signature (422).
REFUSALS = ("signature_required", "signature_invalid", "signature_untrusted",
            "signature_expired", "signature_revoked", "signer_mismatch")


class SignatureRefused(Exception):
    """A signature that must not be accepted: bad, foreign, self-made, expired, revoked
    or not the expected signer (`code`: one of REFUSALS)."""

    def __init__(self, code: str, detail: str = ""):
        assert code in REFUSALS, code
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail


@dataclass(frozen=True)
class Signer:
    """Who the certificate names: a person's IIN (SERIALNUMBER=IIN…), and for an
    organization's employee its BIN (OU=BIN…)."""

    iin: str | None
    bin: str | None
    name: str
    certificate: bytes  # DER


@dataclass(frozen=True)
class Verified:
    """A signature over exactly the document, by a certificate chaining to a trust root,
    valid at the time, with a key usage allowing signatures. `revocation` is "checked"
    (OCSP or CRL said good), or "unchecked" (no answer could be had: `problem` says why;
    the officers are told, the filing is kept)."""

    signer: Signer
    revocation: Literal["checked", "unchecked"]
    problem: str | None = None


class Verifier(Protocol):
    """Verifies a detached CMS (`cms`, DER) over `data` as of `at`; raises SignatureRefused."""

    def verify(self, data: bytes, cms: bytes, at: datetime) -> Verified: ...


def signer_from_subject(subject: dict[str, object], certificate: bytes) -> Signer:
    """The IIN, BIN and name of a certificate subject (asn1crypto's native Name), as the
    National Certification Authority writes them."""

    def texts(key: str) -> list[str]:
        value = subject.get(key)
        if value is None:
            return []
        return [str(v) for v in value] if isinstance(value, list) else [str(value)]

    iin = next((s[3:] for s in texts("serial_number") if s.upper().startswith("IIN")), None)
    bin_ = next((s[3:] for s in texts("organizational_unit_name")
                 if s.upper().startswith("BIN")), None)
    name = " ".join(texts("common_name") + texts("given_name"))
    return Signer(iin=iin, bin=bin_, name=name, certificate=certificate)


def parse_time(value: str) -> datetime:
    """An ISO 8601 instant (a remote verifier's answer)."""
    return datetime.fromisoformat(value.replace("Z", "+00:00"))
