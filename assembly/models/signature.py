"""EDS signatures kept with what they certify, and notices received on paper (Art. 12(1):
"on paper or as an electronic document certified by an electronic digital signature")."""

from __future__ import annotations

import hashlib
from datetime import datetime

from sqlalchemy import ForeignKey, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from assembly.models.base import Base


class Signature(Base):
    """A verified detached CMS over a canonical document: a notice's (decision_id null) or
    a decision's. Kept whole: the document, the CMS and the signer's certificate."""

    __tablename__ = "signatures"

    id: Mapped[int] = mapped_column(primary_key=True)
    notice_id: Mapped[int] = mapped_column(ForeignKey("notices.id"), index=True)
    decision_id: Mapped[int | None] = mapped_column(ForeignKey("decisions.id"), index=True)
    document: Mapped[str] = mapped_column(Text)  # the canonical text, signed as UTF-8
    document_sha256: Mapped[str] = mapped_column(String(64))
    cms: Mapped[bytes] = mapped_column(LargeBinary)  # DER
    certificate: Mapped[bytes] = mapped_column(LargeBinary)  # the signer's, DER
    signer_iin: Mapped[str | None] = mapped_column(String(12))
    signer_bin: Mapped[str | None] = mapped_column(String(12))
    signer_name: Mapped[str] = mapped_column(String(300))
    # "checked": OCSP or CRL answered good; "unchecked": no answer could be had (officers
    # are told; `problem` says why).
    revocation: Mapped[str] = mapped_column(String(10))
    problem: Mapped[str | None] = mapped_column(Text)
    verified_at: Mapped[datetime]

    def digest(self) -> str:
        """SHA-256 over what the signature is: the document, the CMS, the certificate and
        the revocation status (the audit chain seals it)."""
        parts = [hashlib.sha256(self.document.encode()).hexdigest(), self.document_sha256,
                 hashlib.sha256(self.cms).hexdigest(),
                 hashlib.sha256(self.certificate).hexdigest(), self.revocation]
        return hashlib.sha256("|".join(parts).encode()).hexdigest()


class PaperFiling(Base):
    """A notice received on paper and registered by an officer: when it was received, by
    whom, whether the organizer signed it, and its scan."""

    __tablename__ = "paper_filings"

    id: Mapped[int] = mapped_column(primary_key=True)
    notice_id: Mapped[int] = mapped_column(ForeignKey("notices.id"), unique=True)
    received_at: Mapped[datetime]
    received_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    signed_by_hand: Mapped[bool]
    scan: Mapped[bytes] = mapped_column(LargeBinary)
    scan_type: Mapped[str] = mapped_column(String(100))
    scan_name: Mapped[str] = mapped_column(String(255))
    scan_sha256: Mapped[str] = mapped_column(String(64))
