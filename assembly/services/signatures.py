"""EDS signatures of filings and decisions (Art. 12(1); API.md "Signatures").

Whether a filing needs one is the rules' (`procedures.*.signature`, dated); a
deployment may still accept unsigned filings (ASSEMBLY_REQUIRE_EDS=0: training, the
demo), which are then marked `signature_missing`, the one record ground 14.1.5 reads. A
signature is verified over exactly the canonical document (`notices.document`) by the
configured verifier, and its signer must be the organizer (a person's IIN; for a legal
entity its BIN, on an employee's certificate) or the deciding officer."""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path

from assembly import config
from assembly.errors import FieldError, InvalidInput
from assembly.models import Notice, Signature
from assembly.notices.document import Document
from assembly.notices.draft import Organizer
from assembly.signatures.remote import RemoteVerifier
from assembly.signatures.roots import load_certificates, load_crls
from assembly.signatures.verify import SignatureRefused, Verified, Verifier

MAX_SIGNATURE_CHARS = 48_000  # base64 of a CMS with a certificate chain: far less


@dataclass(frozen=True)
class Signing:
    """How this deployment treats signatures: `enforced` (the rules' requirement refuses
    an unsigned filing, 422 signature_required) and the `verifier` (None: no trust roots,
    so no signature can be trusted)."""

    enforced: bool
    verifier: Verifier | None


def signing_from(settings: dict[str, object]) -> Signing:
    """The signing policy of settings shaped as `config.eds_settings()`."""
    verifier: Verifier | None = None
    if settings.get("verifier_url"):
        verifier = RemoteVerifier(str(settings["verifier_url"]))
    elif settings.get("trust_roots"):
        # pyhanko (with aiohttp, ~15 MB) loads with the first signature to verify.
        from assembly.signatures.rsa import RsaVerifier

        crls = settings.get("crls")
        verifier = RsaVerifier(load_certificates(Path(str(settings["trust_roots"]))),
                               load_crls(Path(str(crls))) if crls else (),
                               fetch=bool(settings.get("fetch_revocation")))
    return Signing(enforced=bool(settings.get("require")), verifier=verifier)


@cache
def default_signing() -> Signing:
    """The configured policy (ASSEMBLY_REQUIRE_EDS, ASSEMBLY_EDS_*), read once."""
    return signing_from(config.eds_settings())


def _refused(code: str, **params: str) -> InvalidInput:
    return InvalidInput([FieldError("signature", code, params)])


def verify(signing: Signing, document: Document, signature: str, now: datetime) -> Verified:
    """Verify a base64 detached CMS over the document as of `now`; a refusal is a 422 on
    `signature` with API.md's code, and nothing is stored."""
    if not isinstance(signature, str) or len(signature) > MAX_SIGNATURE_CHARS:
        raise _refused("signature_invalid")
    try:
        cms = base64.b64decode("".join(signature.split()), validate=True)
    except (binascii.Error, ValueError) as error:
        raise _refused("signature_invalid") from error
    if signing.verifier is None:  # no trust roots configured: nothing can be trusted
        raise _refused("signature_untrusted")
    try:
        return signing.verifier.verify(document.data, cms, now)
    except SignatureRefused as refusal:
        raise _refused(refusal.code) from refusal


def is_organizer(verified: Verified, organizer: Organizer) -> bool:
    """Whether the signer is the organizer: the same IIN; for a legal entity, a certificate
    of its employee (the organization's BIN beside the signer's IIN)."""
    signer = verified.signer
    if organizer.kind == "person":
        return signer.iin == organizer.id_number
    return signer.bin == organizer.id_number and bool(signer.iin)


def kept(verified: Verified, document: Document, cms_b64: str, now: datetime) -> Signature:
    """The signature as stored beside what it certifies."""
    signer = verified.signer
    return Signature(
        document=document.text, document_sha256=document.sha256,
        cms=base64.b64decode("".join(cms_b64.split())), certificate=signer.certificate,
        signer_iin=signer.iin, signer_bin=signer.bin, signer_name=signer.name[:300],
        revocation=verified.revocation, problem=verified.problem, verified_at=now)


@dataclass(frozen=True)
class FilingSignature:
    """What filing records of the signature: the one kept (or None), and whether a
    signature the rules require is missing (Art. 14(1)(5))."""

    signature: Signature | None
    missing: bool


def filing_signature(signing: Signing, document: Document, organizer: Organizer,
                     signature: str | None, *, required: bool, now: datetime
                     ) -> FilingSignature:
    """Check an electronic filing's signature (Art. 12(1)): refused when bad, foreign or
    not the organizer's; when absent, refused if the rules require one and the deployment
    enforces them, else recorded as missing where the rules require one."""
    if signature is None:
        if required and signing.enforced:
            raise _refused("signature_required")
        return FilingSignature(None, missing=required)
    verified = verify(signing, document, signature, now)
    if not is_organizer(verified, organizer):
        raise _refused("signer_mismatch")
    return FilingSignature(kept(verified, document, signature, now), missing=False)


def decision_signature(signing: Signing, document: Document, officer_iin: str | None,
                       signature: str | None, now: datetime) -> Signature | None:
    """Check the deciding officer's signature of a decision: required where the deployment
    enforces signatures; the signer's IIN must be the one on the officer's account."""
    if signature is None:
        if signing.enforced:
            raise _refused("signature_required", kind="decision")
        return None
    verified = verify(signing, document, signature, now)
    if not officer_iin or verified.signer.iin != officer_iin:
        raise _refused("signer_mismatch")
    return kept(verified, document, signature, now)


def signature_status(notice: Notice) -> str:
    """How the organizer's signature stands, as officers and the API say it: "verified",
    "revocation_unchecked" (officers check the certificate themselves), "missing" (the
    rules required one: ground 14.1.5), "not_required", or "signed_on_paper"."""
    if notice.signature is not None:
        return "verified" if notice.signature.revocation == "checked" else "revocation_unchecked"
    if notice.signature_missing:
        return "missing"
    if notice.channel == "paper":
        return "signed_on_paper"
    return "not_required"
