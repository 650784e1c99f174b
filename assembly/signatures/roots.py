"""Certificates and CRLs from files: a PEM file (one or more), or a folder of PEM or DER
files (`ASSEMBLY_EDS_TRUST_ROOTS`, `ASSEMBLY_EDS_CRLS`)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # asn1crypto loads with the first trust root read, not in every worker
    from asn1crypto import crl as asn1_crl
    from asn1crypto import x509 as asn1_x509

SUFFIXES = {".pem", ".crt", ".cer", ".der", ".crl"}


def _blobs(path: Path) -> list[bytes]:
    """The DER objects in a file or a folder (PEM armour removed)."""
    from asn1crypto import pem

    if not path.exists():
        raise ValueError(f"{path}: no such file or folder")
    files = sorted(p for p in path.iterdir() if p.suffix.lower() in SUFFIXES) \
        if path.is_dir() else [path]
    found: list[bytes] = []
    for file in files:
        raw = file.read_bytes()
        if pem.detect(raw):
            found += [der for _, _, der in pem.unarmor(raw, multiple=True)]
        else:
            found.append(raw)
    return found


def load_certificates(path: Path) -> list[asn1_x509.Certificate]:
    """The certificates of a PEM file or a folder; refuses a path holding none."""
    from asn1crypto import x509 as asn1_x509

    try:
        certificates = [asn1_x509.Certificate.load(der) for der in _blobs(path)]
        for certificate in certificates:
            certificate.native  # noqa: B018 (parse now: a broken file is named at start)
    except ValueError as error:
        raise ValueError(f"{path}: not a certificate ({error})") from error
    if not certificates:
        raise ValueError(f"{path}: no certificate found")
    return certificates


def load_crls(path: Path) -> list[asn1_crl.CertificateList]:
    """The CRLs of a PEM file or a folder."""
    from asn1crypto import crl as asn1_crl

    try:
        lists = [asn1_crl.CertificateList.load(der) for der in _blobs(path)]
        for item in lists:
            item.native  # noqa: B018
    except ValueError as error:
        raise ValueError(f"{path}: not a CRL ({error})") from error
    return lists
