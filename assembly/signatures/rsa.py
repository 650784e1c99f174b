"""The in-process verifier of RSA (and ECDSA) signatures: pyhanko's CMS validation with
pyhanko-certvalidator's path building to the trust roots, validity at the time, key
usage, and revocation by CRL or OCSP where configured."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine, Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from typing import Any, TypeVar

from asn1crypto import cms
from asn1crypto import crl as asn1_crl
from asn1crypto import x509 as asn1_x509
from pyhanko.sign.ades.report import AdESIndeterminate
from pyhanko.sign.validation.generic_cms import async_validate_detached_cms
from pyhanko.sign.validation.settings import KeyUsageConstraints
from pyhanko.sign.validation.status import StandardCMSSignatureStatus
from pyhanko_certvalidator import ValidationContext

from assembly.signatures.verify import SignatureRefused, Verified, signer_from_subject

# A signing key of the National Certification Authority allows digital signatures and
# non-repudiation; either is enough for a document certified by an EDS.
KEY_USAGE = KeyUsageConstraints(key_usage={"digital_signature", "non_repudiation"},
                                match_all_key_usages=False)
EXPIRED = {AdESIndeterminate.OUT_OF_BOUNDS_NO_POE, AdESIndeterminate.OUT_OF_BOUNDS_NOT_REVOKED,
           AdESIndeterminate.EXPIRED, AdESIndeterminate.NOT_YET_VALID}
MAX_CMS_BYTES = 64 * 1024
T = TypeVar("T")

# pyhanko logs every failed path with its traceback: a refused signature is no error of ours.
logging.getLogger("pyhanko").setLevel(logging.CRITICAL)
logging.getLogger("pyhanko_certvalidator").setLevel(logging.CRITICAL)


def signed_data(signature: bytes) -> cms.SignedData:
    """The SignedData of a detached CMS with one signer, or signature_invalid."""
    if len(signature) > MAX_CMS_BYTES:
        raise SignatureRefused("signature_invalid", "too large")
    try:
        info = cms.ContentInfo.load(signature, strict=True)
        if info["content_type"].native != "signed_data":
            raise ValueError("not signed data")
        data = info["content"]
        if len(data["signer_infos"]) != 1:
            raise ValueError("exactly one signer expected")
        data.native  # noqa: B018 (parse it all now)
    except (ValueError, TypeError, KeyError) as error:
        raise SignatureRefused("signature_invalid", str(error)) from error
    if data["encap_content_info"]["content"].native is not None:
        raise SignatureRefused("signature_invalid", "not a detached signature")
    return data


class RsaVerifier:
    """Verifies in process, to `roots`; revocation from `crls` and, with `fetch`, from the
    OCSP responders and CRL points the certificates name."""

    def __init__(self, roots: Sequence[asn1_x509.Certificate],
                 crls: Sequence[asn1_crl.CertificateList] = (), fetch: bool = False):
        self.roots = list(roots)
        self.crls = list(crls)
        self.fetch = fetch

    def _status(self, data: bytes, signed: cms.SignedData, at: datetime,
                mode: str) -> StandardCMSSignatureStatus:
        context = ValidationContext(
            trust_roots=self.roots, moment=at, revocation_mode=mode,
            crls=self.crls if mode == "hard-fail" else [],
            allow_fetching=self.fetch and mode == "hard-fail",
        )
        try:
            return _run_to_end(lambda: async_validate_detached_cms(
                data, signed, signer_validation_context=context, key_usage_settings=KEY_USAGE))
        except Exception as error:  # pyhanko refuses malformed structures by raising
            raise SignatureRefused("signature_invalid", str(error)) from error

    def verify(self, data: bytes, cms_der: bytes, at: datetime) -> Verified:
        """Verify a detached CMS over `data` as of `at` (the time the server received it)."""
        signed = signed_data(cms_der)
        checks_revocation = bool(self.crls) or self.fetch
        status = self._status(data, signed, at, "hard-fail" if checks_revocation else "soft-fail")
        validity = status.signing_cert["tbs_certificate"]["validity"]
        if status.intact and status.valid and not (
                validity["not_before"].native <= at <= validity["not_after"].native):
            raise SignatureRefused("signature_expired", "outside the certificate's validity")
        _refuse_unless_sound(status)
        revocation, problem = "checked", None
        if not checks_revocation:
            revocation, problem = "unchecked", "no OCSP or CRL configured"
        elif not status.trusted:
            # Hard-fail found no answer: trusted otherwise? Then keep it, unchecked.
            status = self._status(data, signed, at, "soft-fail")
            _refuse_unless_sound(status)
            if not status.trusted:
                raise SignatureRefused("signature_untrusted", str(status.trust_problem_indic))
            revocation, problem = "unchecked", "no revocation answer (OCSP or CRL)"
        certificate = status.signing_cert
        return Verified(signer_from_subject(certificate.subject.native, certificate.dump()),
                        revocation, problem)  # type: ignore[arg-type]


def _run_to_end(make: Callable[[], Coroutine[Any, Any, T]]) -> T:
    """Run pyhanko's coroutine to its end from synchronous code: in this thread, or, where
    this thread already runs an event loop (an async caller), in a thread of its own."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(make())
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(lambda: asyncio.run(make())).result()


def _refuse_unless_sound(status: StandardCMSSignatureStatus) -> None:
    """Refuse a broken or changed signature, a revoked or expired certificate, and a
    chain to no trust root (soft problems of revocation are left to the caller)."""
    if not (status.intact and status.valid):
        raise SignatureRefused("signature_invalid", "the signature does not match the document")
    if status.revoked or status.trust_problem_indic == AdESIndeterminate.REVOKED_CA_NO_POE:
        raise SignatureRefused("signature_revoked")
    if status.trust_problem_indic in EXPIRED:
        raise SignatureRefused("signature_expired", str(status.trust_problem_indic))
    if not status.trusted and status.trust_problem_indic not in (
            AdESIndeterminate.CERTIFICATE_CHAIN_GENERAL_FAILURE,
            AdESIndeterminate.REVOCATION_OUT_OF_BOUNDS_NO_POE,
            AdESIndeterminate.TRY_LATER):
        raise SignatureRefused("signature_untrusted", str(status.trust_problem_indic))
